// Acknowledged writes and calls survive repeated kill -9 (the default --audit-sync), and SIGTERM drains and exits
// cleanly (the server as a child process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  ListTagsCommand,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { spawnWarden } from '../helpers/child.js';

const ENV = {
  WARDEN_ACCOUNT_ID: '210987654321',
  WARDEN_ROOT_ACCESS_KEY_ID: 'AKIADURABILITYTEST01',
  WARDEN_ROOT_SECRET_ACCESS_KEY: 'durability-secret-key-0123456789abcdefghij',
};
const credentials = { accessKeyId: ENV.WARDEN_ROOT_ACCESS_KEY_ID, secretAccessKey: ENV.WARDEN_ROOT_SECRET_ACCESS_KEY };

function client(endpoint: string) {
  return new CloudTrailClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** Kill -9 rounds on one data directory; each restart checks everything acknowledged in every round before it. */
const KILL_ROUNDS = 3;
/** Tags one trail takes a round: 4 trails × KILL_ROUNDS rounds stay within CloudTrail's 50 tags a trail. */
const TAGS_PER_TRAIL_PER_ROUND = 12;

async function storedTags(ct: CloudTrailClient, trails: string[]): Promise<Set<string>> {
  const listed = await ct.send(
    new ListTagsCommand({
      ResourceIdList: trails.map((t) => `arn:aws:cloudtrail:us-east-1:${ENV.WARDEN_ACCOUNT_ID}:trail/${t}`),
    }),
  );
  return new Set(
    (listed.ResourceTagList ?? []).flatMap((r) =>
      (r.TagsList ?? []).map((t) => `${r.ResourceId!.split('/').pop()}:${t.Key}`),
    ),
  );
}

async function auditedGetCallerIdentity(ct: CloudTrailClient): Promise<Set<string>> {
  const recorded = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }],
        NextToken,
      }),
    );
    for (const e of page.Events ?? []) recorded.add(JSON.parse(e.CloudTrailEvent!).requestID);
    NextToken = page.NextToken;
  } while (NextToken);
  return recorded;
}

/** Every write and every call acknowledged so far is in the store and the trail of the server at endpoint. */
async function assertAllDurable(
  endpoint: string,
  trails: string[],
  acknowledgedTags: [string, string][],
  acknowledgedCalls: string[],
  when: string,
): Promise<void> {
  const ct = client(endpoint);
  const stored = await storedTags(ct, trails);
  for (const [trail, key] of acknowledgedTags) assert.ok(stored.has(`${trail}:${key}`), `${when}: tag ${trail}:${key}`);
  const recorded = await auditedGetCallerIdentity(ct);
  for (const id of acknowledgedCalls) assert.ok(recorded.has(id), `${when}: acknowledged call ${id} is audited`);
}

test(`every acknowledged write and call is there after each of ${KILL_ROUNDS} SIGKILLs during a burst`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-crash-'));
  try {
    const trails = ['trail0', 'trail1', 'trail2', 'trail3'];
    const acknowledgedTags: [string, string][] = [];
    const acknowledgedCalls: string[] = [];
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const server = await spawnWarden(['--data-dir', dataDir], ENV);
      const ct = client(server.endpoint);
      if (round === 0) {
        for (const Name of trails) await ct.send(new CreateTrailCommand({ Name, S3BucketName: 'audit-bucket' }));
      } else {
        // What the rounds before acknowledged survived their kills, through every restart since.
        await assertAllDurable(server.endpoint, trails, acknowledgedTags, acknowledgedCalls, `before round ${round}`);
      }
      const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      let stop = false;
      let tagsThisRound = 0;
      // Writers of state and of the audit trail alone (every call is recorded).
      const tagWriters = trails.map(async (trail) => {
        const arn = `arn:aws:cloudtrail:us-east-1:${ENV.WARDEN_ACCOUNT_ID}:trail/${trail}`;
        for (let i = 0; !stop && i < TAGS_PER_TRAIL_PER_ROUND; i++) {
          const Key = `r${round}k${i}`;
          try {
            await ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key, Value: `v${i}` }] }));
            acknowledgedTags.push([trail, Key]);
            tagsThisRound++;
          } catch {
            return; // the server died under us: this write was never acknowledged
          }
        }
      });
      const callers = Array.from({ length: 4 }, async () => {
        while (!stop) {
          try {
            const out = await sts.send(new GetCallerIdentityCommand({}));
            acknowledgedCalls.push(out.$metadata.requestId!);
          } catch {
            return;
          }
        }
      });
      const deadline = Date.now() + 20000;
      while (tagsThisRound < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      server.proc.kill('SIGKILL');
      stop = true;
      await Promise.all([...tagWriters, ...callers]);
      await server.exited;
      assert.ok(tagsThisRound >= 20, `round ${round}: enough writes were acknowledged (${tagsThisRound})`);
    }

    const last = await spawnWarden(['--data-dir', dataDir], ENV);
    try {
      await assertAllDurable(last.endpoint, trails, acknowledgedTags, acknowledgedCalls, 'after the last kill');
    } finally {
      last.proc.kill('SIGTERM');
      assert.equal(await last.exited, 0);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Every CreateUser record in the trail, by the userName it asked for. */
async function createUserRecords(ct: CloudTrailClient): Promise<Map<string, { unknownOutcome: boolean }[]>> {
  const byUser = new Map<string, { unknownOutcome: boolean }[]>();
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
        NextToken,
      }),
    );
    for (const e of page.Events ?? []) {
      const record = JSON.parse(e.CloudTrailEvent!);
      const userName: string = record.requestParameters?.userName;
      const entry = { unknownOutcome: record.additionalEventData?.outcome === 'Unknown' };
      byUser.set(userName, [...(byUser.get(userName) ?? []), entry]);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return byUser;
}

