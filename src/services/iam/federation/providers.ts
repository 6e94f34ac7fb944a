// Identity provider rows (iam_providers) shared by the OIDC and SAML operations: ARNs, lookups, quotas and tags.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { parseArn } from '../../../aws/arn.js';
import type { AwsError } from '../../../aws/error.js';
import { isUniqueViolation } from '../../../store/errors.js';
import type { Tag } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { quotaExceeded } from '../errors.js';
import { loadTags, paginate, putTags, removeTags } from '../common.js';
import { STORED_PARTITION, inPartition } from '../policies/arns.js';
import type { IamProvidersTable } from '../tables.js';
import { mutateIam } from '../mutate.js';
import { accountScope, otherAccountScope } from '../../../store/account-scope.js';

type Db = Kysely<Database>;

export type ProviderKind = 'oidc' | 'saml';

/** The ARN resource prefix of each kind: `oidc-provider/<url without scheme>`, `saml-provider/<name>`. */
const RESOURCE_PREFIX: Readonly<Record<ProviderKind, string>> = {
  oidc: 'oidc-provider/',
  saml: 'saml-provider/',
};

/** IAM's default quotas: OpenIdConnectProvidersPerAccount and SAMLProvidersPerAccount. */
export const PROVIDERS_PER_ACCOUNT = 100;

/**
 * A provider's ARN as the store keys it: in the `aws` partition whatever partition the request came in, as managed
 * policy ARNs are (see policies/arns.ts), so one account reached through two partitions finds the same provider.
 */
export function storedProviderArn(kind: ProviderKind, accountId: string, name: string): string {
  return `arn:${STORED_PARTITION}:iam::${accountId}:${RESOURCE_PREFIX[kind]}${name}`;
}

/** The stored ARN shown in the caller's partition. */
export function providerArnFor(ctx: RequestContext, row: Pick<IamProvidersTable, 'arn'>): string {
  return inPartition(row.arn, ctx.partition);
}

/** What an ARN names when it names a provider of this kind: its account and name. Undefined otherwise. */
export function parseProviderArn(
  kind: ProviderKind,
  text: string,
): { partition: string; accountId: string; name: string } | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !/^\d{12}$/.test(arn.accountId)) return undefined;
  const prefix = RESOURCE_PREFIX[kind];
  if (!arn.resource.startsWith(prefix) || arn.resource.length === prefix.length) return undefined;
  return { partition: arn.partition, accountId: arn.accountId, name: arn.resource.slice(prefix.length) };
}

/**
 * The provider row an ARN names, in any partition (STS federation reads providers this way). OIDC providers match
 * their URL exactly; SAML provider names match regardless of case, as IAM names do.
 */
export async function findProviderByArn(
  db: Db,
  kind: ProviderKind,
  arnText: string,
): Promise<IamProvidersTable | undefined> {
  const parsed = parseProviderArn(kind, arnText);
  if (!parsed) return undefined;
  // The ARN's account, which STS federation reaches from any caller (findOwnProvider checks it is the caller's).
  let q = otherAccountScope(db, parsed.accountId).selectFrom('iam_providers').selectAll().where('kind', '=', kind);
  q =
    kind === 'saml'
      ? q.where(sql<string>`lower(name)`, '=', parsed.name.toLowerCase())
      : q.where('name', '=', parsed.name);
  return q.executeTakeFirst();
}

/**
 * The caller's own provider an ARN names: the ARN must be in the request's partition and the caller's account.
 * Undefined when there is none, for the operation to answer with its own NoSuchEntity wording.
 */
export async function findOwnProvider(
  ctx: RequestContext,
  db: Db,
  kind: ProviderKind,
  arnText: string,
): Promise<IamProvidersTable | undefined> {
  const parsed = parseProviderArn(kind, arnText);
  if (!parsed || parsed.partition !== ctx.partition || parsed.accountId !== ctx.identity.accountId) return undefined;
  return findProviderByArn(db, kind, arnText);
}

/** findOwnProvider, or the error notFound builds (each kind words its NoSuchEntity differently). */
export async function requireOwnProvider(
  ctx: RequestContext,
  db: Db,
  kind: ProviderKind,
  arnText: string,
  notFound: (arn: string) => AwsError,
): Promise<IamProvidersTable> {
  const row = await findOwnProvider(ctx, db, kind, arnText);
  if (!row) throw notFound(arnText);
  return row;
}

/** The account's providers of one kind, in ARN order (as IAM lists them). */
export async function listProviders(db: Db, accountId: string, kind: ProviderKind): Promise<IamProvidersTable[]> {
  return accountScope(db, accountId)
    .selectFrom('iam_providers')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('arn')
    .execute();
}

