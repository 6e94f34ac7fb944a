import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../../audit/record.js';
import { IDENTITIES, ACCOUNT, trailRecord } from './record-fixture.js';
import { rootCredentialUsage } from './root-credential-usage.js';
import { scopeFixture } from './scope-fixture.js';

test('a root API call raises Policy:IAMUser/RootCredentialUsage (Low) naming the API and address', async () => {
  const [f, ...rest] = await rootCredentialUsage.detect(
    scopeFixture(),
    trailRecord({ userIdentity: IDENTITIES.root, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' }),
  );
  assert.equal(rest.length, 0);
  assert.equal(f?.Type, 'Policy:IAMUser/RootCredentialUsage');
  assert.equal(f?.Severity, 2);
  assert.equal(f?.Title, 'The API ListBuckets was invoked using root credentials.');
  assert.equal(f?.Description, 'The API ListBuckets was invoked using root credentials from IP address 198.51.100.7.');
  assert.deepEqual(f?.Resource.AccessKeyDetails, {
    UserType: 'Root',
    AccessKeyId: 'AKIAROOTROOTROOT0001',
    PrincipalId: ACCOUNT,
    UserName: 'Root',
  });
  assert.equal(f?.Service?.Action?.AwsApiCallAction?.ServiceName, 's3.amazonaws.com');
});

test('failed root calls count too (the credentials were used); other callers, service events and calls made by a service for root do not', async () => {
  const scope = scopeFixture();
  const denied = trailRecord({ userIdentity: IDENTITIES.root, errorCode: 'AccessDenied' });
  assert.equal((await rootCredentialUsage.detect(scope, denied)).length, 1);
  assert.equal((await rootCredentialUsage.detect(scope, trailRecord())).length, 0);
  assert.equal((await rootCredentialUsage.detect(scope, trailRecord({ userIdentity: IDENTITIES.role }))).length, 0);
  const serviceEvent = trailRecord({ userIdentity: IDENTITIES.root, eventType: 'AwsServiceEvent' });
  assert.equal((await rootCredentialUsage.detect(scope, serviceEvent)).length, 0);
  const viaService = trailRecord({ userIdentity: IDENTITIES.root, sourceIPAddress: 'support.amazonaws.com' });
  assert.equal((await rootCredentialUsage.detect(scope, viaService)).length, 0);
  for (const junk of [{}, { userIdentity: null, eventType: 'AwsApiCall' }, null])
    assert.deepEqual(await rootCredentialUsage.detect(scope, junk as unknown as CloudTrailRecord), []);
});
