// A credential scope's region must name a region: a made-up one would key resources, quotas and records by any string.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { send, signRequest } from '../helpers/raw.js';

describe('credential scope region', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
  });
  after(async () => {
    await w.stop();
  });

  const createKey = (region: string) =>
    signRequest(
      w.endpoint,
      {
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' },
        body: '{}',
      },
      { service: 'kms', region, ...w.credentials },
    ).then(send);

  test('a made-up region is refused as AWS refuses it, and nothing is created there', async () => {
    const region = `us-${'x'.repeat(4000)}-1`;
    const res = await createKey(region);
    assert.equal(res.status, 400);
    const body = JSON.parse(res.body);
    assert.equal(body.__type, 'InvalidSignatureException');
    assert.match(body.message, /Credential should be scoped to a valid region\./);
    const keys = await w.warden.runtime.store.db.selectFrom('kms_keys').select('arn').execute();
    assert.ok(
      keys.every((k) => !k.arn.includes('xxxx')),
      'a key was created in the made-up region',
    );
    for (const bogus of ['moon-1', 'local', 'us-east-1'.repeat(10)]) {
      assert.equal((await createKey(bogus)).status, 400, bogus);
    }
  });

  test('a region of any partition is accepted', async () => {
    for (const region of ['us-east-1', 'eu-central-1', 'cn-north-1', 'us-gov-west-1']) {
      assert.equal((await createKey(region)).status, 200, region);
    }
  });
});
