// Multi-Region keys: ReplicateKey (same key id and material in another region, with its own policy, description,
// tags and state), UpdatePrimaryRegion (primary and replica swap), and reading a key's related keys.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import type { Database } from '../../store/schema.js';
import { partitionOf } from '../../aws/partitions.js';
import { deleteIfDue, isReplica, keyArn, keyMetadata, resolveKey, stateError, type KeyRow } from './keys.js';
import { currentMaterialId } from './material.js';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { checkTags, writeTags } from './tags.js';
import { dbOf, noteKey, whereOf } from './common.js';
import { kmsError, unsupported } from './errors.js';

type H = Handlers<KMSOperations>;

/** Every region's key of a multi-Region key (this one included), after deleting any whose window has closed. */
export async function relatedKeys(db: Kysely<Database>, row: KeyRow): Promise<KeyRow[]> {
  if (row.multi_region !== 1) return [row];
  const load = () => db.selectFrom('kms_keys').selectAll().where('key_id', '=', row.key_id).execute();
  const now = Date.now();
  let deleted = false;
  const first = await load();
  for (const key of first) if (key.region !== row.region && (await deleteIfDue(db, key, now))) deleted = true;
  const rows = deleted ? await load() : first;
  return rows.length > 0 ? rows : [row];
}

/** The row as it is now (a replica's deletion may just have moved its primary to PendingDeletion). */
function current(rows: readonly KeyRow[], row: KeyRow): KeyRow {
  return rows.find((k) => k.region === row.region) ?? row;
}

/** KeyMetadata with the key's MultiRegionConfiguration filled from its related keys. */
export async function fullMetadata(db: Kysely<Database>, row: KeyRow): Promise<ReturnType<typeof keyMetadata>> {
  const related = await relatedKeys(db, row);
  const key = current(related, row);
  return keyMetadata(key, await currentMaterialId(db, key), related);
}

const notPrimary = (key: KeyRow) => unsupported(`${key.arn} is not a multi-Region primary key.`);

/** The multi-Region primary key a ReplicateKey or UpdatePrimaryRegion request names, usable for the change. */
async function primaryKey(db: Kysely<Database>, ctx: Parameters<NonNullable<H['ReplicateKey']>>[0], keyId: string) {
  const key = await resolveKey(db, whereOf(ctx), keyId);
  noteKey(ctx, key);
  if (key.multi_region !== 1 || isReplica(key)) throw notPrimary(key);
  return key;
}

/** A region of this partition (Warden serves every region its partition names). */
function checkRegion(region: string, partition: string): void {
  if (partitionOf(region) !== partition) {
    throw unsupported(`The Region ${region} is not in the partition ${partition} of the primary key.`);
  }
}

export const replicateKey: NonNullable<H['ReplicateKey']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const primary = await primaryKey(db, ctx, input.KeyId);
  if (primary.key_state !== 'Enabled' && primary.key_state !== 'Disabled') throw stateError(primary);
  checkRegion(input.ReplicaRegion, ctx.partition);
  // A replica gets the primary's material; imported material must be imported into each replica separately,
  // which Warden does not model.
  if (primary.origin !== 'AWS_KMS') {
    throw unsupported(`${primary.arn} origin is ${primary.origin}, which Warden cannot replicate.`);
  }
  const tags = input.Tags ?? [];
  checkTags(tags);
  const policy = input.Policy ?? defaultKeyPolicy(ctx.partition, primary.account_id);
  if (input.Policy !== undefined) checkKeyPolicy(input.Policy, ctx.identity, input.BypassPolicyLockoutSafetyCheck);
  const arn = keyArn(ctx.partition, input.ReplicaRegion, primary.account_id, primary.key_id);
  const now = Date.now();
  // Shared properties (spec, usage, origin, material, rotation) come from the primary; the description, policy,
  // tags and aliases are the replica's own.
  const replica: KeyRow = {
    ...primary,
    region: input.ReplicaRegion,
    arn,
    description: input.Description ?? '',
    policy,
    created_at: now,
    deletion_at: null,
    pending_window_days: null,
  };
  await ctx.runtime.store.transaction(async (trx) => {
    const existing = await trx
      .selectFrom('kms_keys')
      .select('key_state')
      .where('key_id', '=', primary.key_id)
      .where('region', '=', input.ReplicaRegion)
      .executeTakeFirst();
    if (existing) throw kmsError('AlreadyExistsException', `Key ${arn} already exists`);
    await trx.insertInto('kms_keys').values(replica).execute();
    await writeTags(trx, replica, tags);
  });
  ctx.audit.resources?.push({ ARN: arn, accountId: primary.account_id, type: 'AWS::KMS::Key' });
  const related = await relatedKeys(db, replica);
  return {
    ReplicaKeyMetadata: keyMetadata(replica, await currentMaterialId(db, replica), related),
    ReplicaPolicy: policy,
    ...(tags.length > 0 ? { ReplicaTags: tags } : {}),
  };
};

export const updatePrimaryRegion: NonNullable<H['UpdatePrimaryRegion']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const primary = await primaryKey(db, ctx, input.KeyId);
  if (primary.key_state !== 'Enabled' && primary.key_state !== 'Disabled') throw stateError(primary);
  checkRegion(input.PrimaryRegion, ctx.partition);
  const related = await relatedKeys(db, primary);
  const target = related.find((k) => k.region === input.PrimaryRegion);
  if (!target || target.region === primary.region) {
    throw kmsError(
      'NotFoundException',
      `Key '${keyArn(ctx.partition, input.PrimaryRegion, primary.account_id, primary.key_id)}' does not exist`,
    );
  }
  if (target.key_state !== 'Enabled' && target.key_state !== 'Disabled') throw stateError(target);
  // Every related key names the new primary region; the old primary is now a replica.
  await db
    .updateTable('kms_keys')
    .set({ primary_region: input.PrimaryRegion })
    .where('key_id', '=', primary.key_id)
    .where('account_id', '=', primary.account_id)
    .execute();
};
