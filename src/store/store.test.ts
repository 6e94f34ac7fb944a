// Store behaviour on every backend: migrations, each core table, constraints, concurrency, transactions, reset.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { storeBackendsWith } from '../../test/helpers/test-stores.js';
import { migrate } from './migrate.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { isForeignKeyViolation, isUniqueViolation } from './errors.js';

/** A time past 2^32 ms, so a 32-bit column or parser would get it wrong. */
const NOW = 1_767_225_600_123;

function account(id: string) {
  return { id, email: `${id}@example.com`, name: `acct-${id}`, status: 'ACTIVE', created_at: NOW };
}

function accessKey(accessKeyId: string, accountId: string) {
  return {
    access_key_id: accessKeyId,
    account_id: accountId,
    user_name: 'alice',
    principal_id: 'AIDAEXAMPLE',
    secret_wrapped: 'v1.opaque',
    status: 'Active',
    created_at: NOW,
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  };
}

function auditEvent(eventId: string, accountId: string) {
  return {
    event_id: eventId,
    event_time: NOW,
    recipient_account_id: accountId,
    event_source: 'iam.amazonaws.com',
    event_name: 'CreateUser',
    username: 'alice',
    access_key_id: 'AKIAEXAMPLE',
    read_only: 0,
    resource_names: 'alice',
    resource_types: 'AWS::IAM::User',
    record: JSON.stringify({ eventID: eventId }),
  };
}

