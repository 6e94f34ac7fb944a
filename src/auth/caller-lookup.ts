// Finding an access key's caller: one query, and on SQLite its rows kept while the auth epoch has not moved.
import { sql, type Kysely } from 'kysely';
import type { Runtime } from '../core/runtime.js';
import type { Store } from '../store/store.js';
import type { AccessKeysTable, Database } from '../store/schema.js';
import { reusableQuery } from '../store/reusable-query.js';
import type { ListsEveryColumn } from '../store/listed-columns.js';
import { mapsPerOwner } from '../core/maps-per-owner.js';
import { ORG_EPOCH_KEY, POLICY_EPOCH_PREFIX } from '../authz/policy-epoch.js';

/**
 * access_keys' columns that move the auth epoch when they change (0170_iam_auth_epoch's trigger), and its bookkeeping,
 * which does not: a cached row may hold an older last use, so nothing may read it from this lookup.
 */
export const ACCESS_KEY_WATCHED = [
  'access_key_id',
  'account_id',
  'user_name',
  'principal_id',
  'secret_wrapped',
  'status',
  'created_at',
] as const satisfies readonly (keyof AccessKeysTable)[];
export const ACCESS_KEY_BOOKKEEPING = [
  'last_used_at',
  'last_used_service',
  'last_used_region',
] as const satisfies readonly (keyof AccessKeysTable)[];

/**
 * access_keys' columns, named rather than `k.*`: on PostgreSQL this query is a prepared statement, and one whose
 * result gains a column (a later migration) fails until its connection closes ("cached plan must not change result
 * type"). A column added to the table fails to compile here until it is sorted into watched or bookkeeping (and, if
 * watched, a migration adds it to the trigger).
 */
const ACCESS_KEY_COLUMNS = [...ACCESS_KEY_WATCHED, ...ACCESS_KEY_BOOKKEEPING] as const;
const everyColumnListed: ListsEveryColumn<AccessKeysTable, (typeof ACCESS_KEY_COLUMNS)[number]> = true;
void everyColumnListed;

/**
 * The access key, its account's status, its user (joined by the stable user id, so a renamed user keeps its keys)
 * and the account's policy epoch, in one query (built once: it runs on every request).
 */
function callerSelect(db: Kysely<Database>, accessKeyId: string) {
  return db
    .selectFrom('access_keys as k')
    .leftJoin('accounts as a', 'a.id', 'k.account_id')
    .leftJoin('iam_users as u', (j) =>
      j.onRef('u.user_id', '=', 'k.principal_id').onRef('u.account_id', '=', 'k.account_id'),
    )
    .leftJoin('warden_meta as m', (j) =>
      j.on('m.key', '=', sql<string>`${sql.lit(POLICY_EPOCH_PREFIX)} || ${sql.ref('k.account_id')}`),
    )
    .leftJoin('warden_meta as o', (j) => j.on('o.key', '=', ORG_EPOCH_KEY))
    .select(ACCESS_KEY_COLUMNS.map((column) => `k.${column}` as const))
    .select(['a.status as account_status', 'u.user_name as iam_user_name', 'u.path as iam_user_path'])
    .select(['m.value as policy_epoch', 'o.value as organizations_epoch'])
    .where('k.access_key_id', '=', accessKeyId);
}

const callerQuery = reusableQuery(1, callerSelect);

/** The same row with the auth epoch it was read at: one statement, so both come from one snapshot. */
const callerWithEpochQuery = reusableQuery(1, (db: Kysely<Database>, accessKeyId: string) =>
  callerSelect(db, accessKeyId).select((eb) =>
    eb.selectFrom('auth_epoch').select('value').where('id', '=', 1).as('auth_epoch'),
  ),
);

const authEpochQuery = reusableQuery(0, (db: Kysely<Database>) =>
  db.selectFrom('auth_epoch').select('value').where('id', '=', 1),
);

export type CallerRow = NonNullable<Awaited<ReturnType<typeof callerQuery.executeTakeFirst>>>;

/** Keys whose rows a store keeps; past this the least recently read is forgotten (it is read again when used). */
export const CALLER_CACHE_MAX_KEYS = 10_000;

interface Cached {
  row: Readonly<CallerRow>;
  epoch: number;
}

/** Per store: access key id → its row and the epoch it was read at. */
const cacheOf = mapsPerOwner<Store, string, Cached>();

/**
 * The caller's row for accessKeyId, or undefined when no such key exists. On SQLite a key read before costs one
 * read of the auth epoch instead of the five-table join (measured in the server: ~21 µs a lookup, most of it cache
 * misses the rest of the request causes, against a one-page read): the row is reused while the epoch is where it
 * was when the row was read, and read again otherwise. Unknown keys are never kept, so made-up key ids cannot fill it.
 */
export async function findCaller(runtime: Runtime, accessKeyId: string): Promise<Readonly<CallerRow> | undefined> {
  const { store } = runtime;
  if (store.dialect !== 'sqlite') return callerQuery.executeTakeFirst(store.db, accessKeyId);
  const cache = cacheOf(store);
  const cached = cache.get(accessKeyId);
  if (cached !== undefined) {
    const current = await authEpochQuery.executeTakeFirst(store.db);
    if (current !== undefined && current.value === cached.epoch) return cached.row;
  }
  const found = await callerWithEpochQuery.executeTakeFirst(store.db, accessKeyId);
  cache.delete(accessKeyId);
  if (found === undefined) return undefined;
  const { auth_epoch: epoch, ...row } = found;
  if (typeof epoch === 'number') {
    cache.set(accessKeyId, { row: Object.freeze(row), epoch });
    if (cache.size > CALLER_CACHE_MAX_KEYS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  return row;
}
