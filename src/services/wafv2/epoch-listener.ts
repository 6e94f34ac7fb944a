// On PostgreSQL, how a node learns of other nodes' WAF writes: LISTEN on one connection of its own, plus a poll.
import pg from 'pg';
import type { Runtime, RunningService } from '../../core/runtime.js';
import { WAF_EPOCH_CHANNEL, wafEpochCache, wafEpochKey, type WafEpochCache } from './epoch.js';

/**
 * How often the kept epochs are compared with the database, on the listening connection. It catches a write whose
 * notification never came (a node of an earlier Warden version does not notify), and a connection that went quiet
 * without failing (the poll then fails and the connection is replaced).
 */
export const EPOCH_POLL_MS = 1000;
/** A poll or connect taking longer than this counts as a lost connection. */
const QUERY_TIMEOUT_MS = 5000;
/** Waits between reconnection attempts while the database is unreachable. */
const RECONNECT_MS = [100, 500, 1000, 2000, 5000];
/** Seen in pg_stat_activity, so an operator can tell the listening connections apart. */
export const EPOCH_LISTENER_APPLICATION = 'warden-wafv2-epoch';

/**
 * Starts listening (PostgreSQL only; on SQLite every write is this node's own). Until the first LISTEN succeeds,
 * and whenever the connection is lost, the node's cache is untrusted: each request reads the epoch, so a change still
 * applies to the next request, at the price of a read.
 */
export function startWafEpochListener(runtime: Runtime): RunningService {
  const url = runtime.config.databaseUrl;
  if (runtime.store.dialect !== 'postgres' || url === undefined) return { stop: async () => {} };
  const cache = wafEpochCache(runtime.store);
  let stopped = false;
  let client: pg.Client | undefined;
  let poll: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const lost = (err: unknown) => {
    if (stopped) return;
    cache.setTrusted(false);
    if (poll) clearInterval(poll);
    poll = undefined;
    const old = client;
    client = undefined;
    old?.removeAllListeners('notification');
    // A connection that failed may not end cleanly; its errors are not ours to raise.
    old?.on('error', () => {});
    void old?.end().catch(() => {});
    if (failures++ === 0)
      runtime.log.warn({ err }, 'WAF epoch listener lost its connection; reading epochs per request');
    const wait = RECONNECT_MS[Math.min(failures - 1, RECONNECT_MS.length - 1)]!;
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
  };

  const connect = async () => {
    retry = undefined;
    if (stopped) return;
    const c = new pg.Client({
      connectionString: url,
      application_name: EPOCH_LISTENER_APPLICATION,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    c.on('error', (err) => {
      if (client === c) lost(err);
    });
    c.on('end', () => {
      if (client === c) lost(new Error('connection ended'));
    });
    try {
      await c.connect();
      const { rows } = await c.query<{ schema: string }>('select current_schema() as schema');
      const schema = rows[0]?.schema ?? '';
      c.on('notification', (msg) => {
        if (msg.channel !== WAF_EPOCH_CHANNEL || msg.payload === undefined) return;
        const space = msg.payload.indexOf(' ');
        // Other schemas on the same database (isolated test runs) notify the same channel.
        if (space < 0 || msg.payload.slice(0, space) !== schema) return;
        const account = msg.payload.slice(space + 1);
        if (account === '*') cache.movedAll();
        else cache.moved(account);
      });
      await c.query(`LISTEN ${WAF_EPOCH_CHANNEL}`);
      if (stopped) {
        await c.end();
        return;
      }
      client = c;
      failures = 0;
      // From here every committed write is announced; what was read before may predate one, so it is dropped.
      cache.setTrusted(true);
      poll = setInterval(() => void check(c, cache).catch((err: unknown) => client === c && lost(err)), EPOCH_POLL_MS);
      poll.unref();
    } catch (err) {
      // lost() ends the client and schedules the next attempt.
      client = c;
      if (stopped) client = undefined;
      if (!stopped) lost(err);
      else void c.end().catch(() => {});
    }
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (poll) clearInterval(poll);
      if (retry) clearTimeout(retry);
      cache.setTrusted(false);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

/** Compares the kept epochs with the database's; an account whose epoch differs is dropped. */
async function check(client: pg.Client, cache: WafEpochCache): Promise<void> {
  const kept = cache.snapshot();
  if (kept.size === 0) {
    await client.query('select 1');
    return;
  }
  const keys = [...kept.keys()].map(wafEpochKey);
  const { rows } = await client.query<{ key: string; value: string }>(
    'select key, value from warden_meta where key = any($1)',
    [keys],
  );
  const now = new Map(rows.map((r) => [r.key, r.value]));
  for (const [account, value] of kept) if ((now.get(wafEpochKey(account)) ?? '') !== value) cache.moved(account);
}
