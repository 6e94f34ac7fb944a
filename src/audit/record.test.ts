import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../aws/error.js';
import type { CallerIdentity } from '../aws/identity.js';
import { buildAuditRecord, buildAuditRecords, type AuditInput } from './record.js';
import { HIDDEN } from './redact.js';
import { isReadOnlyOperation } from './read-only.js';
import { auditRowOf } from './row.js';
import { serviceDescriptors } from '../services/registry.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const root: CallerIdentity = {
  type: 'Root',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  principalId: ACCOUNT,
  accessKeyId: 'AKIAROOTEXAMPLE00001',
};

const user: CallerIdentity = {
  type: 'IAMUser',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAEXAMPLEEXAMPLE01',
  userName: 'alice',
  accessKeyId: 'AKIAUSEREXAMPLE00001',
};

const assumedRole: CallerIdentity = {
  type: 'AssumedRole',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-run-7`,
  principalId: 'AROAEXAMPLEEXAMPLE01:ci-run-7',
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  session: {
    kind: 'AssumeRole',
    issuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEEXAMPLE01',
      arn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
      accountId: ACCOUNT,
      userName: 'Deployer',
    },
    creationDate: new Date('2026-11-28T00:59:00.250Z'),
    expiration: new Date('2026-11-28T01:59:00Z'),
    mfaAuthenticated: true,
    sourceIdentity: 'alice',
  },
};

function input(overrides: Partial<AuditInput>): AuditInput {
  const service = overrides.service ?? 'sts';
  return {
    requestId: 'req-1',
    service,
    // The pipeline takes it from the service's descriptor.
    eventSource: serviceDescriptors().get(service)!.eventSource,
    operation: 'GetCallerIdentity',
    region: 'us-east-1',
    identity: root,
    sourceIp: '192.0.2.10',
    userAgent: 'aws-cli/2.0',
    time: new Date('2026-11-28T01:02:03.789Z'),
    input: {},
    output: { UserId: ACCOUNT, Account: ACCOUNT, Arn: root.arn },
    ...overrides,
  };
}

describe('buildAuditRecord', () => {
  test('a read by the root user: the record carries every field CloudTrail writes, in its order', () => {
    const record = buildAuditRecord(input({}));
    assert.deepEqual(Object.keys(record), [
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'requestID',
      'eventID',
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ]);
    assert.equal(record.eventVersion, '1.11');
    assert.deepEqual(record.userIdentity, {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOTEXAMPLE00001',
    });
    assert.equal(record.eventTime, '2026-11-28T01:02:03Z');
    assert.equal(record.eventSource, 'sts.amazonaws.com');
    assert.equal(record.eventName, 'GetCallerIdentity');
    assert.equal(record.readOnly, true);
    // No parameters and a read: both null, as CloudTrail writes them.
    assert.equal(record.requestParameters, null);
    assert.equal(record.responseElements, null);
    assert.equal(record.requestID, 'req-1');
    // A GUID, as CloudTrail documents; time-ordered (version 7) with the call's time in its first 48 bits.
    assert.match(record.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(record.eventID.replace('-', '').slice(0, 12), 16), Date.parse('2026-11-28T01:02:03.789Z'));
    assert.equal(record.eventType, 'AwsApiCall');
    assert.equal(record.managementEvent, true);
    assert.equal(record.recipientAccountId, ACCOUNT);
    assert.equal(record.eventCategory, 'Management');
    assert.equal(record.tlsDetails, undefined);
  });

  test('a write by an IAM user: camel-cased parameters, redacted response elements, no secret anywhere', () => {
    const record = buildAuditRecord(
      input({
        service: 'iam',
        operation: 'CreateAccessKey',
        identity: user,
        input: { UserName: 'bob' },
        output: {
          AccessKey: {
            UserName: 'bob',
            AccessKeyId: 'AKIANEWKEYEXAMPLE001',
            Status: 'Active',
            SecretAccessKey: SECRET,
            CreateDate: new Date('2026-11-28T01:02:03Z'),
          },
        },
      }),
    );
    assert.equal(record.eventSource, 'iam.amazonaws.com');
    assert.equal(record.readOnly, false);
    assert.deepEqual(record.userIdentity, {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEEXAMPLE01',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAUSEREXAMPLE00001',
      userName: 'alice',
    });
    assert.deepEqual(record.requestParameters, { userName: 'bob' });
    assert.deepEqual(record.responseElements, {
      accessKey: {
        userName: 'bob',
        accessKeyId: 'AKIANEWKEYEXAMPLE001',
        status: 'Active',
        secretAccessKey: HIDDEN,
        createDate: '2026-11-28T01:02:03Z',
      },
    });
    assert.ok(!JSON.stringify(record).includes(SECRET));
  });

  test('an assumed-role session: sessionContext names the issuing role, MFA and the source identity', () => {
    const record = buildAuditRecord(input({ identity: assumedRole }));
    assert.deepEqual(record.userIdentity, {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEEXAMPLE01:ci-run-7',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-run-7`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      sessionContext: {
        sourceIdentity: 'alice',
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEEXAMPLE01',
          arn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
          accountId: ACCOUNT,
          userName: 'Deployer',
        },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-28T00:59:00Z', mfaAuthenticated: 'true' },
      },
    });
  });

  test('a session from GetSessionToken has an empty sessionIssuer', () => {
    const record = buildAuditRecord(
      input({
        identity: {
          ...user,
          accessKeyId: 'ASIASESSIONEXAMPLE01',
          session: {
            kind: 'GetSessionToken',
            creationDate: new Date('2026-11-28T00:00:00Z'),
            expiration: new Date('2026-11-28T12:00:00Z'),
            mfaAuthenticated: false,
          },
        },
      }),
    );
    assert.deepEqual(record.userIdentity.sessionContext, {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: '2026-11-28T00:00:00Z', mfaAuthenticated: 'false' },
    });
  });

  test('failed authentication: an Unknown identity with what is known, the error, and no response', () => {
    const record = buildAuditRecord(
      input({
        service: 'iam',
        operation: 'ListUsers',
        identity: undefined,
        failedCaller: { accessKeyId: 'AKIAUSEREXAMPLE00001', accountId: ACCOUNT },
        input: undefined,
        output: undefined,
        error: new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match.'),
      }),
    );
    assert.deepEqual(record.userIdentity, { type: 'Unknown', accountId: ACCOUNT, accessKeyId: 'AKIAUSEREXAMPLE00001' });
    assert.equal(record.errorCode, 'SignatureDoesNotMatch');
    assert.equal(record.errorMessage, 'The request signature we calculated does not match.');
    assert.equal(record.requestParameters, null);
    assert.equal(record.responseElements, null);
    assert.equal(record.recipientAccountId, ACCOUNT);
    assert.ok(Object.keys(record).indexOf('errorCode') < Object.keys(record).indexOf('requestParameters'));
  });

  test('a failed write keeps its parameters but records no response elements', () => {
    const record = buildAuditRecord(
      input({
        service: 'iam',
        operation: 'CreateUser',
        identity: user,
        input: { UserName: 'bob' },
        output: undefined,
        error: new AwsError('EntityAlreadyExists', 'User with name bob already exists.'),
      }),
    );
    assert.deepEqual(record.requestParameters, { userName: 'bob' });
    assert.equal(record.responseElements, null);
  });

  test('an unsigned web-identity call is attributed to the token subject and recorded for the role owner', () => {
    const record = buildAuditRecord(
      input({
        operation: 'AssumeRoleWithWebIdentity',
        identity: { type: 'Anonymous', accountId: '', partition: 'aws', arn: '', principalId: 'anonymous' },
        input: {
          RoleArn: `arn:aws:iam::${OTHER}:role/WebApp`,
          RoleSessionName: 'web',
          WebIdentityToken: 'eyJhbGciOi.secret.jwt',
        },
        output: {
          Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: SECRET, SessionToken: 'tok', Expiration: new Date(0) },
          SubjectFromWebIdentityToken: 'user-123',
          Provider: 'accounts.google.com',
          Audience: 'app.apps.googleusercontent.com',
        },
      }),
    );
    assert.deepEqual(record.userIdentity, {
      type: 'WebIdentityUser',
      principalId: 'accounts.google.com:app.apps.googleusercontent.com:user-123',
      userName: 'user-123',
      identityProvider: 'accounts.google.com',
    });
    assert.equal(record.recipientAccountId, OTHER);
    assert.equal((record.requestParameters as Record<string, unknown>).webIdentityToken, HIDDEN);
    const text = JSON.stringify(record);
    assert.ok(!text.includes('eyJhbGciOi') && !text.includes(SECRET));
  });

  test("the handler's notes override parameters and responses, add resources and additional data", () => {
    const record = buildAuditRecord(
      input({
        service: 'kms',
        operation: 'Decrypt',
        input: { CiphertextBlob: Buffer.from('x') },
        output: { Plaintext: Buffer.from('secret') },
        notes: {
          requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', password: 'leak' },
          responseElements: { keyId: 'k' },
          resources: [{ ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`, accountId: ACCOUNT, type: 'AWS::KMS::Key' }],
          additionalEventData: { keyMaterialId: 'abc', when: new Date('2026-01-01T00:00:00Z') },
        },
      }),
    );
    assert.deepEqual(record.requestParameters, { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', password: HIDDEN });
    assert.deepEqual(record.responseElements, { keyId: 'k' });
    assert.deepEqual(record.resources, [
      { accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k` },
    ]);
    assert.deepEqual(record.additionalEventData, { keyMaterialId: 'abc', when: '2026-01-01T00:00:00Z' });
    assert.equal(record.readOnly, true);
  });

  test('notes may hide the request parameters entirely', () => {
    const record = buildAuditRecord(
      input({ service: 'iam', operation: 'CreateUser', input: { UserName: 'x' }, notes: { requestParameters: null } }),
    );
    assert.equal(record.requestParameters, null);
  });

  test('tlsDetails appear only for calls that came over TLS', () => {
    const tls = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'warden.local',
    };
    const record = buildAuditRecord(input({ tls }));
    assert.deepEqual(record.tlsDetails, tls);
    assert.equal(Object.keys(record).at(-1), 'tlsDetails');
  });
});

