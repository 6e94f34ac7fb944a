// Rotating a key's material: a new version becomes current, old versions stay to decrypt what they sealed.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import { generateMaterial, insertMaterial } from './material.js';
import type { KeyRow } from './keys.js';
import { DAY_MS } from './common.js';

/**
 * Makes fresh material (AWS_KMS keys) or the pending imported material (EXTERNAL keys) current. Returns the new
 * version, or undefined when another request rotated the key first (the version it read is no longer current).
 */
export async function rotateKeyMaterial(
  trx: Kysely<Database>,
  secrets: SecretBox,
  key: KeyRow,
  rotationType: 'AUTOMATIC' | 'ON_DEMAND',
  now: number,
): Promise<number | undefined> {
  const last = await trx
    .selectFrom('kms_key_materials')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('key_id', '=', key.key_id)
    .executeTakeFirst();
  const pending = await trx
    .selectFrom('kms_key_materials')
    .select('version')
    .where('key_id', '=', key.key_id)
    .where('state', '=', 'PENDING_ROTATION')
    .executeTakeFirst();
  const version = pending?.version ?? Number(last?.v ?? 0) + 1;
  const nextRotation =
    key.rotation_enabled === 1 && key.rotation_period_days !== null ? now + key.rotation_period_days * DAY_MS : null;
  const claimed = await trx
    .updateTable('kms_keys')
    .set({
      current_version: version,
      ...(rotationType === 'AUTOMATIC' ? { next_rotation_at: nextRotation } : { on_demand_rotation_at: now }),
    })
    .where('key_id', '=', key.key_id)
    .where((eb) =>
      key.current_version === null
        ? eb('current_version', 'is', null)
        : eb('current_version', '=', key.current_version),
    )
    .executeTakeFirst();
  // Every region of a multi-Region key shares its material, so one claim moves them all.
  if (Number(claimed.numUpdatedRows) === 0) return undefined;
  await trx
    .updateTable('kms_key_materials')
    .set({ state: 'NON_CURRENT' })
    .where('key_id', '=', key.key_id)
    .where('state', '=', 'CURRENT')
    .execute();
  if (pending) {
    await trx
      .updateTable('kms_key_materials')
      .set({ state: 'CURRENT', rotation_type: rotationType, rotated_at: now })
      .where('key_id', '=', key.key_id)
      .where('version', '=', version)
      .execute();
  } else {
    await insertMaterial(trx, secrets, key, version, await generateMaterial(key.key_spec), {
      state: 'CURRENT',
      rotationType,
      now,
    });
  }
  return version;
}

/** Rotates an enabled key whose automatic rotation is due, and returns the key as it now is. */
export async function rotateIfDue(store: Store, secrets: SecretBox, key: KeyRow, now: number): Promise<KeyRow> {
  if (key.rotation_enabled !== 1 || key.next_rotation_at === null || key.next_rotation_at > now) return key;
  if (key.key_state !== 'Enabled' || key.origin !== 'AWS_KMS') return key;
  await store.transaction((trx) => rotateKeyMaterial(trx, secrets, key, 'AUTOMATIC', now));
  const fresh = await store.db
    .selectFrom('kms_keys')
    .selectAll()
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .executeTakeFirst();
  return fresh ?? key;
}
