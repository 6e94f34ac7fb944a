import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { accessKeyDetailsOf, apiCallActionOf, apiCallFinding, SEVERITY } from './api-call-finding.js';
import { ACCOUNT, IDENTITIES, trailRecord } from './record-fixture.js';

test('AccessKeyDetails: root, IAM user, assumed role (named by its role), AWS service', () => {
  assert.deepEqual(accessKeyDetailsOf(trailRecord({ userIdentity: IDENTITIES.root })), {
    UserType: 'Root',
    AccessKeyId: 'AKIAROOTROOTROOT0001',
    PrincipalId: ACCOUNT,
    UserName: 'Root',
  });
  assert.deepEqual(accessKeyDetailsOf(trailRecord()), {
    UserType: 'IAMUser',
    AccessKeyId: 'AKIAEXAMPLEALICE0001',
    PrincipalId: 'AIDAEXAMPLEUSER00001',
    UserName: 'alice',
  });
  assert.deepEqual(accessKeyDetailsOf(trailRecord({ userIdentity: IDENTITIES.role })), {
    UserType: 'AssumedRole',
    AccessKeyId: 'ASIAEXAMPLEROLE00001',
    PrincipalId: 'AROAEXAMPLEROLE00001:deploy',
    UserName: 'Deployer',
  });
  assert.deepEqual(accessKeyDetailsOf(trailRecord({ userIdentity: IDENTITIES.service })), {
    UserType: 'AWSService',
    PrincipalId: 'cloudformation.amazonaws.com',
    UserName: 'cloudformation.amazonaws.com',
  });
});

test('the action: a remote IP (v4 or v6) or a service domain, the service, user agent, error and resources', () => {
  const action = apiCallActionOf(
    trailRecord({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'DeleteTrail',
      errorCode: 'AccessDenied',
      resources: [
        { accountId: ACCOUNT, type: 'AWS::CloudTrail::Trail', ARN: 'arn:aws:cloudtrail:us-east-1:1:trail/t' },
      ],
    }),
  );
  assert.deepEqual(action, {
    Api: 'DeleteTrail',
    CallerType: 'Remote IP',
    RemoteIpDetails: { IpAddressV4: '198.51.100.7' },
    ServiceName: 'cloudtrail.amazonaws.com',
    UserAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22',
    ErrorCode: 'AccessDenied',
    AffectedResources: { 'AWS::CloudTrail::Trail': 'arn:aws:cloudtrail:us-east-1:1:trail/t' },
  });
  assert.deepEqual(apiCallActionOf(trailRecord({ sourceIPAddress: '2001:db8::1' })).RemoteIpDetails, {
    IpAddressV6: '2001:db8::1',
  });
  const domain = apiCallActionOf(
    trailRecord({ userIdentity: IDENTITIES.service, sourceIPAddress: 'cloudformation.amazonaws.com' }),
  );
  assert.equal(domain.CallerType, 'Domain');
  assert.deepEqual(domain.DomainDetails, { Domain: 'cloudformation.amazonaws.com' });
  assert.equal(domain.RemoteIpDetails, undefined);
});

test('apiCallFinding: GuardDuty parts, aggregation by actor (and the detection key), event time', () => {
  const record = trailRecord();
  const at = Date.parse(record.eventTime);
  const spec = { type: 'T:IAMUser/X', severity: SEVERITY.MEDIUM, title: 't', description: 'd' };
  const f = apiCallFinding({ at }, record, spec);
  assert.equal(f.Type, 'T:IAMUser/X');
  assert.equal(f.Severity, 5);
  assert.equal(f.at, at);
  assert.equal(f.Resource.ResourceType, 'AccessKey');
  assert.equal(f.Service?.ResourceRole, 'TARGET');
  assert.equal(f.Service?.FeatureName, 'CloudTrail');
  assert.equal(f.Service?.Action?.ActionType, 'AWS_API_CALL');
  assert.deepEqual(f.Service?.AdditionalInfo, { Value: '{}', Type: 'default' });
  const again = apiCallFinding({ at: at + 1 }, trailRecord({ eventName: 'GetUser' }), spec);
  assert.equal(again.key, f.key, 'the same actor aggregates');
  const other = apiCallFinding({ at }, trailRecord({ userIdentity: IDENTITIES.role }), spec);
  assert.notEqual(other.key, f.key);
  assert.notEqual(apiCallFinding({ at }, record, { ...spec, key: 'trail-a' }).key, f.key);
});

test('malformed records never throw and give bounded text', () => {
  const junk = { userIdentity: 'x', eventName: 'y'.repeat(5000), sourceIPAddress: 42, resources: 'no' };
  const f = apiCallFinding({ at: 0 }, junk as unknown as CloudTrailRecord, {
    type: 'T',
    severity: 2,
    title: 't',
    description: 'd',
  });
  assert.equal(f.Resource.AccessKeyDetails?.UserType, 'Unknown');
  assert.equal(f.Service?.Action?.AwsApiCallAction?.Api?.length, 1024);
  assert.equal(f.Service?.Action?.AwsApiCallAction?.CallerType, undefined);
  assert.doesNotThrow(() =>
    apiCallFinding({ at: 0 }, {} as CloudTrailRecord, { type: 'T', severity: 2, title: '', description: '' }),
  );
});