describe('buildAuditRecords', () => {
  test("a call naming another account's resource is recorded for both accounts under one sharedEventID", () => {
    const records = buildAuditRecords(
      input({
        operation: 'AssumeRole',
        identity: user,
        input: { RoleArn: `arn:aws:iam::${OTHER}:role/Audit`, RoleSessionName: 's' },
        notes: { resources: [{ ARN: `arn:aws:iam::${OTHER}:role/Audit`, accountId: OTHER, type: 'AWS::IAM::Role' }] },
      }),
    );
    assert.equal(records.length, 2);
    const [mine, theirs] = records;
    assert.equal(mine.recipientAccountId, ACCOUNT);
    assert.equal(theirs.recipientAccountId, OTHER);
    assert.ok(mine.sharedEventID);
    assert.equal(mine.sharedEventID, theirs.sharedEventID);
    assert.notEqual(mine.eventID, theirs.eventID);
    const keys = Object.keys(mine);
    assert.equal(keys[keys.indexOf('recipientAccountId') + 1], 'sharedEventID');
  });

  test('a call on its own account yields one record without sharedEventID', () => {
    const records = buildAuditRecords(
      input({ notes: { resources: [{ ARN: `arn:aws:iam::${ACCOUNT}:role/r`, accountId: ACCOUNT }] } }),
    );
    assert.equal(records.length, 1);
    assert.equal(records[0].sharedEventID, undefined);
  });
});

