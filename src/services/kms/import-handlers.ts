// Imported key material: wrapping parameters, importing (RSA-OAEP or RSA + AES key wrap), and deleting it again.
import { constants, createDecipheriv, createHash, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import type { RequestContext } from '../../core/runtime.js';
import { requireNotPendingDeletion, resolveKey, type KeyRow } from './keys.js';
import { importedMaterialId, insertMaterial, wrapMaterial } from './material.js';
import { KEY_SPECS, hashOf } from './specs.js';
import { DAY_MS, dbOf, whereOf } from './common.js';
import { rsaKeyPair } from './key-pairs.js';
import { invalidCiphertext, invalidState, kmsError, unsupported, validation } from './errors.js';

type H = Handlers<KMSOperations>;

const WRAPPING_ALGORITHMS = [
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
];
const WRAPPING_KEY_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

async function externalKey(ctx: RequestContext, keyId: string): Promise<KeyRow> {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), keyId);
  if (key.origin !== 'EXTERNAL')
    throw unsupported(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  requireNotPendingDeletion(key);
  return key;
}

function tokenHash(token: Uint8Array): string {
  return createHash('sha256').update(token).digest('hex');
}

export const getParametersForImport: NonNullable<H['GetParametersForImport']> = async (ctx, input) => {
  const key = await externalKey(ctx, input.KeyId);
  if (!WRAPPING_ALGORITHMS.includes(input.WrappingAlgorithm)) {
    throw unsupported(`Wrapping algorithm ${input.WrappingAlgorithm} is not supported by Warden.`);
  }
  const bits = WRAPPING_KEY_BITS[input.WrappingKeySpec];
  if (!bits) throw unsupported(`Wrapping key spec ${input.WrappingKeySpec} is not supported by Warden.`);
  const pair = await rsaKeyPair(bits);
  const token = randomBytes(128);
  const hash = tokenHash(token);
  const validTo = Date.now() + DAY_MS;
  await dbOf(ctx)
    .insertInto('kms_import_tokens')
    .values({
      token_hash: hash,
      key_id: key.key_id,
      wrapping_algorithm: input.WrappingAlgorithm,
      private_key_wrapped: ctx.runtime.secrets.wrap(pair.privateKey, `kms-import:${key.arn}:${hash}`),
      valid_to: validTo,
    })
    .execute();
  return { KeyId: key.arn, ImportToken: token, PublicKey: pair.publicKey, ParametersValidTo: new Date(validTo) };
};

