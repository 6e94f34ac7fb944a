// Key material: generated with node:crypto, stored only wrapped under the master key, unwrapped into a small cache.
import { createHmac, randomBytes } from 'node:crypto';
import { ecKeyPair, rsaKeyPair } from './key-pairs.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SecretBox } from '../../store/secrets.js';
import { KEY_SPECS, SYMMETRIC_KEY_BYTES } from './specs.js';
import type { KeyRow } from './keys.js';
import { reusableQuery } from '../../store/reusable-query.js';

/** Fresh material for a key spec: 32 random bytes, HMAC key bytes, or a PKCS#8 DER private key. */
export async function generateMaterial(keySpec: string): Promise<Buffer> {
  const info = KEY_SPECS[keySpec];
  if (!info) throw new Error(`unknown key spec ${keySpec}`);
  switch (info.kind) {
    case 'symmetric':
      return randomBytes(SYMMETRIC_KEY_BYTES);
    case 'hmac':
      return randomBytes((info.bits ?? 256) / 8);
    case 'rsa':
      return (await rsaKeyPair(info.bits ?? 2048)).privateKey;
    case 'ec':
      return (await ecKeyPair(info.curve ?? 'prime256v1')).privateKey;
  }
}

/**
 * What wrapped material is bound to: the key's ARN, without its region for a multi-Region key, whose regions all
 * share one material.
 */
function wrapContext(keyArn: string, version: number): string {
  return `kms:${keyArn.replace(/^(arn:[^:]+:kms:)[^:]*(:\d{12}:key\/mrk-)/, '$1$2')}:${version}`;
}

/** Multi-Region material wrapped before 0031_kms_multi_region was bound to the ARN of the region it was made in. */
function legacyContext(keyArn: string, version: number): string {
  return `kms:${keyArn}:${version}`;
}

export function wrapMaterial(secrets: SecretBox, keyArn: string, version: number, material: Buffer): string {
  return secrets.wrap(material, wrapContext(keyArn, version));
}

/** A random KeyMaterialId (64 hex) for generated material. */
export function newMaterialId(): string {
  return randomBytes(32).toString('hex');
}

/** A stable KeyMaterialId for imported material, so re-importing the same bytes is recognised. */
export function importedMaterialId(secrets: SecretBox, keyId: string, material: Buffer): string {
  return createHmac('sha256', secrets.deriveKey('warden/kms/imported-material-id/v1'))
    .update(keyId)
    .update('\0')
    .update(material)
    .digest('hex');
}

export interface Material {
  version: number;
  materialId: string;
  bytes: Buffer;
}

const CACHE_LIMIT = 512;
/** Unwrapped material by key, version and wrapped value (so replaced or deleted material is never served stale). */
const cache = new Map<string, Buffer>();

function unwrapCached(secrets: SecretBox, keyArn: string, version: number, wrapped: string): Buffer {
  const cacheKey = `${keyArn}|${version}|${wrapped}`;
  const hit = cache.get(cacheKey);
  if (hit) {
    cache.delete(cacheKey);
    cache.set(cacheKey, hit);
    return hit;
  }
  let bytes: Buffer;
  try {
    bytes = secrets.unwrap(wrapped, wrapContext(keyArn, version));
  } catch (err) {
    if (wrapContext(keyArn, version) === legacyContext(keyArn, version)) throw err;
    bytes = secrets.unwrap(wrapped, legacyContext(keyArn, version));
  }
  cache.set(cacheKey, bytes);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return bytes;
}

/** A version of a key's material: built once, as every Encrypt and Decrypt reads one. */
const materialVersionQuery = reusableQuery(2, (db: Kysely<Database>, keyId: string, version: number) =>
  db
    .selectFrom('kms_key_materials')
    .select(['version', 'material_id', 'material_wrapped', 'state'])
    .where('key_id', '=', keyId)
    .where('version', '=', version),
);

/** One version of a key's material, or undefined when that version does not exist or its material was deleted. */
export async function loadMaterial(
  db: Kysely<Database>,
  secrets: SecretBox,
  key: KeyRow,
  version: number,
): Promise<Material | undefined> {
  const row = await materialVersionQuery.executeTakeFirst(db, key.key_id, version);
  if (!row || row.material_wrapped === '' || row.state === 'PENDING_ROTATION') return undefined;
  return {
    version: row.version,
    materialId: row.material_id,
    bytes: unwrapCached(secrets, key.arn, version, row.material_wrapped),
  };
}

/** The material new ciphertexts and signatures use. */
export async function currentMaterial(db: Kysely<Database>, secrets: SecretBox, key: KeyRow): Promise<Material> {
  const material = key.current_version === null ? undefined : await loadMaterial(db, secrets, key, key.current_version);
  if (!material) throw new Error('usable key without current material');
  return material;
}

export async function currentMaterialId(db: Kysely<Database>, key: KeyRow): Promise<string | undefined> {
  if (key.current_version === null) return undefined;
  const row = await db
    .selectFrom('kms_key_materials')
    .select('material_id')
    .where('key_id', '=', key.key_id)
    .where('version', '=', key.current_version)
    .executeTakeFirst();
  return row?.material_id;
}

/** Stores a version of material (already wrapped) and returns its id. */
export async function insertMaterial(
  db: Kysely<Database>,
  secrets: SecretBox,
  key: { key_id: string; arn: string },
  version: number,
  material: Buffer,
  opts: { materialId?: string; state: string; rotationType?: string | null; now: number },
): Promise<string> {
  const materialId = opts.materialId ?? newMaterialId();
  await db
    .insertInto('kms_key_materials')
    .values({
      key_id: key.key_id,
      version,
      material_id: materialId,
      material_wrapped: wrapMaterial(secrets, key.arn, version, material),
      state: opts.state,
      rotation_type: opts.rotationType ?? null,
      rotated_at: opts.rotationType ? opts.now : null,
      created_at: opts.now,
    })
    .execute();
  return materialId;
}
