// LookupEvents by user name reads its index (migration 0155), not every event of the account in the time range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../../store/open.js';
import { MIGRATIONS } from '../registry.js';

test('once the trail has events, a lookup of one user over a time range is planned on the user-name index (SQLite)', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-lookup-index-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await openStore({ dataDir, migrations: MIGRATIONS });
  try {
    // One account's busy trail: many users, many events.
    await first.transaction(async (trx) => {
      for (let at = 0; at < 20_000; at += 500) {
        const rows = Array.from({ length: 500 }, (_, k) => ({
          event_id: `e${at + k}`,
          event_time: at + k,
          recipient_account_id: '123456789012',
          event_source: 'sts.amazonaws.com',
          event_name: 'GetCallerIdentity',
          username: `user${(at + k) % 2000}`,
          access_key_id: null,
          read_only: 1,
          resource_names: null,
          resource_types: null,
          record: '{}',
        }));
        await trx.insertInto('audit_events').values(rows).execute();
      }
    });
  } finally {
    await first.close();
  }
  // A store opening the file gathers the planner's statistics (sqlite.ts); the lookup then takes the right index.
  const store = await openStore({ dataDir, migrations: MIGRATIONS });
  try {
    // The shape lookup-events.ts sends for the Username attribute with StartTime and EndTime.
    const plan = await sql<{ detail: string }>`
      explain query plan
      select "seq", "event_id", "record" from "audit_events"
      where "audit_events"."recipient_account_id" = ${'123456789012'} and "username" = ${'user7'}
        and "event_time" >= ${0} and "event_time" <= ${30_000}
      order by "event_time" desc, "seq" desc limit ${51}
    `.execute(store.db);
    const details = plan.rows.map((r) => r.detail).join('\n');
    assert.match(details, /audit_events_recipient_username_time/, details);
  } finally {
    await store.close();
  }
});