describe('isReadOnlyOperation', () => {
  test('reads by prefix and by name; writes are not reads', () => {
    for (const op of [
      'GetUser',
      'ListRoles',
      'DescribeKey',
      'LookupEvents',
      'SimulatePrincipalPolicy',
      'BatchGetFindings',
      'DecodeAuthorizationMessage',
      'GetCallerIdentity',
      'AssumeRole',
      'Decrypt',
      'GenerateDataKey',
    ]) {
      assert.equal(isReadOnlyOperation(op), true, op);
    }
    for (const op of [
      'CreateUser',
      'DeleteTrail',
      'PutRolePolicy',
      'StartLogging',
      'Getaway',
      'ListenerCreate',
      'CreateKey',
      'ScheduleKeyDeletion',
    ]) {
      assert.equal(isReadOnlyOperation(op), false, op);
    }
  });
});

describe('auditRowOf', () => {
  test('derives the lookup columns from the record', () => {
    const record = buildAuditRecord(
      input({
        identity: assumedRole,
        operation: 'GetCallerIdentity',
        notes: {
          resources: [
            { ARN: `arn:aws:iam::${ACCOUNT}:role/Deployer`, accountId: ACCOUNT, type: 'AWS::IAM::Role' },
            { ARN: `arn:aws:iam::${ACCOUNT}:user/x`, accountId: ACCOUNT },
          ],
        },
      }),
    );
    const row = auditRowOf(record);
    assert.equal(row.event_id, record.eventID);
    assert.equal(row.event_time, Date.parse('2026-11-28T01:02:03Z'));
    assert.equal(row.recipient_account_id, ACCOUNT);
    assert.equal(row.event_source, 'sts.amazonaws.com');
    assert.equal(row.username, 'ci-run-7');
    assert.equal(row.access_key_id, 'ASIAEXAMPLEEXAMPLE01');
    assert.equal(row.read_only, 1);
    assert.deepEqual(JSON.parse(row.resource_names!), [
      `arn:aws:iam::${ACCOUNT}:role/Deployer`,
      `arn:aws:iam::${ACCOUNT}:user/x`,
    ]);
    assert.deepEqual(JSON.parse(row.resource_types!), ['AWS::IAM::Role', '']);
    assert.deepEqual(JSON.parse(row.record), record);
  });

  test('root is looked up as "root", users by name', () => {
    assert.equal(auditRowOf(buildAuditRecord(input({}))).username, 'root');
    assert.equal(auditRowOf(buildAuditRecord(input({ identity: user }))).username, 'alice');
    assert.equal(auditRowOf(buildAuditRecord(input({ identity: undefined, failedCaller: {} }))).username, null);
  });
});
