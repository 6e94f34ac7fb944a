// Key rotation: automatic rotation settings and status, on-demand rotation, and the rotation history.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations, RotationsListEntry } from '../../aws/generated/kms.js';
import type { RequestContext } from '../../core/runtime.js';
import { isReplica, requireNotPendingDeletion, requireUsable, resolveKey, type KeyRow } from './keys.js';
import { rotateIfDue, rotateKeyMaterial } from './rotation.js';
import { DAY_MS, dbOf, page, whereOf } from './common.js';
import { invalidState, kmsError, unsupported } from './errors.js';

type H = Handlers<KMSOperations>;

const ON_DEMAND_LIMIT = 10;

/** Automatic rotation applies to symmetric encryption keys whose material KMS generated. */
async function rotatableKey(ctx: RequestContext, keyId: string): Promise<KeyRow> {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), keyId);
  requireUsable(key);
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') throw unsupported('');
  // Rotation is a shared property of a multi-Region key, set on its primary and synchronized to its replicas.
  if (isReplica(key)) throw unsupported(`${key.arn} is not a multi-Region primary key.`);
  if (key.origin !== 'AWS_KMS')
    throw unsupported(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  return key;
}

export const enableKeyRotation: NonNullable<H['EnableKeyRotation']> = async (ctx, input) => {
  const key = await rotatableKey(ctx, input.KeyId);
  const period = input.RotationPeriodInDays ?? key.rotation_period_days ?? 365;
  await dbOf(ctx)
    .updateTable('kms_keys')
    .set({ rotation_enabled: 1, rotation_period_days: period, next_rotation_at: Date.now() + period * DAY_MS })
    .where('key_id', '=', key.key_id)
    .execute();
};

export const disableKeyRotation: NonNullable<H['DisableKeyRotation']> = async (ctx, input) => {
  const key = await rotatableKey(ctx, input.KeyId);
  await dbOf(ctx)
    .updateTable('kms_keys')
    .set({ rotation_enabled: 0, next_rotation_at: null })
    .where('key_id', '=', key.key_id)
    .execute();
};

export const getKeyRotationStatus: NonNullable<H['GetKeyRotationStatus']> = async (ctx, input) => {
  const found = await resolveKey(dbOf(ctx), whereOf(ctx), input.KeyId, { allowCrossAccount: true });
  if (found.key_spec !== 'SYMMETRIC_DEFAULT') throw unsupported('');
  // A key in a custom key store has no rotation KMS could report (its material is the key manager's): KMS answers as
  // it does Enable/DisableKeyRotation, the answer users report from GetKeyRotationStatus for such keys
  // (crossplane-contrib/provider-aws#2336). Imported keys answer: KMS rotates their material on demand.
  if (found.origin === 'EXTERNAL_KEY_STORE' || found.origin === 'AWS_CLOUDHSM') {
    throw unsupported(`${found.arn} origin is ${found.origin} which is not valid for this operation.`);
  }
  const key = await rotateIfDue(ctx.runtime.store, ctx.runtime.secrets, found, Date.now());
  const enabled = key.rotation_enabled === 1;
  return {
    KeyId: key.arn,
    KeyRotationEnabled: enabled,
    ...(enabled && key.rotation_period_days !== null ? { RotationPeriodInDays: key.rotation_period_days } : {}),
    ...(enabled && key.next_rotation_at !== null ? { NextRotationDate: new Date(key.next_rotation_at) } : {}),
  };
};

export const rotateKeyOnDemand: NonNullable<H['RotateKeyOnDemand']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireUsable(key);
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') throw unsupported('');
  if (isReplica(key)) throw unsupported(`${key.arn} is not a multi-Region primary key.`);
  // A key in a custom key store has one external key, which KMS cannot rotate (RotateKeyOnDemand API reference).
  if (key.origin === 'EXTERNAL_KEY_STORE' || key.origin === 'AWS_CLOUDHSM') {
    throw unsupported(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  }
  if (key.origin === 'EXTERNAL') {
    const pending = await db
      .selectFrom('kms_key_materials')
      .select('version')
      .where('key_id', '=', key.key_id)
      .where('state', '=', 'PENDING_ROTATION')
      .executeTakeFirst();
    if (!pending) throw invalidState(`No available key material pending rotation for the key: ${key.arn}.`);
  }
  const done = await db
    .selectFrom('kms_key_materials')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('key_id', '=', key.key_id)
    .where('rotation_type', '=', 'ON_DEMAND')
    .executeTakeFirst();
  if (Number(done?.n ?? 0) >= ON_DEMAND_LIMIT) {
    throw kmsError(
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
  }
  const version = await ctx.runtime.store.transaction((trx) =>
    rotateKeyMaterial(trx, ctx.runtime.secrets, key, 'ON_DEMAND', Date.now()),
  );
  if (version === undefined) throw kmsError('ConflictException', `${key.arn} is being rotated by another request.`);
  return { KeyId: key.arn };
};

export const listKeyRotations: NonNullable<H['ListKeyRotations']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const found = await resolveKey(db, whereOf(ctx), input.KeyId);
  requireNotPendingDeletion(found);
  if (found.key_spec !== 'SYMMETRIC_DEFAULT') throw unsupported('');
  const key = await rotateIfDue(ctx.runtime.store, ctx.runtime.secrets, found, Date.now());
  const rows = await db
    .selectFrom('kms_key_materials')
    .selectAll()
    .where('key_id', '=', key.key_id)
    .orderBy('version')
    .execute();
  const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  const entries: RotationsListEntry[] = rows
    .filter((r) => all || r.rotation_type !== null)
    .map((r) => ({
      KeyId: key.arn,
      KeyMaterialId: r.material_id,
      KeyMaterialState: r.state as RotationsListEntry['KeyMaterialState'],
      ...(key.origin === 'EXTERNAL' ? { ImportState: r.material_wrapped === '' ? 'PENDING_IMPORT' : 'IMPORTED' } : {}),
      ...(r.rotated_at !== null ? { RotationDate: new Date(r.rotated_at) } : {}),
      ...(r.rotation_type !== null ? { RotationType: r.rotation_type as 'AUTOMATIC' } : {}),
    }));
  const { items, ...rest } = page(ctx, entries, input);
  return { Rotations: items, ...rest };
};
