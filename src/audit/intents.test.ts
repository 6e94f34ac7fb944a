// Audit intents on every backend: written apart from the trail, resolved atomically with the record, recovered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { storeBackends } from '../../test/helpers/stores.js';
import type { Store } from '../store/store.js';
import { buildAuditRecord, type AuditInput, type CloudTrailRecord } from './record.js';
import { createAuditWriter } from './writer.js';
import { recoverAuditIntents, UNKNOWN_OUTCOME } from './recover-intents.js';
import { recordCall } from './record-call.js';

const ACCOUNT = '123456789012';

/** The audit input of a root CreateUser call (what the pipeline hands the trail). */
function createUserCall(userName: string): AuditInput {
  return {
    requestId: randomUUID(),
    service: 'iam',
    operation: 'CreateUser',
    eventSource: 'iam.amazonaws.com',
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
    input: { UserName: userName },
  };
}

function pendingCreateUser(userName = `u-${randomUUID().slice(0, 8)}`): CloudTrailRecord {
  return buildAuditRecord(createUserCall(userName));
}

/** The final record of the same call: same request, its own eventID, with what the handler answered. */
function finalOf(pending: CloudTrailRecord): CloudTrailRecord {
  return { ...pending, eventID: randomUUID(), responseElements: { user: { userName: 'x' } } };
}

