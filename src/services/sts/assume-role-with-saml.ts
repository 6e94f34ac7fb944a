// STS AssumeRoleWithSAML: role credentials for a SAML 2.0 response signed by a key of the named IAM SAML provider.
import { createHash } from 'node:crypto';
import { AwsError } from '../../aws/error.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from '../../aws/generated/sts.js';
import type { ContextValue } from '../../policy/index.js';
import type { RequestContext } from '../../core/runtime.js';
import { inPartition } from '../iam/policies/arns.js';
import { parseProviderArn } from '../iam/federation/providers.js';
import { getSamlProvider, type SamlProviderRecord } from '../iam/federation/saml-providers.js';
import { authorizeAssumeRole } from './authorize-assume-role.js';
import { roleSessionSeconds } from './durations.js';
import { credentialsOf, expirationAfter, issue, recordIssued, sessionStart } from './issue.js';
import { packedPolicySize } from './packed-size.js';
import { parseRoleArn } from './role-arn.js';
import { acceptSessionPolicies } from './session-policies.js';
import { acceptSessionTags, type SessionTags, type TagInput } from './session-tags.js';
import { findTargetRole, noteRoleUsed } from './target-role.js';
import { assertSuccessStatus, readAssertion, type SamlAssertionFacts } from './saml/assertion.js';
import { mappedAttributeKeys, rolePaired, sessionAttributes } from './saml/attributes.js';
import {
  ISSUER_MISMATCH,
  PROVIDER_MISSING,
  RESPONSE_EXPIRED,
  SIGNATURE_INVALID,
  expiredSaml,
  invalidSaml,
  samlAccessDenied,
} from './saml/errors.js';
import { redeemOnce } from './saml/replay.js';
import { EncryptedAssertionFound, SignatureInvalid, verifySamlResponse } from './saml/signature.js';
import { XmlRefused } from './saml/xml.js';

const NAMEID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

/** SubjectType as AWS answers it: the SAML 2.0 NameID format's last part, any other format whole. */
function subjectType(format: string): string {
  return format.startsWith(NAMEID_FORMAT_PREFIX) ? format.slice(NAMEID_FORMAT_PREFIX.length) : format;
}

