// Two servers on one PostgreSQL database: an IAM change made through one is enforced by the other on its next
// request, even when the node that made it dies right after its write commits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { Handler, ServiceDescriptor } from '../../src/core/runtime.js';
import type { ModelName } from '../../src/aws/model.js';
import { schemaUrl, sql } from '../helpers/postgres-schemas.js';
import { storeBackends } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const postgres = storeBackends().find((b) => b.name === 'postgres')!;
const READ_USERS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }],
});
/** No call here may take longer; a server that never answers fails the test instead of hanging it. */
const DEADLINE_MS = 30_000;

function withDeadline<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Node A's handler for one IAM operation runs and commits, then A loses its database before anything else happens
 * (what a crash between the handler and the reply leaves behind): nothing after the handler reaches the store.
 */
function crashAfterCommit(node: TestWarden, operation: string): void {
  const services = node.warden.runtime.services as Map<ModelName, ServiceDescriptor>;
  const iam = services.get('iam')!;
  const handler = iam.provider!.handlers[operation]!;
  const crashing: Handler = async (ctx, input) => {
    const output = await handler(ctx, input);
    await node.warden.runtime.store.close();
    return output;
  };
  services.set('iam', {
    ...iam,
    provider: { ...iam.provider!, handlers: { ...iam.provider!.handlers, [operation]: crashing } },
  });
}

describe('IAM changes across nodes sharing one PostgreSQL database', { skip: postgres.skip }, () => {
  const schemas: string[] = [];
  let dataDir: string;
  let a: TestWarden;
  let b: TestWarden;

  /** Starts node A, then node B on the same fresh database schema, master key and root key. */
  async function startNodes(): Promise<void> {
    const schema = `warden_e2e_${randomBytes(6).toString('hex')}`;
    await sql(`create schema "${schema}"`);
    schemas.push(schema);
    const databaseUrl = schemaUrl(schema);
    a = await startWarden({ databaseUrl, dataDir });
    b = await startWarden({
      databaseUrl,
      dataDir,
      rootAccessKeyId: a.credentials.accessKeyId,
      rootSecretAccessKey: a.credentials.secretAccessKey,
    });
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'warden-nodes-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    for (const schema of schemas) await sql(`drop schema if exists "${schema}" cascade`);
  });

  /** A user allowed iam:ListUsers by an attached managed policy, its client on node B, warm on B. */
  async function readerOnB(name: string): Promise<{ policyArn: string; onB: IAMClient; rootOnA: IAMClient }> {
    const rootOnA = new IAMClient(a.clientConfig);
    await rootOnA.send(new CreateUserCommand({ UserName: name }));
    const { Policy } = await rootOnA.send(
      new CreatePolicyCommand({ PolicyName: `${name}-read`, PolicyDocument: READ_USERS }),
    );
    await rootOnA.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: Policy!.Arn! }));
    const { AccessKey } = await rootOnA.send(new CreateAccessKeyCommand({ UserName: name }));
    const onB = new IAMClient({
      ...b.clientConfig,
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    });
    // Allowed on B, which now holds the user's compiled policies.
    await withDeadline(onB.send(new ListUsersCommand({})), 'ListUsers on B');
    await withDeadline(onB.send(new ListUsersCommand({})), 'ListUsers on B');
    return { policyArn: Policy!.Arn!, onB, rootOnA };
  }

  async function assertDeniedOnB(onB: IAMClient): Promise<void> {
    const err = await withDeadline(onB.send(new ListUsersCommand({})), 'ListUsers on B').then(
      () => assert.fail('node B still allows the detached policy'),
      (e: unknown) => e as { name?: string },
    );
    assert.equal(err.name, 'AccessDenied');
  }

  test('a policy detached through node A is denied on node B on the next request', async () => {
    await startNodes();
    try {
      const { policyArn, onB, rootOnA } = await readerOnB('detached');
      await rootOnA.send(new DetachUserPolicyCommand({ UserName: 'detached', PolicyArn: policyArn }));
      await assertDeniedOnB(onB);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  test('node A dying right after the detach commits still leaves node B denying', async () => {
    await startNodes();
    try {
      const { policyArn, onB, rootOnA } = await readerOnB('crash');
      crashAfterCommit(a, 'DetachUserPolicy');
      // A never answers the detach well: its store is gone. The detach itself committed.
      await withDeadline(
        rootOnA.send(new DetachUserPolicyCommand({ UserName: 'crash', PolicyArn: policyArn })).then(
          () => undefined,
          () => undefined,
        ),
        'DetachUserPolicy on A',
      );
      await assertDeniedOnB(onB);
    } finally {
      await b.stop();
      await a.stop().catch(() => {}); // its store is already closed
    }
  });
});
