// Key lifecycle: CreateKey, DescribeKey, ListKeys, descriptions, enable/disable, scheduled deletion and tags.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import { KEY_SPECS } from './specs.js';
import {
  hasCurrentMaterial,
  isReplica,
  keyArn,
  keyMetadata,
  requireNotPendingDeletion,
  resolveKey,
  stateError,
  sweepDueKeys,
} from './keys.js';
import { generateMaterial, insertMaterial } from './material.js';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { rotateIfDue } from './rotation.js';
import { fullMetadata, relatedKeys } from './multi-region.js';
import { checkTags, readTags, writeTags } from './tags.js';
import { DAY_MS, dbOf, noteKey, page, whereOf } from './common.js';
import { unsupported, validation } from './errors.js';
import { accountScope } from '../../store/account-scope.js';
import { externalKeyFor, externalKeyMetadata, recordExternalKey, withExternalKey } from './xks-keys.js';

type H = Handlers<KMSOperations>;

export const createKey: NonNullable<H['CreateKey']> = async (ctx, input) => {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw validation(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
  }
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const info = KEY_SPECS[keySpec];
  if (!info) throw unsupported(`KeySpec ${keySpec} is not supported in this region.`);
  if (input.KeyUsage === undefined && keySpec !== 'SYMMETRIC_DEFAULT') {
    throw validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (!(info.usages as readonly string[]).includes(keyUsage)) {
    throw validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
  }
  const origin = input.Origin ?? 'AWS_KMS';
  const tags = input.Tags ?? [];
  checkTags(tags);
  const where = whereOf(ctx);
  const policy = input.Policy ?? defaultKeyPolicy(ctx.partition, where.accountId);
  if (input.Policy !== undefined) checkKeyPolicy(input.Policy, ctx.identity, input.BypassPolicyLockoutSafetyCheck);
  // A key in a custom key store: its store and its external key at the proxy are checked first (./xks-keys.ts).
  const inStore = origin === 'EXTERNAL_KEY_STORE' || origin === 'AWS_CLOUDHSM';
  const external =
    inStore || input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined
      ? await externalKeyFor(ctx, input, keySpec, keyUsage)
      : undefined;

  const keyId = input.MultiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
  const arn = keyArn(ctx.partition, where.region, where.accountId, keyId);
  const now = Date.now();
  const material = origin !== 'EXTERNAL' ? await generateMaterial(keySpec) : undefined;
  const row = {
    key_id: keyId,
    account_id: where.accountId,
    region: where.region,
    arn,
    description: input.Description ?? '',
    key_spec: keySpec,
    key_usage: keyUsage,
    origin,
    key_state: material ? 'Enabled' : 'PendingImport',
    policy,
    multi_region: input.MultiRegion ? 1 : 0,
    primary_region: input.MultiRegion ? where.region : null,
    created_at: now,
    deletion_at: null,
    pending_window_days: null,
    rotation_enabled: 0,
    rotation_period_days: null,
    next_rotation_at: null,
    on_demand_rotation_at: null,
    current_version: material ? 1 : null,
    expiration_model: null,
    valid_to: null,
  };
  const materialId = await ctx.runtime.store.transaction(async (trx) => {
    await trx.insertInto('kms_keys').values(row).execute();
    await writeTags(trx, row, tags);
    if (external) await recordExternalKey(trx, row, external);
    if (!material) return undefined;
    return insertMaterial(trx, ctx.runtime.secrets, row, 1, material, { state: 'CURRENT', now });
  });
  ctx.audit.resources = [{ ARN: arn, accountId: where.accountId, type: 'AWS::KMS::Key' }];
  return { KeyMetadata: externalKeyMetadata(keyMetadata(row, materialId), external) };
};

export const describeKey: NonNullable<H['DescribeKey']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const found = await resolveKey(db, whereOf(ctx), input.KeyId, { allowAlias: true, allowCrossAccount: true });
  noteKey(ctx, found);
  const key = await rotateIfDue(ctx.runtime.store, ctx.runtime.secrets, found, Date.now());
  return { KeyMetadata: await withExternalKey(db, key, await fullMetadata(db, key)) };
};

