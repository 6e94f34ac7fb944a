// Storage of WAF's four resource kinds: find by Name+Id+Scope, create with a fresh Id and LockToken, update under lock.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { wafArn, type Kind } from './arns.js';
import { associated, duplicate, limitsExceeded, nonexistent, optimisticLock } from './errors.js';
import type { Wafv2ResourcesTable } from './tables.js';

type Ctx = Pick<RequestContext, 'runtime' | 'identity' | 'region' | 'partition'>;

/**
 * Per account, Region and scope, AWS WAF's default quotas ("AWS WAF quotas", developer guide): 100 web ACLs,
 * 100 rule groups, 100 IP sets, 10 regex pattern sets.
 */
const QUOTAS: Readonly<Record<Kind, number>> = { webacl: 100, rulegroup: 100, ipset: 100, regexpatternset: 10 };

export interface Identifying {
  Name: string;
  Scope: string;
  Id: string;
}

export async function findResource(
  db: Kysely<Database>,
  ctx: Ctx,
  kind: Kind,
  key: Identifying,
): Promise<Wafv2ResourcesTable | undefined> {
  return accountScope(db, ctx.identity.accountId)
    .selectFrom('wafv2_resources')
    .selectAll()
    .where('arn', '=', wafArn(ctx, key.Scope, kind, key.Name, key.Id))
    .executeTakeFirst();
}

export async function requireResource(
  db: Kysely<Database>,
  ctx: Ctx,
  kind: Kind,
  key: Identifying,
): Promise<Wafv2ResourcesTable> {
  const row = await findResource(db, ctx, kind, key);
  if (!row) throw nonexistent();
  return row;
}

/** The resource, if LockToken is its current one: AWS refuses a change made from a stale read. */
export async function lockedResource(
  db: Kysely<Database>,
  ctx: Ctx,
  kind: Kind,
  key: Identifying,
  lockToken: string,
): Promise<Wafv2ResourcesTable> {
  const row = await requireResource(db, ctx, kind, key);
  if (row.lock_token !== lockToken) throw optimisticLock();
  return row;
}

export interface NewResource {
  kind: Kind;
  scope: string;
  name: string;
  description: string | undefined;
  capacity: number | null;
  /** The model-shaped body, given the new Id and ARN. */
  body: (id: string, arn: string) => Record<string, unknown>;
}

export async function insertResource(
  db: Kysely<Database>,
  ctx: Ctx,
  r: NewResource,
): Promise<{ id: string; arn: string; lockToken: string }> {
  const scoped = accountScope(db, ctx.identity.accountId);
  const same = await scoped
    .selectFrom('wafv2_resources')
    .select(['name'])
    .where('region', '=', ctx.region)
    .where('scope', '=', r.scope)
    .where('kind', '=', r.kind)
    .execute();
  if (same.some((s) => s.name === r.name)) throw duplicate();
  if (same.length >= QUOTAS[r.kind]) throw limitsExceeded();
  const id = randomUUID();
  const arn = wafArn(ctx, r.scope, r.kind, r.name, id);
  const lockToken = randomUUID();
  const now = Date.now();
  await scoped
    .insertInto('wafv2_resources')
    .values({
      arn,
      region: ctx.region,
      scope: r.scope,
      kind: r.kind,
      id,
      name: r.name,
      description: r.description ?? null,
      lock_token: lockToken,
      body: JSON.stringify(r.body(id, arn)),
      capacity: r.capacity,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, arn, lockToken };
}

/** Replaces the body (and capacity) of a locked resource; returns the next LockToken. */
export async function updateResource(
  db: Kysely<Database>,
  ctx: Ctx,
  row: Wafv2ResourcesTable,
  body: Record<string, unknown>,
  description: string | undefined,
  capacity: number | null,
): Promise<string> {
  const next = randomUUID();
  const result = await accountScope(db, ctx.identity.accountId)
    .updateTable('wafv2_resources')
    .set({
      body: JSON.stringify(body),
      description: description ?? null,
      capacity,
      lock_token: next,
      updated_at: Date.now(),
    })
    .where('arn', '=', row.arn)
    .where('lock_token', '=', row.lock_token)
    .executeTakeFirst();
  // Another writer committed between our read and this update.
  if (Number(result.numUpdatedRows) !== 1) throw optimisticLock();
  return next;
}

export async function deleteResource(db: Kysely<Database>, ctx: Ctx, row: Wafv2ResourcesTable): Promise<void> {
  const scoped = accountScope(db, ctx.identity.accountId);
  const result = await scoped
    .deleteFrom('wafv2_resources')
    .where('arn', '=', row.arn)
    .where('lock_token', '=', row.lock_token)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw optimisticLock();
  await scoped.deleteFrom('wafv2_references').where('from_arn', '=', row.arn).execute();
  await scoped.deleteFrom('wafv2_tags').where('arn', '=', row.arn).execute();
}

/** Refuses to delete what a web ACL or rule group still references. */
export async function assertUnreferenced(db: Kysely<Database>, accountId: string, arn: string): Promise<void> {
  const ref = await accountScope(db, accountId)
    .selectFrom('wafv2_references')
    .select('from_arn')
    .where('to_arn', '=', arn)
    .executeTakeFirst();
  if (ref) throw associated();
}

/** Records what `from` references, replacing what it referenced before. */
export async function setReferences(
  db: Kysely<Database>,
  accountId: string,
  from: string,
  to: readonly string[],
): Promise<void> {
  const scoped = accountScope(db, accountId);
  await scoped.deleteFrom('wafv2_references').where('from_arn', '=', from).execute();
  const unique = [...new Set(to)];
  if (unique.length > 0) {
    await scoped
      .insertInto('wafv2_references')
      .values(unique.map((t) => ({ from_arn: from, to_arn: t })))
      .execute();
  }
}

export async function listResources(
  db: Kysely<Database>,
  ctx: Ctx,
  kind: Kind,
  scope: string,
): Promise<Wafv2ResourcesTable[]> {
  return accountScope(db, ctx.identity.accountId)
    .selectFrom('wafv2_resources')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('scope', '=', scope)
    .where('kind', '=', kind)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The Summary AWS's List* calls return for each resource. */
export function summaryOf(row: Wafv2ResourcesTable): {
  Name: string;
  Id: string;
  Description?: string;
  LockToken: string;
  ARN: string;
} {
  return {
    Name: row.name,
    Id: row.id,
    ...(row.description !== null ? { Description: row.description } : {}),
    LockToken: row.lock_token,
    ARN: row.arn,
  };
}