async function existingUsers(iam: IAMClient): Promise<string[]> {
  const names: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ Marker }));
    names.push(...(page.Users ?? []).map((u) => u.UserName!));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return names;
}

test('over kill -9 rounds during a burst of CreateUser: every acknowledged call is in the trail, every user has its CreateUser record', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-crash-users-'));
  try {
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const server = await spawnWarden(['--data-dir', dataDir], ENV);
      const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      let stop = false;
      let acknowledgedThisRound = 0;
      // Many calls in flight when the kill lands, so some are past their handler's commit and not yet recorded.
      const workers = Array.from({ length: 8 }, async (_, worker) => {
        for (let n = 0; !stop; n++) {
          const UserName = `crash-r${round}-w${worker}-${n}`;
          try {
            await iam.send(new CreateUserCommand({ UserName }));
            acknowledged.push(UserName);
            acknowledgedThisRound++;
          } catch {
            return; // the server died under us: this call was never acknowledged
          }
        }
      });
      const deadline = Date.now() + 20000;
      while (acknowledgedThisRound < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      server.proc.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await server.exited;
      assert.ok(acknowledgedThisRound >= 40, `round ${round}: enough calls acknowledged (${acknowledgedThisRound})`);
    }

    const last = await spawnWarden(['--data-dir', dataDir], ENV);
    try {
      const config = { endpoint: last.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
      const records = await createUserRecords(new CloudTrailClient(config));
      for (const name of acknowledged) {
        assert.ok(
          records.get(name)?.some((r) => !r.unknownOutcome),
          `acknowledged CreateUser ${name} has its final record`,
        );
      }
      const users = await existingUsers(new IAMClient(config));
      for (const name of users) assert.ok(records.has(name), `user ${name} exists, so its CreateUser is in the trail`);
      assert.ok(users.length >= acknowledged.length);
    } finally {
      last.proc.kill('SIGTERM');
      assert.equal(await last.exited, 0);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// Its stdout is a pipe, not a terminal: the secret is never printed (first-start-secret.test.ts covers the banner).
test('first start writes root credentials 0600, stores no plaintext secret, and a restart prints none', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-first-'));
  try {
    const env = { WARDEN_ACCOUNT_ID: '', WARDEN_ROOT_ACCESS_KEY_ID: '', WARDEN_ROOT_SECRET_ACCESS_KEY: '' };
    const first = await spawnWarden(['--data-dir', dataDir], env);
    first.proc.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    const file = join(dataDir, 'root-credentials');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
    const secret = /aws_secret_access_key = (\S+)/.exec(readFileSync(file, 'utf8'))![1];
    assert.ok(!first.output.some((l) => l.includes(secret)), 'not printed off a terminal');
    const db = readFileSync(join(dataDir, 'warden.db'));
    assert.equal(db.includes(Buffer.from(secret)), false, 'the secret is not stored in plaintext');

    const second = await spawnWarden(['--data-dir', dataDir], env);
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    assert.ok(!second.output.some((l) => l.includes(secret)), 'not printed again');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