/** Undoes the caller's wrapping: RSA-OAEP alone, or RSA-OAEP of an AES key that wrapped the material (RFC 5649). */
function unwrapImported(algorithm: string, privateKeyDer: Buffer, encrypted: Buffer): Buffer {
  const privateKey = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
  const oaep = { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf(algorithm) };
  try {
    if (algorithm.startsWith('RSAES_OAEP')) return privateDecrypt(oaep, encrypted);
    const rsaBytes = (privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
    const aesKey = privateDecrypt(oaep, encrypted.subarray(0, rsaBytes));
    const decipher = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, Buffer.from('a65959a6', 'hex'));
    return Buffer.concat([decipher.update(encrypted.subarray(rsaBytes)), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

const incorrectMaterial = (message: string) => kmsError('IncorrectKeyMaterialException', message);

/** Checks imported bytes are material of the key's spec, and returns them in Warden's stored form. */
function checkMaterial(key: KeyRow, material: Buffer): Buffer {
  const info = KEY_SPECS[key.key_spec];
  if (info?.kind === 'symmetric') {
    if (material.length !== 32) throw incorrectMaterial('The key material must be a 256-bit symmetric key.');
    return material;
  }
  if (info?.kind === 'hmac') {
    const min = (info.bits ?? 256) / 8;
    const max = (info.bits ?? 256) <= 256 ? 64 : 128;
    if (material.length < min || material.length > max) {
      throw incorrectMaterial(`The key material for ${key.key_spec} must be between ${min} and ${max} bytes.`);
    }
    return material;
  }
  try {
    const privateKey = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
    const details = privateKey.asymmetricKeyDetails;
    const fits =
      info?.kind === 'rsa'
        ? privateKey.asymmetricKeyType === 'rsa' && details?.modulusLength === info.bits
        : privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === info?.curve;
    if (!fits) throw new Error('spec mismatch');
    return privateKey.export({ type: 'pkcs8', format: 'der' });
  } catch {
    throw incorrectMaterial(`The key material is not a PKCS#8 private key of key spec ${key.key_spec}.`);
  }
}

export const importKeyMaterial: NonNullable<H['ImportKeyMaterial']> = async (ctx, input) => {
  const key = await externalKey(ctx, input.KeyId);
  const db = dbOf(ctx);
  const hash = tokenHash(input.ImportToken);
  const token = await db.selectFrom('kms_import_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!token || token.key_id !== key.key_id) {
    throw kmsError('InvalidImportTokenException', 'Import token is not valid for the specified KMS key.');
  }
  if (token.valid_to <= Date.now()) throw kmsError('ExpiredImportTokenException', 'The import token has expired.');
  const expirationModel =
    input.ExpirationModel ?? (input.ValidTo !== undefined ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE');
  if (expirationModel === 'KEY_MATERIAL_EXPIRES' && input.ValidTo === undefined) {
    throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  }
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE' && input.ValidTo !== undefined) {
    throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
  }
  const validTo = input.ValidTo ? new Date(input.ValidTo).getTime() : null;
  if (validTo !== null && (validTo <= Date.now() || validTo > Date.now() + 365 * DAY_MS)) {
    throw validation('The validTo date must be in the future and no more than 365 days from now.');
  }
  const privateKeyDer = ctx.runtime.secrets.unwrap(token.private_key_wrapped, `kms-import:${key.arn}:${hash}`);
  const material = checkMaterial(
    key,
    unwrapImported(token.wrapping_algorithm, privateKeyDer, Buffer.from(input.EncryptedKeyMaterial)),
  );
  const materialId = importedMaterialId(ctx.runtime.secrets, key.key_id, material);
  const now = Date.now();

  await ctx.runtime.store.transaction(async (trx) => {
    const versions = await trx
      .selectFrom('kms_key_materials')
      .selectAll()
      .where('key_id', '=', key.key_id)
      .orderBy('version')
      .execute();
    const keyUpdate = { expiration_model: expirationModel, valid_to: validTo };
    if (versions.length === 0) {
      await insertMaterial(trx, ctx.runtime.secrets, key, 1, material, { materialId, state: 'CURRENT', now });
      await trx
        .updateTable('kms_keys')
        .set({ ...keyUpdate, current_version: 1, key_state: 'Enabled' })
        .where('key_id', '=', key.key_id)
        .execute();
      return;
    }
    const same = versions.find((v) => v.material_id === materialId);
    if (input.ImportType === 'NEW_KEY_MATERIAL') {
      if (key.key_spec !== 'SYMMETRIC_DEFAULT')
        throw unsupported('Only symmetric encryption keys can have new key material imported.');
      const pending = versions.find((v) => v.state === 'PENDING_ROTATION');
      if (pending) {
        throw invalidState(
          `New key material (id: ${materialId}) cannot be imported into KMS key ${key.key_id}, because another key material (id: ${pending.material_id}) is pending rotation.`,
        );
      }
      if (same) throw incorrectMaterial('This key material was already imported into the KMS key.');
      const version = versions[versions.length - 1].version + 1;
      await insertMaterial(trx, ctx.runtime.secrets, key, version, material, {
        materialId,
        state: 'PENDING_ROTATION',
        now,
      });
      return;
    }
    if (!same) {
      throw incorrectMaterial(
        'The key material does not match the key material previously imported into this KMS key.',
      );
    }
    await trx
      .updateTable('kms_key_materials')
      .set({ material_wrapped: wrapMaterial(ctx.runtime.secrets, key.arn, same.version, material) })
      .where('key_id', '=', key.key_id)
      .where('version', '=', same.version)
      .execute();
    const restoresCurrent = same.version === key.current_version && key.key_state === 'PendingImport';
    await trx
      .updateTable('kms_keys')
      .set({ ...keyUpdate, ...(restoresCurrent ? { key_state: 'Enabled' } : {}) })
      .where('key_id', '=', key.key_id)
      .execute();
  });
  return { KeyId: key.arn, KeyMaterialId: materialId };
};

export const deleteImportedKeyMaterial: NonNullable<H['DeleteImportedKeyMaterial']> = async (ctx, input) => {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), input.KeyId);
  if (key.origin !== 'EXTERNAL')
    throw unsupported(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  const db = dbOf(ctx);
  const versions = await db.selectFrom('kms_key_materials').selectAll().where('key_id', '=', key.key_id).execute();
  const target =
    input.KeyMaterialId !== undefined
      ? versions.find((v) => v.material_id === input.KeyMaterialId)
      : versions.find((v) => v.version === key.current_version);
  if (!target) {
    if (input.KeyMaterialId !== undefined)
      throw kmsError('NotFoundException', `Key material ${input.KeyMaterialId} does not exist.`);
    return { KeyId: key.arn };
  }
  await ctx.runtime.store.transaction(async (trx) => {
    if (target.state === 'PENDING_ROTATION') {
      await trx
        .deleteFrom('kms_key_materials')
        .where('key_id', '=', key.key_id)
        .where('version', '=', target.version)
        .execute();
      return;
    }
    await trx
      .updateTable('kms_key_materials')
      .set({ material_wrapped: '' })
      .where('key_id', '=', key.key_id)
      .where('version', '=', target.version)
      .execute();
    if (target.version === key.current_version) {
      await trx
        .updateTable('kms_keys')
        .set({
          expiration_model: null,
          valid_to: null,
          ...(key.key_state !== 'PendingDeletion' ? { key_state: 'PendingImport' } : {}),
        })
        .where('key_id', '=', key.key_id)
        .execute();
    }
  });
  return { KeyId: key.arn, KeyMaterialId: target.material_id };
};
