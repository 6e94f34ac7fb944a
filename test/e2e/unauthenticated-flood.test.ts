// Issue 10 item 1: a flood of unauthenticated requests with made-up action names grows neither /metrics nor the trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { FORM, send, signRequest } from '../helpers/raw.js';
import { newAccessKeyId, newSecretAccessKey } from '../../src/aws/ids.js';
import { RECORD_CAPS } from '../../src/audit/record-caps.js';

/** Failed authentications the test server allows one source before throttling it (no refill: no timing). */
const BURST = 6;
const ACTION_BYTES = 100 * 1024;

/** A random name of letters only, so it is a valid-looking Action that no model has. */
function randomAction(): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(ACTION_BYTES);
  let name = '';
  for (const b of bytes) name += letters[b % letters.length];
  return name;
}

/** A request signed with a key Warden never issued: authentication fails at the key lookup. */
async function bogusCall(w: TestWarden, action: string, headers: Record<string, string> = {}) {
  const signed = await signRequest(
    w.endpoint,
    { headers: { ...FORM, ...headers }, body: `Action=${action}&Version=2011-06-15` },
    { service: 'sts', accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() },
  );
  return send(signed);
}

describe('unauthenticated flood with made-up action names', () => {
  let w: TestWarden;
  const actions: string[] = [];
  const statuses: { status: number; body: string }[] = [];

  before(async () => {
    w = await startWarden({ failedAuthBurst: BURST, failedAuthRefillPerSecond: 0 });
    const longAgent = 'flood-agent/' + 'x'.repeat(8 * 1024);
    for (let i = 0; i < BURST + 4; i++) {
      const action = randomAction();
      actions.push(action);
      statuses.push(await bogusCall(w, action, { 'user-agent': longAgent }));
    }
  });
  after(async () => {
    await w.stop();
  });

  test('the source is answered as AWS answers a bad key until its limit, then throttled', () => {
    for (const [i, res] of statuses.entries()) {
      if (i < BURST) {
        assert.equal(res.status, 403, `request ${i}`);
        assert.match(res.body, /<Code>InvalidClientTokenId<\/Code>/);
      } else {
        assert.equal(res.status, 400, `request ${i}`);
        assert.match(res.body, /<Code>Throttling<\/Code>/);
        assert.match(res.body, /<Message>Rate exceeded<\/Message>/);
        assert.match(res.body, /<Type>Sender<\/Type>/);
      }
    }
  });

  test('a throttled source is refused on the JSON protocols with ThrottlingException', async () => {
    const signed = await signRequest(
      w.endpoint,
      {
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
        body: '{}',
      },
      { service: 'kms', accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() },
    );
    const res = await send(signed);
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), { __type: 'ThrottlingException', message: 'Rate exceeded' });
  });

  test('/metrics carries none of the names and stays small', async () => {
    const metrics = await (await fetch(`${w.endpoint}/metrics`)).text();
    for (const action of actions) assert.ok(!metrics.includes(action.slice(0, 32)), 'an action name became a label');
    assert.match(metrics, /warden_requests_total\{service="sts",operation="unknown",status="403"\} 6/);
    assert.ok(metrics.length < 64 * 1024, `/metrics is ${metrics.length} characters`);
  });

  test('every attempt has its audit record, each within its caps', async () => {
    const rows = await w.warden.runtime.store.db
      .selectFrom('audit_events')
      .select(['event_name', 'access_key_id', 'record'])
      .where('event_source', '=', 'sts.amazonaws.com')
      .execute();
    const flood = rows.filter((r) => actions.some((a) => a.startsWith(r.event_name)));
    assert.equal(flood.length, actions.length);
    for (const row of flood) {
      assert.equal(row.event_name.length, RECORD_CAPS.eventName);
      assert.ok(row.record.length < 8 * 1024, `record of ${row.record.length} characters`);
      const record = JSON.parse(row.record);
      assert.equal(record.omitted, true);
      assert.ok(record.userAgent.length <= RECORD_CAPS.userAgent);
      assert.ok(record.userAgent.startsWith('flood-agent/'));
      assert.ok(['InvalidClientTokenId', 'Throttling'].includes(record.errorCode), record.errorCode);
      assert.ok((record.errorMessage ?? '').length <= RECORD_CAPS.errorMessage);
      assert.equal(record.userIdentity.type, 'Unknown');
    }
    assert.equal(flood.filter((r) => JSON.parse(r.record).errorCode === 'Throttling').length, actions.length - BURST);
  });
});
