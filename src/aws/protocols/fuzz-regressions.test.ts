// Requests the codec fuzz (fuzz.test.ts) found mishandled, kept as plain regression tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../error.js';
import { loadModel } from '../model.js';
import { redactByShape } from '../../audit/redact.js';
import { codecFor } from './codec.js';
import { parseTimestampText } from './values.js';

test('a JSON timestamp past what a Date holds is a SerializationException, not an Invalid Date that breaks the audit', () => {
  const cloudtrail = loadModel('cloudtrail');
  for (const seconds of [1e300, -1e300, 8.64e12 + 1]) {
    const body = Buffer.from(JSON.stringify({ StartTime: seconds }));
    const req = { method: 'POST', path: '/', query: {}, rawQuery: '', headers: {}, body };
    let input: Record<string, unknown> | undefined;
    try {
      input = codecFor(cloudtrail).decodeInput(cloudtrail, 'LookupEvents', req);
    } catch (err) {
      assert.ok(err instanceof AwsError, String(err));
      assert.deepEqual([err.code, err.httpStatus], ['SerializationException', 400]);
      continue;
    }
    assert.fail(`decoded ${String(input?.StartTime)} from ${seconds}, which the audit cannot write`);
  }
  // The largest timestamp a Date holds is still one, and is audited.
  const body = Buffer.from(JSON.stringify({ StartTime: 8.64e12 }));
  const input = codecFor(cloudtrail).decodeInput(cloudtrail, 'LookupEvents', {
    method: 'POST',
    path: '/',
    query: {},
    rawQuery: '',
    headers: {},
    body,
  });
  const shape = cloudtrail.operations.LookupEvents.input!.shape;
  assert.deepEqual(redactByShape(cloudtrail, shape, input), { startTime: '+275760-09-13T00:00:00Z' });
});

test('timestamp text past what a Date holds is no timestamp', () => {
  assert.equal(parseTimestampText('1e300'), undefined);
  assert.equal(parseTimestampText('-8640000000001'), undefined);
  assert.deepEqual(parseTimestampText('8640000000000'), new Date(8.64e15));
});
