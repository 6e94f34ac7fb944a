// AWS's SAML sign-in endpoints and audiences, per partition: what a response's Recipient and Audience must name.

/** The sign-in host of each partition (global; regional endpoints are `<region>.<host>`). */
const SIGN_IN_HOSTS: Readonly<Record<string, string>> = {
  aws: 'signin.aws.amazon.com',
  'aws-cn': 'signin.amazonaws.cn',
  'aws-us-gov': 'signin.amazonaws-us-gov.com',
};

/** The URN audience IAM documents for SAML ("urn:amazon:webservices"), and its China and GovCloud forms. */
const URN_AUDIENCES: Readonly<Record<string, string[]>> = {
  aws: ['urn:amazon:webservices'],
  'aws-cn': ['urn:amazon:webservices:cn-north-1', 'urn:amazon:webservices'],
  'aws-us-gov': ['urn:amazon:webservices:govcloud', 'urn:amazon:webservices'],
};

function hostOf(partition: string): string {
  return SIGN_IN_HOSTS[partition] ?? SIGN_IN_HOSTS.aws!;
}

/**
 * Whether a Recipient (SubjectConfirmationData) is one of the partition's SAML sign-in endpoints:
 * `https://<host>/saml` or a regional `https://<region>.<host>/saml`, optionally with the provider's
 * `/acs/<id>` suffix that regional encrypted-assertion set-ups use.
 */
export function isSignInEndpoint(recipient: string, partition: string): boolean {
  const host = hostOf(partition).replace(/\./g, '\\.');
  return new RegExp(`^https://([a-z]{2}(-[a-z]+)+-\\d\\.)?${host}/saml(/acs/[A-Za-z0-9]{1,64})?$`).test(recipient);
}

/** Whether an Audience is one AWS accepts for the partition: a sign-in endpoint, or the SAML URN. */
export function isSamlAudience(audience: string, partition: string): boolean {
  return (URN_AUDIENCES[partition] ?? URN_AUDIENCES.aws!).includes(audience) || isSignInEndpoint(audience, partition);
}
