// Profiling aid (not part of `npm run bench`): audit-style inserts into a million-row PostgreSQL table whose unique
// text key is a random (version 4) or a time-ordered (version 7, src/audit/event-id.ts) UUID; rows/s and WAL bytes.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { newEventId } from '../src/audit/event-id.js';
import { POSTGRES_TEST_URL } from '../test/helpers/test-stores.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
/** Batches of ten rows a transaction, as the audit writer's group commit makes them at 16 connections. */
const BATCHES = 2000;
const RECORD = 'x'.repeat(1200);
const schema = `warden_event_id_${process.pid}`;

const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
await client.connect();
try {
  await client.query(`create schema ${schema}`);
  await client.query(`set search_path = ${schema}`);
  const day = Date.now() - 86_400_000;
  for (const table of ['v4', 'v7'])
    await client.query(`create table ${table} (seq bigserial primary key, event_id text not null unique, rec text)`);
  // The rows already there, as a day of traffic would have left them.
  await client.query(
    `insert into v4 (event_id, rec) select gen_random_uuid()::text, $1 from generate_series(1, ${ROWS})`,
    [RECORD],
  );
  await client.query(
    `insert into v7 (event_id, rec) select lpad(to_hex(${day}::bigint + g * 86), 12, '0') || substr(gen_random_uuid()::text, 13), $1 from generate_series(1, ${ROWS}) g`,
    [RECORD],
  );
  const generators = { v4: () => randomUUID(), v7: () => newEventId(Date.now()) };
  for (let round = 1; round <= 3; round++)
    for (const table of ['v4', 'v7'] as const) {
      // Each round starts after a checkpoint, when every page's first change writes its full image to the WAL.
      await client.query('checkpoint');
      const lsn0 = (await client.query<{ l: string }>('select pg_current_wal_lsn()::text l')).rows[0]!.l;
      const t0 = process.hrtime.bigint();
      for (let b = 0; b < BATCHES; b++) {
        const params: string[] = [];
        const values: string[] = [];
        for (let i = 0; i < 10; i++) {
          params.push(generators[table](), RECORD);
          values.push(`($${2 * i + 1}, $${2 * i + 2})`);
        }
        await client.query('begin');
        await client.query(`insert into ${table} (event_id, rec) values ${values.join(',')}`, params);
        await client.query('commit');
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const wal = (await client.query<{ b: string }>(`select pg_wal_lsn_diff(pg_current_wal_lsn(), '${lsn0}') b`))
        .rows[0]!.b;
      console.log(
        `round ${round} ${table}: ${Math.round((BATCHES * 10) / seconds).toLocaleString('en-US')} rows/s, WAL ${(Number(wal) / 1e6).toFixed(1)} MB`,
      );
    }
} finally {
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}
