// KMS keys in external key stores: CreateKey's checks of the external key (GetKeyMetadata), the key's store shown
// by DescribeKey, and double encryption — KMS seals with the key's own material first, then the proxy encrypts that
// ciphertext under the external key; decryption reverses the two.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { CreateKeyRequest, KeyMetadata } from '../../aws/generated/kms.js';
import type { RequestContext } from '../../core/runtime.js';
import { AwsError } from '../../aws/error.js';
import { accountScope } from '../../store/account-scope.js';
import { canonicalContext } from './ciphertext.js';
import type { KeyRow } from './keys.js';
import { dbOf } from './common.js';
import { invalidCiphertext, invalidState, kmsError, unsupported, validation } from './errors.js';
import { findStore, metadataOf, proxyOf, storeInvalidState, transportOf, type StoreRow } from './custom-key-stores.js';
import { getKeyMetadata, xksDecrypt, xksEncrypt, XksFailure, type XksSealed } from './xks-client.js';
import { createKeyError, cryptoError, NOT_CONNECTED } from './xks-errors.js';

/** The external key a new KMS key is bound to, checked at the proxy. */
export interface ExternalKey {
  customKeyStoreId: string;
  xksKeyId: string;
}

const XKS_KEY_CONFIGURATION =
  'The external key specified by the XksKeyId parameter did not meet the configuration requirements for an ' +
  'external key store. The external key must be an AES-256 symmetric key that is enabled and performs encryption ' +
  'and decryption.';

/**
 * CreateKey's part for a key in a custom key store (Origin EXTERNAL_KEY_STORE, CustomKeyStoreId, XksKeyId): the
 * key is a single-Region SYMMETRIC_DEFAULT encryption key, its store is CONNECTED, its external key is not already
 * another key's, and the proxy's GetKeyMetadata shows an enabled AES_256 key that encrypts and decrypts.
 */
export async function externalKeyFor(
  ctx: RequestContext,
  input: CreateKeyRequest,
  keySpec: string,
  keyUsage: string,
): Promise<ExternalKey> {
  const origin = input.Origin ?? 'AWS_KMS';
  if (origin === 'AWS_CLOUDHSM') {
    throw new AwsError(
      'NotImplemented',
      'Warden does not implement KMS keys in CloudHSM key stores (Origin AWS_CLOUDHSM): it has no CloudHSM clusters.',
      { status: 501, fault: 'Receiver' },
    );
  }
  if (origin !== 'EXTERNAL_KEY_STORE') {
    throw validation(
      input.XksKeyId !== undefined
        ? 'XksKeyId is valid only for KMS keys with an Origin of EXTERNAL_KEY_STORE.'
        : 'CustomKeyStoreId is valid only for KMS keys with an Origin of AWS_CLOUDHSM or EXTERNAL_KEY_STORE.',
    );
  }
  if (input.CustomKeyStoreId === undefined) {
    throw validation('CustomKeyStoreId is required for KMS keys with an Origin of EXTERNAL_KEY_STORE.');
  }
  if (input.XksKeyId === undefined) {
    throw validation('XksKeyId is required for KMS keys with an Origin of EXTERNAL_KEY_STORE.');
  }
  if (keySpec !== 'SYMMETRIC_DEFAULT' || keyUsage !== 'ENCRYPT_DECRYPT' || input.MultiRegion === true) {
    throw unsupported(
      'You can create only single-Region symmetric encryption KMS keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ' +
        'ENCRYPT_DECRYPT) in a custom key store.',
    );
  }
  const db = dbOf(ctx);
  const store = await findStore(db, ctx, input.CustomKeyStoreId);
  if (store.connection_state !== 'CONNECTED') throw storeInvalidState(NOT_CONNECTED);
  const taken = await accountScope(db, store.account_id)
    .selectFrom('kms_xks_keys')
    .innerJoin('kms_keys', 'kms_keys.key_id', 'kms_xks_keys.key_id')
    .select('kms_xks_keys.key_id')
    .where('kms_xks_keys.custom_key_store_id', '=', store.custom_key_store_id)
    .where('kms_xks_keys.xks_key_id', '=', input.XksKeyId)
    .executeTakeFirst();
  if (taken) {
    throw kmsError(
      'XksKeyAlreadyInUseException',
      'The request was rejected because the (XksKeyId) is already associated with another KMS key in this external ' +
        'key store. Each KMS key in an external key store must be associated with a different external key.',
    );
  }
  let metadata;
  try {
    metadata = await getKeyMetadata(
      proxyOf(ctx.runtime.secrets, store),
      transportOf(ctx),
      input.XksKeyId,
      metadataOf(ctx),
    );
  } catch (err) {
    if (err instanceof XksFailure) throw createKeyError(err.kind);
    throw err;
  }
  if (
    metadata.keySpec !== 'AES_256' ||
    !metadata.keyUsage.includes('ENCRYPT') ||
    !metadata.keyUsage.includes('DECRYPT') ||
    metadata.keyStatus !== 'ENABLED'
  ) {
    throw kmsError('XksKeyInvalidConfigurationException', XKS_KEY_CONFIGURATION);
  }
  return { customKeyStoreId: store.custom_key_store_id, xksKeyId: input.XksKeyId };
}

