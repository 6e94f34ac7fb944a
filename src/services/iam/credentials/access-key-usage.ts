// Keeps GetAccessKeyLastUsed current from real use: authentication reports each verified key, written at most once a minute.
import type { Runtime } from '../../../core/runtime.js';
import { mapsPerOwner } from '../../../core/maps-per-owner.js';

/** A key's last use is written at most this often (per process); AWS itself reports it with minutes of delay. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** Keys remembered per runtime; past this the least recently written are forgotten (they just write again). */
export const LAST_USED_MAX_TRACKED_KEYS = 10_000;

/** Per runtime (a process may run several servers, e.g. in tests): access key id → when its use was last written. */
const writesOf = mapsPerOwner<Runtime, string, number>();

/**
 * Records that accessKeyId was used (after its signature verified) for serviceName (the signing name, e.g. "iam",
 * "sts") in region. Never throws: a failed bookkeeping write must not fail the caller's request.
 */
export async function recordAccessKeyUse(
  runtime: Runtime,
  accessKeyId: string,
  serviceName: string,
  region: string,
  now: Date,
): Promise<void> {
  const writes = writesOf(runtime);
  const at = now.getTime();
  const last = writes.get(accessKeyId);
  if (last !== undefined && at - last < LAST_USED_WRITE_INTERVAL_MS && at >= last) return;
  // Claimed before the write so concurrent requests with one key do not all write.
  writes.delete(accessKeyId);
  writes.set(accessKeyId, at);
  if (writes.size > LAST_USED_MAX_TRACKED_KEYS) {
    const oldest = writes.keys().next().value;
    if (oldest !== undefined) writes.delete(oldest);
  }
  try {
    await runtime.store.db
      .updateTable('access_keys')
      .set({ last_used_at: at, last_used_service: serviceName, last_used_region: region })
      .where('access_key_id', '=', accessKeyId)
      // Another node may have written a later use already: never move the date backwards.
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
      .execute();
  } catch (err) {
    if (writes.get(accessKeyId) === at) writes.delete(accessKeyId);
    runtime.log.warn({ err, accessKeyId }, 'could not record access key use');
  }
}
