// What authorization reads of IAM's users, roles, groups and policies (paths, tags, boundaries, trust policies), per epoch.
import type { Kysely } from 'kysely';
import type {
  AccountDirectory,
  GroupFacts,
  PolicyFacts,
  RoleFacts,
  Tags,
  UserFacts,
} from '../../../core/authorization.js';
import { isFresh } from '../../../authz/principal-cache.js';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';

async function loadTags(db: Kysely<Database>, accountId: string, type: string, key: string): Promise<Tags> {
  const rows = await accountScope(db, accountId)
    .selectFrom('iam_tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_type', '=', type)
    .where('resource_key', '=', key)
    .execute();
  const tags: Record<string, string> = {};
  for (const r of rows) tags[r.tag_key] = r.tag_value;
  return tags;
}

async function loadUser(db: Kysely<Database>, accountId: string, lc: string): Promise<UserFacts | null> {
  const [row, tags] = await Promise.all([
    accountScope(db, accountId)
      .selectFrom('iam_users')
      .select(['user_name', 'path', 'user_id', 'permissions_boundary_arn'])
      .where('name_lc', '=', lc)
      .executeTakeFirst(),
    loadTags(db, accountId, 'user', lc),
  ]);
  if (!row) return null;
  return { name: row.user_name, path: row.path, id: row.user_id, boundaryArn: row.permissions_boundary_arn, tags };
}

async function loadRole(db: Kysely<Database>, accountId: string, lc: string): Promise<RoleFacts | null> {
  const [row, tags] = await Promise.all([
    accountScope(db, accountId)
      .selectFrom('iam_roles')
      .select(['role_name', 'path', 'role_id', 'permissions_boundary_arn', 'assume_role_policy_document'])
      .select('service_linked_to')
      .where('name_lc', '=', lc)
      .executeTakeFirst(),
    loadTags(db, accountId, 'role', lc),
  ]);
  if (!row) return null;
  return {
    name: row.role_name,
    path: row.path,
    id: row.role_id,
    boundaryArn: row.permissions_boundary_arn,
    tags,
    trustPolicy: row.assume_role_policy_document,
    serviceLinked: row.service_linked_to !== null,
  };
}

async function loadGroup(db: Kysely<Database>, accountId: string, lc: string): Promise<GroupFacts | null> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_groups')
    .select(['group_name', 'path'])
    .where('name_lc', '=', lc)
    .executeTakeFirst();
  return row ? { name: row.group_name, path: row.path } : null;
}

async function loadPolicy(db: Kysely<Database>, accountId: string, arn: string): Promise<PolicyFacts | null> {
  const [row, tags] = await Promise.all([
    db.selectFrom('iam_policies').select(['policy_name', 'path']).where('arn', '=', arn).executeTakeFirst(),
    loadTags(db, accountId, 'policy', arn),
  ]);
  return row ? { name: row.policy_name, path: row.path, tags } : null;
}

/** One account's entities as of one epoch; lookups are coalesced and remembered until the epoch moves. */
class StoredAccountDirectory implements AccountDirectory {
  private readonly users = new Map<string, Promise<UserFacts | null>>();
  private readonly roles = new Map<string, Promise<RoleFacts | null>>();
  private readonly groups = new Map<string, Promise<GroupFacts | null>>();
  private readonly policies = new Map<string, Promise<PolicyFacts | null>>();
  private readonly keyOwners = new Map<string, Promise<string | null>>();
  private size = 0;

  constructor(
    readonly epoch: string,
    /** When it was made (ms): it serves no longer than compiled policies are cached (POLICY_CACHE_LIFETIME_MS). */
    readonly createdAt: number,
    private readonly db: Kysely<Database>,
    private readonly accountId: string,
  ) {}

  private remember<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = map.get(key);
    if (hit === undefined) {
      if (++this.size > ENTRIES_PER_ACCOUNT) this.clear();
      hit = load();
      map.set(key, hit);
      // A failed read is not remembered: the next request tries again.
      hit.catch(() => map.delete(key));
    }
    return hit;
  }

  private clear(): void {
    this.users.clear();
    this.roles.clear();
    this.groups.clear();
    this.policies.clear();
    this.keyOwners.clear();
    this.size = 0;
  }

  user(name: string): Promise<UserFacts | null> {
    const lc = name.toLowerCase();
    return this.remember(this.users, lc, () => loadUser(this.db, this.accountId, lc));
  }

  role(name: string): Promise<RoleFacts | null> {
    const lc = name.toLowerCase();
    return this.remember(this.roles, lc, () => loadRole(this.db, this.accountId, lc));
  }

  group(name: string): Promise<GroupFacts | null> {
    const lc = name.toLowerCase();
    return this.remember(this.groups, lc, () => loadGroup(this.db, this.accountId, lc));
  }

  policy(arn: string): Promise<PolicyFacts | null> {
    return this.remember(this.policies, arn, () => loadPolicy(this.db, this.accountId, arn));
  }

  /** The user name owning an access key of this account (null for root keys and unknown keys). */
  accessKeyOwner(accessKeyId: string): Promise<string | null> {
    return this.remember(this.keyOwners, accessKeyId, async () => {
      const row = await accountScope(this.db, this.accountId)
        .selectFrom('access_keys')
        .select('user_name')
        .where('access_key_id', '=', accessKeyId)
        .executeTakeFirst();
      return row?.user_name ?? null;
    });
  }
}

const ENTRIES_PER_ACCOUNT = 10_000;
const ACCOUNTS = 1_000;
/** Per store (a process may serve several, as tests do), per account. */
let directories = new WeakMap<Kysely<Database>, Map<string, StoredAccountDirectory>>();

/**
 * The directory of an account for the given epoch: a new, empty one when the epoch moved or the current one has
 * lived its lifetime (the same as compiled policies', which are built from it). `now` is the clock (tests).
 */
export function accountDirectory(
  db: Kysely<Database>,
  accountId: string,
  epoch: string,
  now: number = Date.now(),
): AccountDirectory {
  let perAccount = directories.get(db);
  if (perAccount === undefined) directories.set(db, (perAccount = new Map()));
  let dir = perAccount.get(accountId);
  if (dir === undefined || dir.epoch !== epoch || !isFresh(dir.createdAt, now)) {
    if (perAccount.size >= ACCOUNTS) perAccount.delete(perAccount.keys().next().value!);
    dir = new StoredAccountDirectory(epoch, now, db, accountId);
    perAccount.delete(accountId);
    perAccount.set(accountId, dir);
  }
  return dir;
}

/** Forgets every cached entity (tests; a store reset). */
export function clearIamDirectories(): void {
  directories = new WeakMap();
}
