// Policy:IAMUser/RootCredentialUsage: an API called with the account root user's credentials.
import type { TrailDetection } from './types.js';
import { apiCallFinding, remoteIpOf, SEVERITY, sourceText } from './api-call-finding.js';
import { isApiCall } from './record-facts.js';

export const ROOT_CREDENTIAL_USAGE = 'Policy:IAMUser/RootCredentialUsage';

/**
 * Every API call the root user makes itself. Not events a service recorded on its own (AwsServiceEvent) nor calls
 * an AWS service made for the root user (their source is the service's domain, not an address): the root user's
 * credentials were not used from anywhere in those.
 */
export const rootCredentialUsage: TrailDetection = {
  name: 'root-credential-usage',
  findingTypes: [ROOT_CREDENTIAL_USAGE],
  async detect(scope, record) {
    if (!isApiCall(record) || record.userIdentity?.type !== 'Root' || remoteIpOf(record) === undefined) return [];
    const api = record.eventName;
    return [
      apiCallFinding(scope, record, {
        type: ROOT_CREDENTIAL_USAGE,
        severity: SEVERITY.LOW,
        title: `The API ${api} was invoked using root credentials.`,
        description: `The API ${api} was invoked using root credentials from IP address ${sourceText(record)}.`,
      }),
    ];
  },
};
