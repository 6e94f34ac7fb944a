// The per-account WAF epoch: a token every WAF write replaces, so a node caching compiled web ACLs knows they are stale.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Dialect, Store } from '../../store/store.js';
import type { Database } from '../../store/schema.js';

/** As IAM's policy epoch (src/authz/policy-epoch.ts): a warden_meta row per account, `''` before any WAF write. */
export function wafEpochKey(accountId: string): string {
  return `wafv2-epoch:${accountId}`;
}

/** The PostgreSQL channel every WAF write notifies; the payload is `<schema> <account>` (`<schema> *`: all of them). */
export const WAF_EPOCH_CHANNEL = 'warden_wafv2_epoch';

/**
 * Replaces the account's WAF epoch; run it in the transaction of the change. On PostgreSQL it also queues a
 * notification, which the database delivers to every listening node when (and only if) the transaction commits.
 */
export async function bumpWafEpoch(db: Kysely<Database>, accountId: string, dialect?: Dialect): Promise<void> {
  const value = `${Date.now().toString(36)}.${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('warden_meta')
    .values({ key: wafEpochKey(accountId), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  if (dialect === 'postgres') await notifyWafEpoch(db, accountId);
}

/** Queues the notification that `account`'s epoch moved (`*`: every account's). */
export async function notifyWafEpoch(db: Kysely<Database>, account: string): Promise<void> {
  await sql`select pg_notify(${WAF_EPOCH_CHANNEL}, current_schema() || ' ' || ${account})`.execute(db);
}

export async function readWafEpoch(db: Kysely<Database>, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('warden_meta')
    .select('value')
    .where('key', '=', wafEpochKey(accountId))
    .executeTakeFirst();
  return row?.value ?? '';
}

/**
 * What one node knows of its accounts' WAF epochs. While it is *trusted*, an epoch once read is kept in memory and
 * dropped only when the node learns of a write: its own (`moved`, called after the write commits) or another
 * node's (a PostgreSQL notification, see epoch-listener.ts). Then a request needs no read at all. Untrusted (a
 * PostgreSQL node whose listening connection is down, or has not started), every request reads the epoch, as
 * concurrent requests sharing one read in flight, or trusting a read for `reuseMs`.
 */
/** What a cache was told, for caches that mirror it (data-plane workers' caches mirror the serving process's). */
export type EpochEvent =
  | { readonly kind: 'moved'; readonly account: string }
  | { readonly kind: 'all' }
  | { readonly kind: 'trusted'; readonly trusted: boolean };

export class WafEpochCache {
  /** Trusted epochs by account. */
  private readonly known = new Map<string, string>();
  private readonly reads = new Map<string, { value: string; readAt: number; inflight: Promise<string> | undefined }>();
  /** Moves with every invalidation: a read that started before one must not be kept as trusted. */
  private generation = 0;
  private trustedNow: boolean;
  private readonly followers = new Set<(event: EpochEvent) => Promise<void>>();
  /** What followers have not yet confirmed (see followed()). */
  private readonly following = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    trusted: boolean,
  ) {
    this.trustedNow = trusted;
  }

  get trusted(): boolean {
    return this.trustedNow;
  }

  /** Starts or stops trusting kept epochs; either way what was kept is dropped (notifications may have been lost). */
  setTrusted(trusted: boolean): void {
    this.trustedNow = trusted;
    this.dropAll();
    this.tell({ kind: 'trusted', trusted });
  }

  /** Tells `follower` of every move and trust change from now on, in order; the returned function stops it. */
  follow(follower: (event: EpochEvent) => Promise<void>): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** Resolves once every follower has taken what it was told so far (a failed follower counts as done). */
  async followed(): Promise<void> {
    // Every confirmation outstanding now, another write's too: each waits for what it was told, whoever asks first.
    await Promise.all([...this.following]);
  }

  /** Applies an event a followed cache was told. */
  apply(event: EpochEvent): void {
    if (event.kind === 'moved') this.moved(event.account);
    else if (event.kind === 'all') this.movedAll();
    else this.setTrusted(event.trusted);
  }

  private tell(event: EpochEvent): void {
    for (const f of this.followers) {
      const confirmed: Promise<void> = f(event)
        .catch(() => undefined)
        .finally(() => this.following.delete(confirmed));
      this.following.add(confirmed);
    }
  }

  /** The account's current epoch: from memory while trusted and known, else read (see the class comment). */
  current(account: string, reuseMs: number): string | Promise<string> {
    if (this.trustedNow) {
      const value = this.known.get(account);
      if (value !== undefined) return value;
    }
    let read = this.reads.get(account);
    if (read?.inflight) return read.inflight;
    if (read && !this.trustedNow && reuseMs > 0 && Date.now() - read.readAt < reuseMs) return read.value;
    if (!read) {
      read = { value: '', readAt: 0, inflight: undefined };
      this.reads.set(account, read);
    }
    const r = read;
    const generation = this.generation;
    r.inflight = readWafEpoch(this.db, account).then(
      (value) => {
        r.value = value;
        r.readAt = Date.now();
        r.inflight = undefined;
        // Kept only if nothing moved while the read was out: the value may predate that write.
        if (this.trustedNow && generation === this.generation) this.known.set(account, value);
        return value;
      },
      (err: unknown) => {
        r.inflight = undefined;
        throw err;
      },
    );
    return r.inflight;
  }

  /** The epochs kept as trusted, for a check against the database (epoch-listener.ts's poll). */
  snapshot(): ReadonlyMap<string, string> {
    return new Map(this.known);
  }

  /** The account's epoch moved (or may have): the next request reads it. */
  moved(account: string): void {
    this.generation++;
    this.known.delete(account);
    // A read already in flight may predate the write: later requests must not join it.
    const read = this.reads.get(account);
    if (read) read.inflight = undefined;
    this.reads.delete(account);
    this.tell({ kind: 'moved', account });
  }

  movedAll(): void {
    this.dropAll();
    this.tell({ kind: 'all' });
  }

  private dropAll(): void {
    this.generation++;
    this.known.clear();
    this.reads.clear();
  }
}

/** One cache per store handle: the writer (mutateWaf), the reset and the inspector of one node share it. */
const caches = new WeakMap<Store, WafEpochCache>();

/**
 * The store's epoch cache. SQLite is one node's file and every WAF write goes through this process, so its cache is
 * trusted from the start; a PostgreSQL one only while its node listens for other nodes' writes.
 */
export function wafEpochCache(store: Store): WafEpochCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new WafEpochCache(store.db, store.dialect === 'sqlite');
    caches.set(store, cache);
  }
  return cache;
}

/**
 * After a WAF write committed (or failed) on this node: its own next request reads the epoch, whatever the dialect;
 * resolves once the caches following this one (data-plane workers') have dropped it too.
 */
export async function wafEpochMoved(store: Store, account: string): Promise<void> {
  const cache = caches.get(store);
  if (!cache) return;
  cache.moved(account);
  await cache.followed();
}

/**
 * After something replaced WAF state outside mutateWaf (test-mode reset emptying every table): every account's next
 * request reads its epoch, on this node and, on PostgreSQL, on every other.
 */
export async function wafEpochsReplaced(store: Store): Promise<void> {
  const cache = caches.get(store);
  cache?.movedAll();
  await cache?.followed();
  if (store.dialect === 'postgres') await notifyWafEpoch(store.db, '*');
}