export async function countProviders(db: Db, accountId: string, kind?: ProviderKind): Promise<number> {
  let q = accountScope(db, accountId)
    .selectFrom('iam_providers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'));
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Inside a transaction: takes the provider row's lock (a no-op update) and re-reads it, so read-modify-write edits
 * of its config run one after the other on PostgreSQL as on SQLite.
 */
export async function lockProvider(trx: Db, arn: string): Promise<IamProvidersTable | undefined> {
  await trx
    .updateTable('iam_providers')
    .set((eb) => ({ created_at: eb.ref('created_at') }))
    .where('arn', '=', arn)
    .execute();
  return trx.selectFrom('iam_providers').selectAll().where('arn', '=', arn).executeTakeFirst();
}

/** Rewrites a provider's config JSON. */
export async function saveProviderConfig(trx: Db, arn: string, config: unknown): Promise<void> {
  await trx
    .updateTable('iam_providers')
    .set({ config: JSON.stringify(config) })
    .where('arn', '=', arn)
    .execute();
}

/** Deletes a provider row and its tags. */
export async function deleteProvider(trx: Db, row: IamProvidersTable): Promise<void> {
  await accountScope(trx, row.account_id)
    .deleteFrom('iam_tags')
    .where('resource_type', '=', row.kind)
    .where('resource_key', '=', row.arn)
    .execute();
  await trx.deleteFrom('iam_providers').where('arn', '=', row.arn).execute();
}

/** Tags of a provider: keyed by its stored ARN (iam_tags.resource_key), typed by its kind. */
export function providerTags(db: Db, row: IamProvidersTable): Promise<Tag[]> {
  return loadTags(db, row.account_id, row.kind, row.arn);
}

/** A List*ProviderTags page: Tags, IsTruncated and Marker. */
export function tagPage(ctx: RequestContext, tags: Tag[], input: { Marker?: string; MaxItems?: number }) {
  const page = paginate(ctx, tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) };
}

/** `{ Tags }` when there are any, as IAM leaves the member out of Get/Create answers otherwise. */
export function withTags(tags: Tag[] | undefined): { Tags?: Tag[] } {
  return tags && tags.length > 0 ? { Tags: tags } : {};
}

/** Tag*Provider: adds or overwrites tags (keys matched regardless of case), at most 50 in all. */
export async function tagProvider(
  ctx: RequestContext,
  kind: ProviderKind,
  arnText: string,
  tags: Tag[],
  notFound: (arn: string) => AwsError,
): Promise<void> {
  await mutateIam(ctx, async (trx) => {
    const row = await requireOwnProvider(ctx, trx, kind, arnText, notFound);
    await putTags(trx, row.account_id, kind, row.arn, tags);
  });
}

/** Untag*Provider: removes the named keys (matched regardless of case); keys it does not have are ignored. */
export async function untagProvider(
  ctx: RequestContext,
  kind: ProviderKind,
  arnText: string,
  keys: string[],
  notFound: (arn: string) => AwsError,
): Promise<void> {
  await mutateIam(ctx, async (trx) => {
    const row = await requireOwnProvider(ctx, trx, kind, arnText, notFound);
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const matching = (await providerTags(trx, row)).filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
    await removeTags(trx, row.account_id, kind, row.arn, matching);
  });
}

/** List*ProviderTags. */
export async function listProviderTags(
  ctx: RequestContext,
  kind: ProviderKind,
  arnText: string,
  input: { Marker?: string; MaxItems?: number },
  notFound: (arn: string) => AwsError,
) {
  const { db } = ctx.runtime.store;
  const row = await requireOwnProvider(ctx, db, kind, arnText, notFound);
  return tagPage(ctx, await providerTags(db, row), input);
}

/** IAM's quota names for the per-account provider limit, as its LimitExceeded messages spell them. */
const QUOTA_NAME: Readonly<Record<ProviderKind, string>> = {
  oidc: 'OpenIdConnectProvidersPerAccount',
  saml: 'SAMLProvidersPerAccount',
};

/**
 * Inserts a new provider with its tags in one transaction: `taken()` when the ARN exists (also when a racing
 * create wins the unique constraint), LimitExceeded past the account's quota.
 */
export async function insertProvider(
  ctx: RequestContext,
  row: IamProvidersTable,
  tags: Tag[],
  taken: () => AwsError,
): Promise<void> {
  const kind = row.kind as ProviderKind;
  try {
    await mutateIam(ctx, async (trx) => {
      if (await findProviderByArn(trx, kind, row.arn)) throw taken();
      if ((await countProviders(trx, row.account_id, kind)) >= PROVIDERS_PER_ACCOUNT) {
        throw quotaExceeded(QUOTA_NAME[kind], PROVIDERS_PER_ACCOUNT);
      }
      await trx.insertInto('iam_providers').values(row).execute();
      await putTags(trx, row.account_id, kind, row.arn, tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}