/** Records the new key's external key (in CreateKey's transaction). */
export async function recordExternalKey(
  db: Kysely<Database>,
  key: { key_id: string; account_id: string },
  external: ExternalKey,
): Promise<void> {
  await accountScope(db, key.account_id)
    .insertInto('kms_xks_keys')
    .values({ key_id: key.key_id, custom_key_store_id: external.customKeyStoreId, xks_key_id: external.xksKeyId })
    .execute();
}

/** KeyMetadata naming the key's custom key store and external key. */
export function externalKeyMetadata(meta: KeyMetadata, external: ExternalKey | undefined): KeyMetadata {
  if (!external) return meta;
  return { ...meta, CustomKeyStoreId: external.customKeyStoreId, XksKeyConfiguration: { Id: external.xksKeyId } };
}

/** KeyMetadata with the key's custom key store and external key, for keys in one (any other is left as it is). */
export async function withExternalKey(db: Kysely<Database>, key: KeyRow, meta: KeyMetadata): Promise<KeyMetadata> {
  if (key.origin !== 'EXTERNAL_KEY_STORE') return meta;
  const row = await externalKeyOf(db, key);
  return externalKeyMetadata(meta, row && { customKeyStoreId: row.custom_key_store_id, xksKeyId: row.xks_key_id });
}

function externalKeyOf(db: Kysely<Database>, key: KeyRow) {
  return accountScope(db, key.account_id)
    .selectFrom('kms_xks_keys')
    .selectAll()
    .where('key_id', '=', key.key_id)
    .executeTakeFirst();
}

/** Key pairs are not generated under KMS keys in custom key stores (the Developer Guide's unsupported features). */
export function refuseKeyPairs(key: KeyRow, operation: string): void {
  if (key.origin === 'EXTERNAL_KEY_STORE') {
    throw unsupported(`${key.arn} is in a custom key store, which does not support ${operation}.`);
  }
}

/** The key's external key and its store, which must be CONNECTED for any cryptographic operation. */
async function connectedStoreOf(ctx: RequestContext, key: KeyRow): Promise<{ store: StoreRow; xksKeyId: string }> {
  const db = dbOf(ctx);
  const external = await externalKeyOf(db, key);
  // The key's owner's store: a caller from another account uses the key, never a store of its own.
  const store =
    external &&
    (await accountScope(db, key.account_id)
      .selectFrom('kms_custom_key_stores')
      .selectAll()
      .where('custom_key_store_id', '=', external.custom_key_store_id)
      .executeTakeFirst());
  if (!external || !store || store.connection_state !== 'CONNECTED') throw invalidState(NOT_CONNECTED);
  return { store, xksKeyId: external.xks_key_id };
}

