// Test helper: a Warden account federated with a test SAML IdP — its IAM provider, an unsigned STS client to federate
// through, the trust statement of the provider's sessions and the NameQualifier AWS derives for them.
import { createHash } from 'node:crypto';
import { CreateSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { createTestSamlIdp, type TestSamlIdp } from './saml-idp.js';
import type { TestWarden } from './warden.js';

export const SAML_ENTITY_ID = 'https://idp.example.com/saml/metadata';
export const SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

export interface SamlFederation {
  iam: IAMClient;
  /** An STS client without credentials: AssumeRoleWithSAML is not signed. */
  anonymous: STSClient;
  idp: TestSamlIdp;
  providerArn: string;
}

/** A new IdP (entity SAML_ENTITY_ID) registered by root as the SAML provider `name`, and the clients to use it. */
export async function samlFederation(w: TestWarden, name = 'corp'): Promise<SamlFederation> {
  const iam = new IAMClient(w.clientConfig);
  const anonymous = new STSClient({ endpoint: w.endpoint, region: 'us-east-1', maxAttempts: 1 });
  const idp = createTestSamlIdp(SAML_ENTITY_ID);
  const providerArn = (
    await iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: idp.metadata() }))
  ).SAMLProviderArn!;
  return { iam, anonymous, idp, providerArn };
}

/** A trust statement admitting the provider's SAML sessions for AWS's audience (and these further actions). */
export function samlTrustStatement(
  providerArn: string,
  condition: Record<string, Record<string, unknown>> = {},
  actions: string[] = [],
) {
  return {
    Effect: 'Allow',
    Principal: { Federated: providerArn },
    Action: ['sts:AssumeRoleWithSAML', ...actions],
    Condition: { StringEquals: { 'saml:aud': SAML_AUDIENCE }, ...condition },
  };
}

/** NameQualifier as AWS documents it: base64 SHA-1 of the issuer, the account id and the provider's name. */
export function samlNameQualifier(accountId: string, providerName = 'corp', issuer = SAML_ENTITY_ID): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}
