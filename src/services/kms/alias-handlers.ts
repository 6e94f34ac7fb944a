// Aliases: friendly names for keys, unique per account and region; alias/aws/ names belong to AWS.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { AliasListEntry, KMSOperations } from '../../aws/generated/kms.js';
import { aliasArn, requireNotPendingDeletion, resolveKey, sweepDueKeys, type KeyRow } from './keys.js';
import { dbOf, page, whereOf } from './common.js';
import { kmsError, notFound, validation } from './errors.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';

type H = Handlers<KMSOperations>;

function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
  if (name.startsWith('alias/aws/')) {
    throw kmsError('NotAuthorizedException', `Cannot create alias with prefix 'alias/aws/'`);
  }
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) throw validation(`${name} contains invalid characters for an alias`);
}

/** The alias's target key: a customer key in the caller's account, not pending deletion, never named by an alias. */
async function targetKey(ctx: RequestContext, targetKeyId: string): Promise<KeyRow> {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), targetKeyId);
  requireNotPendingDeletion(key);
  return key;
}

export const createAlias: NonNullable<H['CreateAlias']> = async (ctx, input) => {
  checkAliasName(input.AliasName);
  const key = await targetKey(ctx, input.TargetKeyId);
  const where = whereOf(ctx);
  const db = dbOf(ctx);
  const existing = await accountScope(db, where.accountId)
    .selectFrom('kms_aliases')
    .select('key_id')
    .where('region', '=', where.region)
    .where('alias_name', '=', input.AliasName)
    .executeTakeFirst();
  const arn = aliasArn(ctx.partition, where.region, where.accountId, input.AliasName);
  if (existing) throw kmsError('AlreadyExistsException', `An alias with the name ${arn} already exists`);
  const now = Date.now();
  await db
    .insertInto('kms_aliases')
    .values({
      account_id: where.accountId,
      region: where.region,
      alias_name: input.AliasName,
      key_id: key.key_id,
      created_at: now,
      updated_at: now,
    })
    .execute();
};

export const updateAlias: NonNullable<H['UpdateAlias']> = async (ctx, input) => {
  const where = whereOf(ctx);
  const db = dbOf(ctx);
  const existing = await accountScope(db, where.accountId)
    .selectFrom('kms_aliases')
    .select('key_id')
    .where('region', '=', where.region)
    .where('alias_name', '=', input.AliasName)
    .executeTakeFirst();
  if (!existing)
    throw notFound(`Alias ${aliasArn(ctx.partition, where.region, where.accountId, input.AliasName)} is not found.`);
  const key = await targetKey(ctx, input.TargetKeyId);
  const current = await db
    .selectFrom('kms_keys')
    .select(['key_spec', 'key_usage'])
    .where('key_id', '=', existing.key_id)
    .executeTakeFirst();
  if (current && (current.key_usage !== key.key_usage || current.key_spec !== key.key_spec)) {
    throw validation(
      `${key.arn} key type and usage is not compatible with the key the alias ${input.AliasName} is associated with.`,
    );
  }
  await accountScope(db, where.accountId)
    .updateTable('kms_aliases')
    .set({ key_id: key.key_id, updated_at: Date.now() })
    .where('region', '=', where.region)
    .where('alias_name', '=', input.AliasName)
    .execute();
};

export const deleteAlias: NonNullable<H['DeleteAlias']> = async (ctx, input) => {
  const where = whereOf(ctx);
  if (!input.AliasName.startsWith('alias/')) checkAliasName(input.AliasName);
  const result = await accountScope(dbOf(ctx), where.accountId)
    .deleteFrom('kms_aliases')
    .where('region', '=', where.region)
    .where('alias_name', '=', input.AliasName)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw notFound(`Alias ${aliasArn(ctx.partition, where.region, where.accountId, input.AliasName)} is not found.`);
  }
};

export const listAliases: NonNullable<H['ListAliases']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const where = whereOf(ctx);
  await sweepDueKeys(db, where.accountId, where.region, Date.now());
  let query = accountScope(db, where.accountId)
    .selectFrom('kms_aliases')
    .selectAll()
    .where('region', '=', where.region);
  if (input.KeyId !== undefined) {
    const key = await resolveKey(db, where, input.KeyId);
    query = query.where('key_id', '=', key.key_id);
  }
  const rows = await query.orderBy('alias_name').execute();
  const entries: AliasListEntry[] = rows.map((r) => ({
    AliasName: r.alias_name,
    AliasArn: aliasArn(ctx.partition, where.region, where.accountId, r.alias_name),
    TargetKeyId: r.key_id,
    CreationDate: new Date(r.created_at),
    LastUpdatedDate: new Date(r.updated_at),
  }));
  const { items, ...rest } = page(ctx, entries, input, 50);
  return { Aliases: items, ...rest };
};