/** KMS's blob header (format, key id, material version) stays readable, so Decrypt finds the key without a KeyId. */
const HEADER_BYTES = 22;

/**
 * What the proxy authenticates with the ciphertext: the KMS blob's header and a digest of the encryption context, so
 * a blob moved to another key or opened under another context fails at the proxy as well as in KMS. (AWS does not
 * publish the AAD its own fleet sends; the spec leaves it to KMS, up to 8192 bytes.)
 */
function proxyAad(header: Buffer, context: Record<string, string> | undefined): Buffer {
  return Buffer.concat([header, createHash('sha256').update(canonicalContext(context)).digest()]);
}

/** Double encryption, second layer: the proxy encrypts the KMS ciphertext (after its header) under the external key. */
export async function xksSeal(
  ctx: RequestContext,
  key: KeyRow,
  kmsBlob: Buffer,
  context: Record<string, string> | undefined,
): Promise<Buffer> {
  const { store, xksKeyId } = await connectedStoreOf(ctx, key);
  const header = kmsBlob.subarray(0, HEADER_BYTES);
  let sealed: XksSealed;
  try {
    sealed = await xksEncrypt(
      proxyOf(ctx.runtime.secrets, store),
      transportOf(ctx),
      xksKeyId,
      metadataOf(ctx, key.arn),
      kmsBlob.subarray(HEADER_BYTES),
      proxyAad(header, context),
    );
  } catch (err) {
    if (err instanceof XksFailure) throw cryptoError(err.kind);
    throw err;
  }
  const meta = sealed.ciphertextMetadata ?? Buffer.alloc(0);
  return Buffer.concat([
    header,
    Buffer.from([sealed.initializationVector.length]),
    sealed.initializationVector,
    sealed.authenticationTag,
    Buffer.from([meta.length]),
    meta,
    sealed.ciphertext,
  ]);
}

/** The parts of a double-encrypted blob; undefined when it is not one. */
function parseSealed(blob: Buffer): { header: Buffer; sealed: XksSealed } | undefined {
  let at = HEADER_BYTES;
  const ivLength = blob[at];
  if (ivLength !== 12 && ivLength !== 16) return undefined;
  at += 1;
  const iv = blob.subarray(at, at + ivLength);
  at += ivLength;
  const tag = blob.subarray(at, at + 16);
  at += 16;
  const metaLength = blob[at];
  if (metaLength === undefined || metaLength > 20) return undefined;
  at += 1;
  const meta = blob.subarray(at, at + metaLength);
  at += metaLength;
  if (blob.length <= at) return undefined;
  return {
    header: blob.subarray(0, HEADER_BYTES),
    sealed: {
      initializationVector: iv,
      authenticationTag: tag,
      ciphertext: blob.subarray(at),
      ...(metaLength > 0 ? { ciphertextMetadata: meta } : {}),
    },
  };
}

/** Double encryption undone, first step: the proxy decrypts under the external key, giving back KMS's blob. */
export async function xksOpen(
  ctx: RequestContext,
  key: KeyRow,
  blob: Uint8Array,
  context: Record<string, string> | undefined,
): Promise<Buffer> {
  const parts = parseSealed(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
  if (!parts) throw invalidCiphertext();
  const { store, xksKeyId } = await connectedStoreOf(ctx, key);
  try {
    const inner = await xksDecrypt(
      proxyOf(ctx.runtime.secrets, store),
      transportOf(ctx),
      xksKeyId,
      metadataOf(ctx, key.arn),
      parts.sealed,
      proxyAad(parts.header, context),
    );
    return Buffer.concat([parts.header, inner]);
  } catch (err) {
    if (err instanceof XksFailure) throw cryptoError(err.kind);
    throw err;
  }
}
