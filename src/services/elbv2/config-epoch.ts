// The ELBv2 configuration epoch: a token every ELBv2 write replaces, so each node's data plane learns of other nodes' changes.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Runtime } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';

/** One warden_meta row for the whole data plane (its configuration spans every account); `''` before any write. */
export const ELBV2_EPOCH_KEY = 'elbv2-config-epoch';

/** How often a node sharing a PostgreSQL database checks the epoch (docs/elbv2.md states the resulting bound). */
export const EPOCH_POLL_MS = 1000;

async function bumpEpoch(db: Kysely<Database>): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: ELBV2_EPOCH_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function readElbv2Epoch(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('warden_meta').select('value').where('key', '=', ELBV2_EPOCH_KEY).executeTakeFirst();
  return row?.value ?? '';
}

/**
 * An ELBv2 write transaction: `fn`'s changes and a new epoch commit together, so no node can see the one without
 * the other (a node that dies right after committing still leaves the epoch moved).
 */
export function elbv2Transaction<T>(runtime: Runtime, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return runtime.store.transaction(async (trx) => {
    const result = await fn(trx);
    await bumpEpoch(trx);
    return result;
  });
}

/**
 * Checks the epoch every `intervalMs`, off the request path, and calls `reconcile` when it moved from `initial` (read
 * before the data plane's configuration was built) or from the last check. A node's own writes move it too:
 * reconciling to the configuration it already serves changes nothing. One check at a time; a failed read or
 * reconcile is logged and tried again at the next tick.
 */
export function followElbv2Epoch(
  runtime: Runtime,
  initial: string,
  reconcile: () => Promise<unknown>,
  intervalMs = EPOCH_POLL_MS,
): { stop(): Promise<void> } {
  let seen = initial;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    // Read before reconciling: the tables it then reads are at least as new as this epoch.
    const epoch = await readElbv2Epoch(runtime.store.db);
    if (epoch === seen || stopped) return;
    await reconcile();
    seen = epoch;
  };
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      running = check()
        .catch((err: unknown) => runtime.log.warn({ err }, 'ELBv2 configuration epoch check failed'))
        .then(() => {
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