/** NameQualifier: BASE64(SHA1(issuer + account id + "/" + provider name)), as STS documents it. */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`, 'utf8').digest('base64');
}

/** The SAML provider PrincipalArn names, in the request's partition; AWS's "Specified provider doesn't exist." else. */
async function samlProvider(ctx: RequestContext, principalArn: string): Promise<SamlProviderRecord> {
  const parsed = parseProviderArn('saml', principalArn);
  const provider =
    parsed && parsed.partition === ctx.partition
      ? await getSamlProvider(ctx.runtime.store.db, principalArn)
      : undefined;
  if (!provider) throw invalidSaml(PROVIDER_MISSING);
  return provider;
}

/** The response's XML, from the base64 text IdPs post (line breaks allowed). */
function responseXml(assertion: string): string {
  const base64 = assertion.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalidSaml('The SAMLAssertion is not base64 text.');
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** Verifies the signature and shape, mapping the verifier's refusals to STS's errors. */
function verified(xml: string, provider: SamlProviderRecord) {
  try {
    return verifySamlResponse(xml, provider.signingCertificates);
  } catch (err) {
    if (err instanceof SignatureInvalid) throw invalidSaml(SIGNATURE_INVALID);
    if (err instanceof XmlRefused) throw invalidSaml(`Invalid SAML response: ${err.message}.`);
    if (err instanceof EncryptedAssertionFound) {
      throw new AwsError(
        'NotImplemented',
        'Warden does not implement sts:AssumeRoleWithSAML for encrypted assertions (EncryptedAssertion).',
        { status: 501, fault: 'Receiver' },
      );
    }
    throw err;
  }
}

/** The trust policy's view of the response: the saml: keys, and the request's sts: and tag keys. */
function requestContext(
  facts: SamlAssertionFacts,
  provider: SamlProviderRecord,
  providerArn: string,
  qualifier: string,
  sessionName: string,
  tags: SessionTags,
  requestedTags: TagInput[],
  sourceIdentity: string | undefined,
): Record<string, ContextValue | undefined> {
  const context: Record<string, ContextValue | undefined> = {
    ...mappedAttributeKeys(facts.attributes),
    'saml:aud': facts.recipient,
    'saml:iss': facts.issuer,
    'saml:sub': facts.subject,
    'saml:sub_type': subjectType(facts.subjectFormat),
    'saml:namequalifier': qualifier,
    'saml:doc': `${provider.accountId}/${provider.name}`,
    'aws:FederatedProvider': providerArn,
    'sts:RoleSessionName': sessionName,
    'sts:SourceIdentity': sourceIdentity,
  };
  if (tags.requested) {
    for (const tag of requestedTags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    context['aws:TagKeys'] = requestedTags.map((t) => t.Key);
    if (tags.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = tags.transitiveTagKeys;
  }
  return context;
}

/**
 * Unsigned: the SAML response is the credential. It must verify against a signing certificate of the IAM SAML
 * provider PrincipalArn names (./saml/signature.ts: signature wrapping, DTDs, unsigned or extra assertions refused),
 * come from that provider's entityID, be addressed to AWS's sign-in endpoint and audience and be within its times
 * (./saml/assertion.ts), and pair RoleArn with PrincipalArn in its Role attribute. The role's trust policy must then
 * allow sts:AssumeRoleWithSAML to the provider (`Principal: {Federated: <provider ARN>}`) on the saml: keys, with
 * sts:TagSession for PrincipalTag attributes and sts:SetSourceIdentity for a SourceIdentity. An assertion is
 * redeemed once per role (./saml/replay.ts).
 */
export async function assumeRoleWithSAML(
  ctx: RequestContext,
  input: AssumeRoleWithSAMLRequest,
): Promise<AssumeRoleWithSAMLResponse> {
  const db = ctx.runtime.store.db;
  const ref = parseRoleArn(input.RoleArn);
  if (ref === undefined) throw samlAccessDenied();
  const provider = await samlProvider(ctx, input.PrincipalArn);
  const providerArn = inPartition(provider.arn, ctx.partition);
  const policies = await acceptSessionPolicies(db, input, ref.accountId, ctx.partition);
  if (provider.validUntil.getTime() <= ctx.receivedAt.getTime()) {
    throw invalidSaml('The metadata of the specified provider has expired (ValidUntil).');
  }
  const response = verified(responseXml(input.SAMLAssertion), provider);
  if (provider.assertionEncryptionMode === 'Required') {
    throw invalidSaml('The specified provider requires encrypted assertions.');
  }
  assertSuccessStatus(response.response);
  const facts = readAssertion(response.assertion, ctx.partition, ctx.receivedAt);
  if (
    facts.issuer !== provider.entityId ||
    (response.signedResponseIssuer !== undefined && response.signedResponseIssuer !== provider.entityId)
  ) {
    throw invalidSaml(ISSUER_MISMATCH);
  }
  if (!rolePaired(facts.attributes, input.RoleArn, input.PrincipalArn)) throw samlAccessDenied();
  const session = sessionAttributes(facts.attributes);
  const tags = acceptSessionTags(session.tags, session.transitiveTagKeys, undefined);
  const sourceIdentity = session.sourceIdentity;
  const qualifier = nameQualifier(facts.issuer, provider.accountId, provider.name);
  const role = await findTargetRole(db, ref, ctx.partition);

  const target = await authorizeAssumeRole(ctx, {
    action: 'sts:AssumeRoleWithSAML',
    requestedArn: input.RoleArn,
    role,
    tagging: tags.requested,
    sourceIdentity: sourceIdentity !== undefined,
    provider: providerArn,
    context: requestContext(
      facts,
      provider,
      providerArn,
      qualifier,
      session.sessionName,
      tags,
      session.tags,
      sourceIdentity,
    ),
  });

  // SessionDuration and SessionNotOnOrAfter may shorten the session, never lengthen it.
  let seconds = roleSessionSeconds(input.DurationSeconds, target.maxSessionDuration, false);
  if (session.sessionDuration !== undefined) seconds = Math.min(seconds, session.sessionDuration);
  const issuedAt = sessionStart(ctx);
  let expiration = expirationAfter(issuedAt, seconds);
  if (facts.sessionNotOnOrAfter !== undefined && facts.sessionNotOnOrAfter < expiration) {
    expiration = new Date(Math.floor(facts.sessionNotOnOrAfter.getTime() / 1000) * 1000);
    if (expiration <= issuedAt) throw expiredSaml(RESPONSE_EXPIRED);
  }
  const packed = packedPolicySize({ ...policies, tags: tags.tags });
  const sessionPolicyGiven = policies.policy !== undefined || policies.policyArns !== undefined;
  const tagged = Object.keys(tags.tags).length > 0;

  await redeemOnce(
    db,
    {
      accountId: provider.accountId,
      providerArn: provider.arn,
      assertionId: facts.id,
      roleArn: target.arn,
      keepUntil: facts.acceptableUntil,
    },
    ctx.receivedAt,
  );
  const issued = issue(ctx, {
    accountId: target.accountId,
    partition: ctx.partition,
    kind: 'AssumeRoleWithSAML',
    issuer: {
      type: 'Role',
      principalId: target.roleId,
      arn: target.arn,
      accountId: target.accountId,
      name: target.name,
    },
    sessionName: session.sessionName,
    issuedAt,
    expiration,
    mfaAuthenticated: false,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(tagged ? { tags: tags.tags, transitiveTagKeys: tags.transitiveTagKeys } : {}),
    ...policies,
    federatedProvider: providerArn,
    // The keys AWS documents for the role's permission policies, so later requests can be scoped per user.
    saml: {
      'saml:namequalifier': qualifier,
      'saml:sub': facts.subject,
      'saml:sub_type': subjectType(facts.subjectFormat),
    },
  });
  await noteRoleUsed(db, target, ctx.receivedAt, ctx.region);
  ctx.audit.resources = [{ ARN: target.arn, accountId: target.accountId, type: 'AWS::IAM::Role' }];

  return recordIssued(ctx, {
    Credentials: credentialsOf(issued),
    AssumedRoleUser: {
      AssumedRoleId: `${target.roleId}:${session.sessionName}`,
      Arn: `arn:${ctx.partition}:sts::${target.accountId}:assumed-role/${target.name}/${session.sessionName}`,
    },
    Subject: facts.subject,
    SubjectType: subjectType(facts.subjectFormat),
    Issuer: facts.issuer,
    Audience: facts.recipient,
    NameQualifier: qualifier,
    ...(sessionPolicyGiven || tagged ? { PackedPolicySize: packed } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  });
}