export const listKeys: NonNullable<H['ListKeys']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const where = whereOf(ctx);
  await sweepDueKeys(db, where.accountId, where.region, Date.now());
  const rows = await accountScope(db, where.accountId)
    .selectFrom('kms_keys')
    .select(['key_id', 'arn'])
    .where('region', '=', where.region)
    .orderBy('key_id')
    .execute();
  const { items, ...rest } = page(ctx, rows, input);
  return { Keys: items.map((r) => ({ KeyId: r.key_id, KeyArn: r.arn })), ...rest };
};

export const updateKeyDescription: NonNullable<H['UpdateKeyDescription']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireNotPendingDeletion(key);
  await db
    .updateTable('kms_keys')
    .set({ description: input.Description })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
};

export const enableKey: NonNullable<H['EnableKey']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  if (key.key_state !== 'Enabled' && key.key_state !== 'Disabled') throw stateError(key);
  await db
    .updateTable('kms_keys')
    .set({ key_state: 'Enabled' })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
};

export const disableKey: NonNullable<H['DisableKey']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  if (key.key_state !== 'Enabled' && key.key_state !== 'Disabled') throw stateError(key);
  await db
    .updateTable('kms_keys')
    .set({ key_state: 'Disabled' })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
};

export const scheduleKeyDeletion: NonNullable<H['ScheduleKeyDeletion']> = async (ctx, input) => {
  const days = input.PendingWindowInDays ?? 30;
  if (days < 7) {
    throw validation(
      `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7`,
    );
  }
  if (days > 30) {
    throw validation(
      `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30`,
    );
  }
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireNotPendingDeletion(key);
  // KMS never deletes a primary that still has replicas: it waits in PendingReplicaDeletion, and its own window
  // starts when the last replica is deleted (see purgeKey).
  if (key.multi_region === 1 && !isReplica(key) && (await relatedKeys(db, key)).length > 1) {
    await db
      .updateTable('kms_keys')
      .set({ key_state: 'PendingReplicaDeletion', deletion_at: null, pending_window_days: days })
      .where('key_id', '=', key.key_id)
      .where('region', '=', key.region)
      .execute();
    return { KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days };
  }
  const deletionAt = Date.now() + days * DAY_MS;
  await db
    .updateTable('kms_keys')
    .set({ key_state: 'PendingDeletion', deletion_at: deletionAt, pending_window_days: days })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
  return { KeyId: key.arn, DeletionDate: new Date(deletionAt), KeyState: 'PendingDeletion', PendingWindowInDays: days };
};

export const cancelKeyDeletion: NonNullable<H['CancelKeyDeletion']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  if (key.key_state !== 'PendingDeletion' && key.key_state !== 'PendingReplicaDeletion') throw stateError(key);
  // A key whose imported material is gone goes back to waiting for it; any other key comes back disabled.
  const restored = (await hasCurrentMaterial(db, key)) ? 'Disabled' : 'PendingImport';
  await db
    .updateTable('kms_keys')
    .set({ key_state: restored, deletion_at: null, pending_window_days: null })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
  return { KeyId: key.arn };
};

export const tagResource: NonNullable<H['TagResource']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireNotPendingDeletion(key);
  const existing = (await readTags(db, key)).map((t) => t.TagKey);
  checkTags(input.Tags, existing);
  await ctx.runtime.store.transaction((trx) => writeTags(trx, key, input.Tags));
};

export const untagResource: NonNullable<H['UntagResource']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireNotPendingDeletion(key);
  if (input.TagKeys.length === 0) return;
  await db
    .deleteFrom('kms_tags')
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .where('tag_key', 'in', input.TagKeys)
    .execute();
};

export const listResourceTags: NonNullable<H['ListResourceTags']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  const { items, ...rest } = page(ctx, await readTags(db, key), input, 50);
  return { Tags: items, ...rest };
};
