import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { storeBackends } from '../../test/helpers/stores.js';
import type { Store } from '../store/store.js';
import { buildAuditRecord, type CloudTrailRecord } from './record.js';
import { auditRowOf } from './row.js';
import { createAuditWriter } from './writer.js';

const ACCOUNT = '123456789012';

function record(eventName = 'GetCallerIdentity'): CloudTrailRecord {
  return buildAuditRecord({
    requestId: randomUUID(),
    service: 'sts',
    operation: eventName,
    eventSource: 'sts.amazonaws.com',
    region: 'us-east-1',
    identity: {
      type: 'Root',
      accountId: ACCOUNT,
      partition: 'aws',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      principalId: ACCOUNT,
    },
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    time: new Date(),
    input: {},
  });
}

async function countEvents(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('audit_events')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The store, recording how many rows each transaction added (the writer runs one at a time). */
function counting(store: Store): { store: Store; transactions: number[] } {
  const transactions: number[] = [];
  return {
    transactions,
    store: {
      ...store,
      dialect: store.dialect,
      db: store.db,
      async transaction(fn) {
        const before = await countEvents(store);
        const result = await store.transaction(fn);
        transactions.push((await countEvents(store)) - before);
        return result;
      },
    },
  };
}

for (const backend of storeBackends()) {
  describe(`audit writer on ${backend.name}`, { skip: backend.skip }, () => {
    test('the live feed is told of committed records only, never of intents, and never before the commit', async () => {
      const [node] = await backend.openNodes(1);
      try {
        const told: { eventID: string; visible: boolean }[] = [];
        const seen: Promise<void>[] = [];
        const writer = createAuditWriter(node, {
          onCommitted(records) {
            for (const r of records) {
              seen.push(
                node.db
                  .selectFrom('audit_events')
                  .select('event_id')
                  .where('event_id', '=', r.eventID)
                  .executeTakeFirst()
                  .then((row) => void told.push({ eventID: r.eventID, visible: row !== undefined })),
              );
            }
          },
        });
        const pending = record('CreateUser');
        await writer.appendIntent(pending);
        assert.equal(seen.length, 0, 'an intent is not fed');
        const a = record();
        const b = record('ListUsers');
        await Promise.all([writer.append(a), writer.append(b)]);
        await writer.append(pending, { resolvesIntent: pending.eventID });
        await Promise.all(seen);
        assert.deepEqual(told.map((t) => t.eventID).sort(), [a.eventID, b.eventID, pending.eventID].sort());
        assert.ok(
          told.every((t) => t.visible),
          'each record was committed when the feed heard of it',
        );
        await writer.close();
      } finally {
        await node.close();
      }
    });

    test('append resolves once the record is committed: another connection already sees it', async () => {
      const [node1, node2] = await backend.openNodes(2);
      try {
        const writer = createAuditWriter(node1);
        const rec = record();
        await writer.append(rec);
        const row = await node2.db
          .selectFrom('audit_events')
          .selectAll()
          .where('event_id', '=', rec.eventID)
          .executeTakeFirst();
        assert.ok(row, 'committed row visible to a second connection');
        assert.deepEqual(JSON.parse(row.record), rec);
        await writer.close();
      } finally {
        await node1.close();
        await node2.close();
      }
    });

    test('concurrent appends share commits: fewer transactions than records, none above the batch limit', async () => {
      const store = await backend.open();
      try {
        const { store: counted, transactions } = counting(store);
        const writer = createAuditWriter(counted, { maxBatch: 100 });
        const records = Array.from({ length: 450 }, () => record());
        await Promise.all(records.map((r) => writer.append(r)));
        assert.equal(await countEvents(store), 450);
        assert.equal(
          transactions.reduce((a, b) => a + b, 0),
          450,
        );
        assert.ok(transactions.length < 450, `expected grouped commits, got ${transactions.length}`);
        assert.ok(
          transactions.every((n) => n >= 1 && n <= 100),
          `batch sizes ${transactions.join(',')}`,
        );
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('batches of every shape commit every record exactly as its row, whatever their sizes', async () => {
      const store = await backend.open();
      try {
        const { store: counted, transactions } = counting(store);
        const writer = createAuditWriter(counted, { maxBatch: 500 });
        // Each wave is appended in one turn of the event loop, so it commits as one batch (or, for the first,
        // right after a batch of its first record): sizes that are and are not a sum of few powers of two.
        const waves = [1, 2, 7, 64, 65, 127, 300];
        const all: CloudTrailRecord[] = [];
        for (const size of waves) {
          const wave = Array.from({ length: size }, (_, i) => record(i % 2 === 0 ? 'GetCallerIdentity' : 'ListUsers'));
          all.push(...wave);
          await Promise.all(wave.map((r) => writer.append(r)));
        }
        assert.ok(
          transactions.some((n) => n >= 65),
          `a batch above one statement's rows: ${transactions.join(',')}`,
        );
        const rows = await store.db.selectFrom('audit_events').selectAll().execute();
        assert.equal(rows.length, all.length);
        const byId = new Map(rows.map(({ seq: _seq, ...row }) => [row.event_id, row]));
        for (const r of all) assert.deepEqual(byId.get(r.eventID), auditRowOf(r));
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('a record replaces every column of one recovered under its event id', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        const real = record('CreateUser');
        // Recovery's stand-in (recover-intents.ts): the same event id, every other column different.
        const recovered = {
          ...record('DeleteUser'),
          eventID: real.eventID,
          eventTime: '2020-01-01T00:00:00Z',
          recipientAccountId: '999999999999',
          eventSource: 'iam.amazonaws.com',
          readOnly: true,
          resources: [{ ARN: 'arn:aws:iam::999999999999:user/x', type: 'AWS::IAM::User' }],
        } as CloudTrailRecord;
        await writer.append(recovered);
        const others = Array.from({ length: 9 }, () => record());
        await Promise.all([writer.append(real), ...others.map((r) => writer.append(r))]);
        const { seq: _seq, ...row } = await store.db
          .selectFrom('audit_events')
          .selectAll()
          .where('event_id', '=', real.eventID)
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, auditRowOf(real));
        assert.notDeepEqual(auditRowOf(recovered), auditRowOf(real));
        assert.equal(await countEvents(store), 10);
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('intents commit, and the records resolving them delete them in their own commit', async () => {
      const store = await backend.open();
      try {
        const { store: counted, transactions } = counting(store);
        const writer = createAuditWriter(counted);
        const intentIds = async () =>
          (await store.db.selectFrom('audit_intents').select('event_id').execute()).map((r) => r.event_id).sort();
        const pending = Array.from({ length: 70 }, (_, i) => record(`CreateUser${i}`));
        await Promise.all(pending.map((p) => writer.appendIntent(p)));
        assert.deepEqual(await intentIds(), pending.map((p) => p.eventID).sort());
        const intent = await store.db
          .selectFrom('audit_intents')
          .selectAll()
          .where('event_id', '=', pending[0]!.eventID)
          .executeTakeFirstOrThrow();
        assert.equal(intent.record, auditRowOf(pending[0]!).record);
        assert.equal(typeof intent.created_at, 'number');
        // 69 of them resolved in one batch, beside a new intent and a record resolving nothing.
        const later = record('CreateRole');
        const plain = record();
        const before = transactions.length;
        await Promise.all([
          ...pending.slice(1).map((p) => writer.append(p, { resolvesIntent: p.eventID })),
          writer.appendIntent(later),
          writer.append(plain),
        ]);
        assert.equal(transactions.length, before + 1, 'one commit');
        assert.deepEqual(await intentIds(), [pending[0]!.eventID, later.eventID].sort());
        assert.equal(await countEvents(store), 70);
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('a failed commit rejects every append in its batch, and later appends still commit', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        const first = record();
        await writer.append(first);
        // A record without a time violates the table's NOT NULL event_time: the whole batch fails. (A repeated
        // event id does not fail: the later record replaces a recovered one, see recover-intents.ts.)
        const broken = { ...record(), eventTime: 'not a time' };
        const innocent = record();
        const results = await Promise.allSettled([writer.append(broken), writer.append(innocent)]);
        assert.deepEqual(
          results.map((r) => r.status),
          ['rejected', 'rejected'],
        );
        assert.equal(await countEvents(store), 1);
        await writer.append(innocent);
        assert.equal(await countEvents(store), 2);
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('flush waits for pending commits; close refuses further appends', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        const pending = Array.from({ length: 20 }, () => writer.append(record()));
        await writer.flush();
        assert.equal(await countEvents(store), 20);
        await Promise.all(pending);
        await writer.close();
        await assert.rejects(writer.append(record()), /closed/);
      } finally {
        await store.close();
      }
    });
  });
}
