// STS AssumeRoleWithSAML: refused with a clear 501, because Warden cannot verify a SAML assertion's XML signature.
import { AwsError } from '../../aws/error.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from '../../aws/generated/sts.js';
import type { RequestContext } from '../../core/runtime.js';

/**
 * A SAML response is only as trustworthy as its XML signature, and checking one needs exclusive XML
 * canonicalization (xml-exc-c14n) and XML-DSig reference processing, which Warden does not implement. Accepting
 * assertions unverified would hand out role credentials to anyone who can write XML, so the operation answers
 * NotImplemented instead of a success it could not stand behind.
 */
export async function assumeRoleWithSAML(
  _ctx: RequestContext,
  _input: AssumeRoleWithSAMLRequest,
): Promise<AssumeRoleWithSAMLResponse> {
  throw new AwsError(
    'NotImplemented',
    'Warden does not implement sts:AssumeRoleWithSAML: it cannot verify the XML signature of SAML assertions.',
    { status: 501, fault: 'Receiver' },
  );
}
