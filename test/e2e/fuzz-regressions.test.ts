// Requests the whole-path fuzz (fuzz.test.ts) found mishandled, kept as plain regression tests: each gets AWS's
// 4xx and its audit record.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { send, signRequest, type RawResponse } from '../helpers/raw.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('requests the fuzz found', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
  });
  after(async () => {
    await w.stop();
  });

  async function recordOf(response: RawResponse): Promise<CloudTrailRecord | undefined> {
    const requestId = response.headers.get('x-amzn-requestid');
    assert.ok(requestId, `the reply names its request: ${response.status} ${response.body}`);
    const row = await w.warden.runtime.store.db
      .selectFrom('audit_events')
      .select('record')
      .where('record', 'like', `%"requestID":"${requestId}"%`)
      .executeTakeFirst();
    return row ? (JSON.parse(row.record) as CloudTrailRecord) : undefined;
  }

  test('a path whose percent-escapes are not UTF-8 reaches the service: its 4xx, its audit record', async () => {
    const path = '/detector/%ED%A0%80/usage/statistics';
    const signed = await signRequest(
      w.endpoint,
      { path, headers: { 'content-type': 'application/json' }, body: '{}' },
      { service: 'guardduty', ...w.credentials },
    );
    // The signer would re-encode the path; send it exactly as an attacker would.
    const response = await send({ ...signed, url: `${w.endpoint}${path}` });
    assert.ok(response.status >= 400 && response.status < 500, `${response.status} ${response.body}`);
    assert.doesNotMatch(response.body, /FST_ERR/);
    const record = await recordOf(response);
    assert.ok(record, 'the call is in the trail');
    assert.equal(record.eventSource, 'guardduty.amazonaws.com');
  });

  test('a Content-Type Fastify cannot parse reaches the service: its 4xx, its audit record', async () => {
    for (const type of ['Infinity', 'text/plain;;', '/']) {
      const response = await send(
        await signRequest(
          w.endpoint,
          { headers: { 'content-type': type }, body: 'Action=GetUser&Version=2010-05-08' },
          { service: 'iam', ...w.credentials },
        ),
      );
      assert.ok(response.status >= 400 && response.status < 500, `${type}: ${response.status} ${response.body}`);
      assert.doesNotMatch(response.body, /FST_ERR/);
      const record = await recordOf(response);
      assert.equal(record?.eventSource, 'iam.amazonaws.com', `${type} is in the trail`);
    }
  });

  test('a JSON timestamp past what a Date holds: SerializationException (400) and its audit record', async () => {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
    };
    const response = await send(
      await signRequest(
        w.endpoint,
        { headers, body: JSON.stringify({ StartTime: 1e300 }) },
        { service: 'cloudtrail', ...w.credentials },
      ),
    );
    assert.equal(response.status, 400, response.body);
    assert.equal((JSON.parse(response.body) as { __type: string }).__type, 'SerializationException');
    const record = await recordOf(response);
    assert.equal(record?.errorCode, 'SerializationException');
  });
});