async function count(store: Store, table: 'audit_events' | 'audit_intents'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function eventRecord(store: Store, eventId: string): Promise<CloudTrailRecord | undefined> {
  const row = await store.db
    .selectFrom('audit_events')
    .select('record')
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row && (JSON.parse(row.record) as CloudTrailRecord);
}

/** The store, counting its transactions. */
function counting(store: Store): { store: Store; transactions: () => number } {
  let n = 0;
  return {
    transactions: () => n,
    store: { ...store, dialect: store.dialect, db: store.db, transaction: (fn) => (n++, store.transaction(fn)) },
  };
}

for (const backend of storeBackends()) {
  describe(`audit intents on ${backend.name}`, { skip: backend.skip }, () => {
    test('an intent is durable once appendIntent resolves, and never in audit_events', async () => {
      const [node1, node2] = await backend.openNodes(2);
      try {
        const writer = createAuditWriter(node1);
        const pending = pendingCreateUser();
        await writer.appendIntent(pending);
        const row = await node2.db
          .selectFrom('audit_intents')
          .selectAll()
          .where('event_id', '=', pending.eventID)
          .executeTakeFirst();
        assert.ok(row, 'visible to a second connection');
        assert.deepEqual(JSON.parse(row.record), pending);
        assert.equal(await count(node2, 'audit_events'), 0, 'LookupEvents and delivery read only audit_events');
        await writer.close();
      } finally {
        await node1.close();
        await node2.close();
      }
    });

    test('the final record and the deletion of its intent commit together', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        const pending = pendingCreateUser();
        await writer.appendIntent(pending);
        const final = finalOf(pending);
        await writer.append(final, { resolvesIntent: pending.eventID });
        assert.equal(await count(store, 'audit_intents'), 0);
        assert.deepEqual(await eventRecord(store, final.eventID), final);

        // A final record whose commit fails leaves its intent: the call stays in the trail through recovery.
        const other = pendingCreateUser();
        await writer.appendIntent(other);
        const broken = { ...finalOf(other), eventTime: 'not a time' }; // no event_time: violates NOT NULL
        await assert.rejects(writer.append(broken, { resolvesIntent: other.eventID }));
        const left = await store.db.selectFrom('audit_intents').select('event_id').execute();
        assert.deepEqual(
          left.map((r) => r.event_id),
          [other.eventID],
        );
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('intents share group commits with records', async () => {
      const store = await backend.open();
      try {
        const { store: counted, transactions } = counting(store);
        const writer = createAuditWriter(counted, { maxBatch: 100 });
        const pendings = Array.from({ length: 150 }, () => pendingCreateUser());
        await Promise.all(pendings.map((p) => writer.appendIntent(p)));
        const afterIntents = transactions();
        assert.ok(afterIntents < 150 / 2, `150 intents in ${afterIntents} transactions`);
        // Finals of the first half resolve their intents while the second half's intents and finals arrive.
        await Promise.all([
          ...pendings.slice(0, 75).map((p) => writer.append(finalOf(p), { resolvesIntent: p.eventID })),
          ...Array.from({ length: 75 }, () => writer.appendIntent(pendingCreateUser())),
        ]);
        assert.ok(transactions() - afterIntents < 150 / 2, `${transactions() - afterIntents} transactions`);
        assert.equal(await count(store, 'audit_intents'), 150);
        assert.equal(await count(store, 'audit_events'), 75);
        await writer.close();
      } finally {
        await store.close();
      }
    });

    test('recovery turns every leftover intent into its record, outcome unknown, and is idempotent', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        // More than one recovery batch (200), plus one call whose final record did commit.
        const pendings = Array.from({ length: 450 }, () => pendingCreateUser());
        await Promise.all(pendings.map((p) => writer.appendIntent(p)));
        const answered = pendingCreateUser();
        await writer.appendIntent(answered);
        await writer.append(finalOf(answered), { resolvesIntent: answered.eventID });
        await writer.close();

        assert.equal(await recoverAuditIntents(store), 450);
        assert.equal(await count(store, 'audit_intents'), 0);
        assert.equal(await count(store, 'audit_events'), 451);
        const recovered = (await eventRecord(store, pendings[0].eventID))!;
        assert.deepEqual(recovered.additionalEventData, UNKNOWN_OUTCOME);
        assert.deepEqual(recovered.requestParameters, pendings[0].requestParameters);
        assert.equal(recovered.eventName, 'CreateUser');
        assert.equal(recovered.requestID, pendings[0].requestID);
        assert.equal(recovered.readOnly, false);
        assert.equal(recovered.responseElements, null);
        assert.equal(recovered.errorCode, undefined);
        // additionalEventData sits before requestID, where AWS writes it.
        const keys = Object.keys(recovered);
        assert.equal(keys.indexOf('additionalEventData') + 1, keys.indexOf('requestID'));

        assert.equal(await recoverAuditIntents(store), 0);
        assert.equal(await count(store, 'audit_events'), 451);
      } finally {
        await store.close();
      }
    });

    test('a sweep leaves young intents alone, and a late answer replaces what it recovered', async () => {
      const store = await backend.open();
      try {
        const writer = createAuditWriter(store);
        const runtime = { audit: writer };
        const pending = pendingCreateUser('slow-user');
        await writer.appendIntent(pending);
        // Another node's sweep: an intent younger than the grace period may be a live call.
        assert.equal(await recoverAuditIntents(store, Date.now() - 60_000), 0);
        // Past it, the intent is recovered as a record of unknown outcome ...
        assert.equal(await recoverAuditIntents(store, Date.now() + 1), 1);
        assert.deepEqual((await eventRecord(store, pending.eventID))!.additionalEventData, UNKNOWN_OUTCOME);
        // ... and the call, answering after all, replaces it with its real outcome: one record, not two.
        await recordCall(
          runtime,
          {
            ...createUserCall('slow-user'),
            requestId: pending.requestID,
            output: { User: { UserName: 'slow-user' } },
          },
          pending.eventID,
        );
        await writer.close();
        assert.equal(await count(store, 'audit_events'), 1);
        assert.equal(await count(store, 'audit_intents'), 0);
        const final = (await eventRecord(store, pending.eventID))!;
        assert.equal(final.additionalEventData?.outcome, undefined);
      } finally {
        await store.close();
      }
    });

    test('nodes recovering at once write each record once', async () => {
      const nodes = await backend.openNodes(3);
      try {
        const writer = createAuditWriter(nodes[0]);
        const pendings = Array.from({ length: 300 }, () => pendingCreateUser());
        await Promise.all(pendings.map((p) => writer.appendIntent(p)));
        await writer.close();
        // One record already written under an intent's id (a recovery that committed elsewhere) is left as it is.
        const already = { ...pendings[0], userAgent: 'recovered elsewhere' };
        await createAuditWriter(nodes[1]).append(already);

        const counts = await Promise.all(nodes.map((node) => recoverAuditIntents(node)));
        assert.ok(counts.reduce((a, b) => a + b, 0) >= 300, `recovered ${counts.join('+')}`);
        assert.equal(await count(nodes[0], 'audit_intents'), 0);
        assert.equal(await count(nodes[0], 'audit_events'), 300);
        assert.equal((await eventRecord(nodes[0], pendings[0].eventID))!.userAgent, 'recovered elsewhere');
      } finally {
        for (const node of nodes) await node.close();
      }
    });
  });
}
