// Every committed change is in the trail: a write whose final record never commits is recovered at the next start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { newAccessKeyId, newSecretAccessKey } from '../../src/aws/ids.js';
import type { AuditWriter } from '../../src/audit/writer.js';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { UNKNOWN_OUTCOME } from '../../src/audit/recover-intents.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const credentials = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() };
const config = { rootAccessKeyId: credentials.accessKeyId, rootSecretAccessKey: credentials.secretAccessKey };

function clients(w: TestWarden) {
  const c = { endpoint: w.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  return { iam: new IAMClient(c), ct: new CloudTrailClient(c), kms: new KMSClient(c) };
}

async function lookup(ct: CloudTrailClient, eventName: string): Promise<CloudTrailRecord[]> {
  const out = await ct.send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }),
  );
  return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as CloudTrailRecord);
}

async function intentsLeft(w: TestWarden): Promise<number> {
  return (await w.warden.runtime.store.db.selectFrom('audit_intents').select('event_id').execute()).length;
}

describe('audit intents through the request path', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-intents-'));
  let w: TestWarden;
  let writer: AuditWriter;
  before(async () => {
    w = await startWarden({ dataDir, ...config });
    writer = w.warden.runtime.audit;
  });
  after(async () => {
    await w.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('writes open an intent and leave none behind; reads and KMS cryptography open none', async () => {
    const opened: string[] = [];
    const appendIntent = writer.appendIntent;
    writer.appendIntent = (pending) => (opened.push(pending.eventName), appendIntent(pending));
    try {
      const { iam, kms } = clients(w);
      await iam.send(new CreateUserCommand({ UserName: 'intent-ok' }));
      await iam.send(new ListUsersCommand({}));
      await iam.send(new GetUserCommand({ UserName: 'intent-ok' }));
      const key = await kms.send(new CreateKeyCommand({}));
      await kms.send(new EncryptCommand({ KeyId: key.KeyMetadata!.KeyId!, Plaintext: Buffer.from('x') }));
    } finally {
      writer.appendIntent = appendIntent;
    }
    assert.deepEqual(opened, ['CreateUser', 'CreateKey']);
    assert.equal(await intentsLeft(w), 0);
  });

  test('an intent that cannot be committed stops the change before it is made', async () => {
    const appendIntent = writer.appendIntent;
    writer.appendIntent = () => Promise.reject(new Error('disk full'));
    const { iam } = clients(w);
    try {
      await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'never-made' })), (err: any) => {
        assert.equal(err.$metadata.httpStatusCode, 500);
        return true;
      });
    } finally {
      writer.appendIntent = appendIntent;
    }
    await assert.rejects(iam.send(new GetUserCommand({ UserName: 'never-made' })), { name: 'NoSuchEntityException' });
  });

  test('a change whose final record never committed is in the trail after a restart, outcome unknown', async () => {
    // The server "dies" between the handler's commit and the audit record's: that record never commits.
    const append = writer.append;
    writer.append = (record, options) =>
      record.eventName === 'CreateUser' ? Promise.reject(new Error('killed')) : append(record, options);
    try {
      await assert.rejects(clients(w).iam.send(new CreateUserCommand({ UserName: 'committed-unanswered' })));
    } finally {
      writer.append = append;
    }
    await clients(w).iam.send(new GetUserCommand({ UserName: 'committed-unanswered' })); // the change was made
    assert.equal(await intentsLeft(w), 1);

    await w.warden.close();
    w = await startWarden({ dataDir, ...config });
    writer = w.warden.runtime.audit;
    assert.equal(await intentsLeft(w), 0);
    const records = (await lookup(clients(w).ct, 'CreateUser')).filter(
      (r) => r.requestParameters?.userName === 'committed-unanswered',
    );
    assert.equal(records.length, 1, 'one CreateUser record for the user');
    assert.deepEqual(records[0].additionalEventData, UNKNOWN_OUTCOME);
    assert.equal(records[0].responseElements, null);
    assert.equal(records[0].errorCode, undefined);
    assert.equal(records[0].userIdentity.accessKeyId, credentials.accessKeyId);
  });
});
