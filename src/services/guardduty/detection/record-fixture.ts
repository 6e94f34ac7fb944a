// CloudTrail records for detection tests: one call as CloudTrail writes it, with the fields a test changes.
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { UserIdentityElement } from '../../../audit/user-identity.js';

export const ACCOUNT = '111122223333';

/** Identities as CloudTrail writes them. */
export const IDENTITIES = {
  root: {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAROOTROOTROOT0001',
  },
  user: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSER00001',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAEXAMPLEALICE0001',
    userName: 'alice',
  },
  role: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEROLE00001:deploy',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/deploy`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEROLE00001',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLE00001',
        arn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
        accountId: ACCOUNT,
        userName: 'Deployer',
      },
      webIdFederationData: {},
      attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  service: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
} satisfies Record<string, UserIdentityElement>;

/** A successful management call by alice from 198.51.100.7 unless the overrides say otherwise. */
export function trailRecord(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.11',
    userIdentity: IDENTITIES.user,
    eventTime: '2026-01-01T12:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22',
    requestParameters: null,
    responseElements: null,
    requestID: 'req-1',
    eventID: 'evt-1',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}