function trail(accountId: string, name: string) {
  return {
    account_id: accountId,
    name,
    arn: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/${name}`,
    home_region: 'us-east-1',
    s3_bucket_name: 'bucket',
    s3_key_prefix: null,
    include_global_service_events: 1,
    is_multi_region_trail: 1,
    is_organization_trail: 0,
    log_file_validation_enabled: 0,
    kms_key_id: null,
    is_logging: 1,
    start_logging_time: NOW,
    stop_logging_time: null,
    latest_delivery_time: null,
    delivered_seq: 2 ** 40,
    created_at: NOW,
  };
}

async function seedOneOfEach(db: Kysely<Database>): Promise<void> {
  await db.insertInto('warden_meta').values({ key: 'k', value: 'v' }).execute();
  await db.insertInto('accounts').values(account('111111111111')).execute();
  await db.insertInto('access_keys').values(accessKey('AKIA1', '111111111111')).execute();
  await db.insertInto('audit_events').values(auditEvent('e1', '111111111111')).execute();
  await db.insertInto('trails').values(trail('111111111111', 'main')).execute();
}

async function withStore(open: () => Promise<Store>, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

for (const backend of storeBackendsWith(CORE_MIGRATIONS)) {
  describe(`store on ${backend.name}`, { skip: backend.skip }, () => {
    const open = () => backend.open();

    test('migrations are recorded once and applying them again does nothing', () =>
      withStore(open, async (store) => {
        assert.equal(store.dialect, backend.name);
        assert.deepEqual(await migrate(store, CORE_MIGRATIONS), []);
        const ids = await store.db.selectFrom('warden_migrations').select('id').orderBy('id').execute();
        assert.deepEqual(
          ids.map((row) => row.id),
          CORE_MIGRATIONS.map((m) => m.id).sort(),
        );
      }));

    test('several nodes opening one empty database at once migrate it exactly once', async () => {
      const nodes = await backend.openNodes(4);
      try {
        const rows = await nodes[0].db.selectFrom('warden_migrations').select('id').execute();
        assert.equal(rows.length, CORE_MIGRATIONS.length);
        // Each node sees the same schema.
        await nodes[1].db.insertInto('accounts').values(account('222222222222')).execute();
        const seen = await nodes[3].db.selectFrom('accounts').select('id').execute();
        assert.deepEqual(seen, [{ id: '222222222222' }]);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });

    test('each core table round-trips a row', () =>
      withStore(open, async (store) => {
        await seedOneOfEach(store.db);
        const db = store.db;
        assert.deepEqual(await db.selectFrom('warden_meta').selectAll().execute(), [{ key: 'k', value: 'v' }]);
        assert.deepEqual(await db.selectFrom('accounts').selectAll().execute(), [account('111111111111')]);
        assert.deepEqual(
          await db.selectFrom('access_keys').selectAll().where('account_id', '=', '111111111111').execute(),
          [accessKey('AKIA1', '111111111111')],
        );
        const events = await db.selectFrom('audit_events').selectAll().execute();
        assert.equal(events.length, 1);
        const { seq, ...event } = events[0];
        assert.equal(typeof seq, 'number');
        assert.deepEqual(event, auditEvent('e1', '111111111111'));
        assert.deepEqual(await db.selectFrom('trails').selectAll().execute(), [trail('111111111111', 'main')]);
      }));

    test('64-bit integer columns and counts come back as JS numbers', () =>
      withStore(open, async (store) => {
        await seedOneOfEach(store.db);
        const row = await store.db
          .selectFrom('trails')
          .select(['created_at', 'delivered_seq', 'start_logging_time'])
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { created_at: NOW, delivered_seq: 2 ** 40, start_logging_time: NOW });
        const { count } = await store.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        assert.equal(count, 1);
        const { total } = await store.db
          .selectFrom('trails')
          .select((eb) => eb.fn.sum<number>('delivered_seq').as('total'))
          .executeTakeFirstOrThrow();
        assert.equal(total, 2 ** 40);
      }));

    test('audit seq increases and is never reused after rows are deleted', () =>
      withStore(open, async (store) => {
        for (const id of ['a', 'b', 'c']) {
          await store.db.insertInto('audit_events').values(auditEvent(id, '1')).execute();
        }
        const before = await store.db.selectFrom('audit_events').select('seq').orderBy('seq').execute();
        assert.ok(before[0].seq < before[1].seq && before[1].seq < before[2].seq);
        await store.db.deleteFrom('audit_events').where('event_id', '=', 'c').execute();
        await store.db.insertInto('audit_events').values(auditEvent('d', '1')).execute();
        const d = await store.db
          .selectFrom('audit_events')
          .select('seq')
          .where('event_id', '=', 'd')
          .executeTakeFirstOrThrow();
        assert.ok(d.seq > before[2].seq);
      }));

    test('duplicate keys are unique violations; other errors are not', () =>
      withStore(open, async (store) => {
        await seedOneOfEach(store.db);
        const duplicates = [
          store.db.insertInto('accounts').values(account('111111111111')).execute(),
          store.db.insertInto('access_keys').values(accessKey('AKIA1', '111111111111')).execute(),
          store.db.insertInto('audit_events').values(auditEvent('e1', '111111111111')).execute(),
          store.db.insertInto('trails').values(trail('111111111111', 'main')).execute(),
          store.db.insertInto('warden_meta').values({ key: 'k', value: 'other' }).execute(),
        ];
        for (const result of await Promise.allSettled(duplicates)) {
          assert.equal(result.status, 'rejected');
          assert.equal(isUniqueViolation(result.reason), true, String(result.reason));
          assert.equal(isForeignKeyViolation(result.reason), false);
        }
        const syntax = await sql`selec 1`.execute(store.db).catch((err: unknown) => err);
        assert.equal(isUniqueViolation(syntax), false);
        assert.equal(isUniqueViolation(new Error('x')), false);
        assert.equal(isUniqueViolation(undefined), false);
      }));

    test('a row pointing at a missing account is a foreign-key violation', () =>
      withStore(open, async (store) => {
        const err = await store.db
          .insertInto('access_keys')
          .values(accessKey('AKIA2', '999999999999'))
          .execute()
          .catch((e: unknown) => e);
        assert.equal(isForeignKeyViolation(err), true, String(err));
        assert.equal(isUniqueViolation(err), false);
        // Wrapped by a caller, it is still recognised.
        assert.equal(isForeignKeyViolation(new Error('wrapped', { cause: err })), true);
      }));

    test('of 20 concurrent inserts of one access key id exactly one wins', () =>
      withStore(open, async (store) => {
        await store.db.insertInto('accounts').values(account('111111111111')).execute();
        const attempts = Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (trx) => {
            await trx
              .insertInto('access_keys')
              .values({ ...accessKey('AKIARACE', '111111111111'), secret_wrapped: `v1.${i}` })
              .execute();
            return i;
          }),
        );
        const results = await Promise.allSettled(attempts);
        const winners = results.filter((r) => r.status === 'fulfilled');
        assert.equal(winners.length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal(isUniqueViolation(r.reason), true);
        const rows = await store.db.selectFrom('access_keys').select('secret_wrapped').execute();
        assert.deepEqual(rows, [{ secret_wrapped: `v1.${(winners[0] as PromiseFulfilledResult<number>).value}` }]);
      }));

    test('concurrent inserts from separate nodes also have exactly one winner', async () => {
      const nodes = await backend.openNodes(3);
      try {
        await nodes[0].db.insertInto('accounts').values(account('111111111111')).execute();
        const attempts = Array.from({ length: 21 }, (_, i) =>
          nodes[i % 3].db.insertInto('access_keys').values(accessKey('AKIARACE', '111111111111')).execute(),
        );
        const results = await Promise.allSettled(attempts);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal(isUniqueViolation(r.reason), true);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });

    test('a transaction that throws leaves nothing behind', () =>
      withStore(open, async (store) => {
        const boom = new Error('boom');
        await assert.rejects(
          store.transaction(async (trx) => {
            await trx.insertInto('accounts').values(account('111111111111')).execute();
            await trx.insertInto('access_keys').values(accessKey('AKIA1', '111111111111')).execute();
            throw boom;
          }),
          (err) => err === boom,
        );
        assert.deepEqual(await store.db.selectFrom('accounts').selectAll().execute(), []);
        assert.deepEqual(await store.db.selectFrom('access_keys').selectAll().execute(), []);
        // And a committed one keeps everything.
        const result = await store.transaction(async (trx) => {
          await trx.insertInto('accounts').values(account('111111111111')).execute();
          await trx.insertInto('access_keys').values(accessKey('AKIA1', '111111111111')).execute();
          return 'done';
        });
        assert.equal(result, 'done');
        assert.equal((await store.db.selectFrom('access_keys').selectAll().execute()).length, 1);
      }));

    test('truncateAll empties every table but keeps the schema and migration record', () =>
      withStore(open, async (store) => {
        await seedOneOfEach(store.db);
        await store.truncateAll();
        for (const table of ['warden_meta', 'accounts', 'access_keys', 'audit_events', 'trails'] as const) {
          assert.deepEqual(await store.db.selectFrom(table).selectAll().execute(), [], table);
        }
        assert.equal(
          (await store.db.selectFrom('warden_migrations').selectAll().execute()).length,
          CORE_MIGRATIONS.length,
        );
        // The schema is intact and usable straight away, and audit sequence numbers carry on rather than restart.
        const before = await store.db.selectFrom('audit_events').select('seq').execute();
        assert.deepEqual(before, []);
        await seedOneOfEach(store.db);
        const after = await store.db.selectFrom('audit_events').select('seq').executeTakeFirstOrThrow();
        assert.ok(after.seq > 1, `seq ${after.seq} restarted`);
        await store.truncateAll();
        await store.truncateAll();
      }));

    test('close is idempotent', async () => {
      const store = await open();
      await Promise.all([store.close(), store.close()]);
      await store.close();
    });
  });
}
