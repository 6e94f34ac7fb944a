import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maliciousIpCallerCustom } from './malicious-ip-caller-custom.js';
import { IDENTITIES, trailRecord } from './record-fixture.js';
import { scopeFixture } from './scope-fixture.js';

const threats = { '203.0.113.9': { id: 'list-1', name: 'bad-actors' } };

test('a write from a threat-list address raises UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom (Medium) naming the list', async () => {
  const record = trailRecord({ sourceIPAddress: '203.0.113.9', eventName: 'CreateUser', readOnly: false });
  const [f, ...rest] = await maliciousIpCallerCustom.detect(scopeFixture({ threats }), record);
  assert.equal(rest.length, 0);
  assert.equal(f?.Type, 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  assert.equal(f?.Severity, 5);
  assert.equal(f?.Title, 'The API CreateUser was invoked from an IP address on a custom threat list.');
  assert.equal(
    f?.Description,
    'The API CreateUser was invoked from IP address 203.0.113.9 on the custom threat list bad-actors.',
  );
  assert.deepEqual(JSON.parse(f!.Service!.AdditionalInfo!.Value!), { threatListName: 'bad-actors' });
  assert.deepEqual(f?.Service?.Action?.AwsApiCallAction?.RemoteIpDetails, { IpAddressV4: '203.0.113.9' });
});

test('a read from it is reconnaissance: Recon:IAMUser/MaliciousIPCaller.Custom', async () => {
  const record = trailRecord({ sourceIPAddress: '203.0.113.9', eventName: 'ListUsers', readOnly: true });
  const [f] = await maliciousIpCallerCustom.detect(scopeFixture({ threats }), record);
  assert.equal(f?.Type, 'Recon:IAMUser/MaliciousIPCaller.Custom');
});

test('other addresses, service domains and service events raise nothing', async () => {
  const scope = scopeFixture({ threats });
  assert.equal((await maliciousIpCallerCustom.detect(scope, trailRecord())).length, 0);
  const domain = trailRecord({ userIdentity: IDENTITIES.service, sourceIPAddress: 'cloudformation.amazonaws.com' });
  assert.equal((await maliciousIpCallerCustom.detect(scope, domain)).length, 0);
  const event = trailRecord({ sourceIPAddress: '203.0.113.9', eventType: 'AwsServiceEvent' });
  assert.equal((await maliciousIpCallerCustom.detect(scope, event)).length, 0);
});
