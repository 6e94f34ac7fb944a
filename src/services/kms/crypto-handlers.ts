// Cryptographic operations: Encrypt/Decrypt/ReEncrypt, data keys and key pairs, random bytes, Sign/Verify,
// GetPublicKey and GenerateMac/VerifyMac, all with real node:crypto under the key's current material.
import { constants, createHmac, privateDecrypt, publicEncrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import type { RequestContext } from '../../core/runtime.js';
import { algorithmsFor, DATA_KEY_PAIR_SPECS, HASH_BYTES, hashOf, KEY_SPECS, rsaOaepMaxPlaintext } from './specs.js';
import { requireUsable, resolveKey, type KeyRow } from './keys.js';
import { currentMaterial, loadMaterial } from './material.js';
import { ecKeyPair, rsaKeyPair, type DerKeyPair } from './key-pairs.js';
import { openBlob, readBlobHeader, sealBlob } from './ciphertext.js';
import { signMessage, verifyMessage } from './signing.js';
import { privateKeyOf, publicKeyOf, spkiDer, usableKey } from './usable-key.js';
import { resolvedKeyArn } from './request-keys.js';
import { keyArnOfCiphertext } from './authz.js';
import { dbOf, whereOf } from './common.js';
import { refuseKeyPairs, xksOpen, xksSeal } from './xks-keys.js';
import {
  dryRun,
  incorrectKey,
  invalidCiphertext,
  invalidKeyUsage,
  kmsError,
  unsupported,
  validation,
  wrongUsage,
} from './errors.js';

type H = Handlers<KMSOperations>;
type Context = Record<string, string> | undefined;

const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function incompatible(algorithm: string, keySpec: string) {
  return invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);
}

/** The encryption algorithm a request may use with this key (SYMMETRIC_DEFAULT when it names none). */
function encryptionAlgorithm(key: KeyRow, requested: string | undefined): string {
  const algorithm = requested ?? 'SYMMETRIC_DEFAULT';
  if (!(algorithmsFor(key.key_spec, key.key_usage).EncryptionAlgorithms ?? []).includes(algorithm)) {
    throw incompatible(algorithm, key.key_spec);
  }
  return algorithm;
}

function oaep(algorithm: string) {
  return { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf(algorithm) };
}

interface Sealed {
  blob: Buffer;
  algorithm: string;
  materialId?: string;
}

/** Encrypts under a key already checked usable for encryption. */
async function encryptWith(
  ctx: RequestContext,
  key: KeyRow,
  plaintext: Buffer,
  context: Context,
  requested?: string,
): Promise<Sealed> {
  const algorithm = encryptionAlgorithm(key, requested);
  const material = await currentMaterial(dbOf(ctx), ctx.runtime.secrets, key);
  if (algorithm === 'SYMMETRIC_DEFAULT') {
    let blob = sealBlob(material.bytes, { keyId: key.key_id, version: material.version }, plaintext, context);
    // A key in an external key store encrypts twice: KMS's material first, then the external key at the proxy.
    if (key.origin === 'EXTERNAL_KEY_STORE') blob = await xksSeal(ctx, key, blob, context);
    return { blob, algorithm, materialId: material.materialId };
  }
  const limit = rsaOaepMaxPlaintext(key.key_spec, algorithm);
  if (plaintext.length > limit) {
    throw validation(
      `Algorithm ${algorithm} and key spec ${key.key_spec} cannot encrypt data larger than ${limit} bytes.`,
    );
  }
  return { blob: publicEncrypt({ key: publicKeyOf(material.bytes), ...oaep(algorithm) }, plaintext), algorithm };
}

interface Opened {
  key: KeyRow;
  plaintext: Buffer;
  algorithm: string;
  materialId?: string;
}

/** Decrypts a blob: symmetric blobs name their key; asymmetric ciphertext needs the KeyId and algorithm. */
async function decryptBlob(
  ctx: RequestContext,
  operation: string,
  blob: Uint8Array | undefined,
  context: Context,
  keyIdInput: string | undefined,
  requested: string | undefined,
): Promise<Opened> {
  if (!blob || blob.byteLength === 0) throw validation('CiphertextBlob is required.');
  const db = dbOf(ctx);
  const where = whereOf(ctx);
  let key: KeyRow;
  if (keyIdInput !== undefined) {
    key = await usableKey(ctx, keyIdInput, operation, 'ENCRYPT_DECRYPT').catch((err) => {
      // A key of the wrong usage cannot have produced this ciphertext: AWS answers IncorrectKey.
      if (err?.code === 'InvalidKeyUsageException') throw incorrectKey();
      throw err;
    });
  } else {
    const header = readBlobHeader(blob);
    if (!header) throw invalidCiphertext();
    // Authorization found the blob's key by the same header (keyArnOfCiphertext) and resolved it.
    let arn = resolvedKeyArn(ctx, header.keyId, where.region);
    // Otherwise the same lookup authorization makes: the key with the blob's id in this Region, in any account.
    arn ??= await keyArnOfCiphertext(db, blob, where.region, where.partition);
    if (arn === undefined) throw invalidCiphertext();
    key = await usableKey(ctx, arn, operation, 'ENCRYPT_DECRYPT');
  }
  const algorithm = encryptionAlgorithm(key, requested);
  if (algorithm === 'SYMMETRIC_DEFAULT') {
    const header = readBlobHeader(blob);
    if (!header) throw invalidCiphertext();
    if (header.keyId !== key.key_id) throw incorrectKey();
    const material = await loadMaterial(db, ctx.runtime.secrets, key, header.version);
    const inner = key.origin === 'EXTERNAL_KEY_STORE' ? await xksOpen(ctx, key, blob, context) : blob;
    const plaintext = material && openBlob(material.bytes, inner, context);
    if (!plaintext || !material) throw invalidCiphertext();
    return { key, plaintext, algorithm, materialId: material.materialId };
  }
  const material = await currentMaterial(db, ctx.runtime.secrets, key);
  try {
    return {
      key,
      plaintext: privateDecrypt({ key: privateKeyOf(material.bytes), ...oaep(algorithm) }, buf(blob)),
      algorithm,
    };
  } catch {
    throw invalidCiphertext();
  }
}

export const encrypt: NonNullable<H['Encrypt']> = async (ctx, input) => {
  const key = await usableKey(ctx, input.KeyId, 'Encrypt', 'ENCRYPT_DECRYPT');
  const sealed = await encryptWith(ctx, key, buf(input.Plaintext), input.EncryptionContext, input.EncryptionAlgorithm);
  if (input.DryRun) throw dryRun();
  return { CiphertextBlob: sealed.blob, KeyId: key.arn, EncryptionAlgorithm: sealed.algorithm as 'SYMMETRIC_DEFAULT' };
};

export const decrypt: NonNullable<H['Decrypt']> = async (ctx, input) => {
  if (input.Recipient !== undefined) throw unsupported('Warden does not support Nitro Enclaves recipients.');
  const opened = await decryptBlob(
    ctx,
    'Decrypt',
    input.CiphertextBlob,
    input.EncryptionContext,
    input.KeyId,
    input.EncryptionAlgorithm,
  );
  if (input.DryRun) throw dryRun();
  return {
    KeyId: opened.key.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: opened.algorithm as 'SYMMETRIC_DEFAULT',
    ...(opened.materialId ? { KeyMaterialId: opened.materialId } : {}),
  };
};

export const reEncrypt: NonNullable<H['ReEncrypt']> = async (ctx, input) => {
  const source = await decryptBlob(
    ctx,
    'ReEncrypt',
    input.CiphertextBlob,
    input.SourceEncryptionContext,
    input.SourceKeyId,
    input.SourceEncryptionAlgorithm,
  );
  const destination = await usableKey(ctx, input.DestinationKeyId, 'ReEncrypt', 'ENCRYPT_DECRYPT');
  const sealed = await encryptWith(
    ctx,
    destination,
    source.plaintext,
    input.DestinationEncryptionContext,
    input.DestinationEncryptionAlgorithm,
  );
  if (input.DryRun) throw dryRun();
  return {
    CiphertextBlob: sealed.blob,
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: source.algorithm as 'SYMMETRIC_DEFAULT',
    DestinationEncryptionAlgorithm: sealed.algorithm as 'SYMMETRIC_DEFAULT',
    ...(source.materialId ? { SourceKeyMaterialId: source.materialId } : {}),
    ...(sealed.materialId ? { DestinationKeyMaterialId: sealed.materialId } : {}),
  };
};

/** Data keys come only from symmetric encryption keys. */
async function dataKeyKey(ctx: RequestContext, keyId: string, operation: string): Promise<KeyRow> {
  const key = await usableKey(ctx, keyId, operation, 'ENCRYPT_DECRYPT');
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') throw wrongUsage(key.arn, key.key_usage, operation);
  return key;
}

function dataKeyLength(input: { KeySpec?: string; NumberOfBytes?: number }): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw validation('Please specify either number of bytes or key spec.');
  }
  if (input.KeySpec !== undefined) return input.KeySpec === 'AES_128' ? 16 : 32;
  return input.NumberOfBytes as number;
}

export const generateDataKey: NonNullable<H['GenerateDataKey']> = async (ctx, input) => {
  if (input.Recipient !== undefined) throw unsupported('Warden does not support Nitro Enclaves recipients.');
  const length = dataKeyLength(input);
  const key = await dataKeyKey(ctx, input.KeyId, 'GenerateDataKey');
  const plaintext = randomBytes(length);
  const sealed = await encryptWith(ctx, key, plaintext, input.EncryptionContext);
  if (input.DryRun) throw dryRun();
  return { CiphertextBlob: sealed.blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: sealed.materialId };
};

export const generateDataKeyWithoutPlaintext: NonNullable<H['GenerateDataKeyWithoutPlaintext']> = async (
  ctx,
  input,
) => {
  const length = dataKeyLength(input);
  const key = await dataKeyKey(ctx, input.KeyId, 'GenerateDataKeyWithoutPlaintext');
  const sealed = await encryptWith(ctx, key, randomBytes(length), input.EncryptionContext);
  if (input.DryRun) throw dryRun();
  return { CiphertextBlob: sealed.blob, KeyId: key.arn, KeyMaterialId: sealed.materialId };
};

function newKeyPair(spec: string): Promise<DerKeyPair> {
  const info = KEY_SPECS[spec];
  if (!DATA_KEY_PAIR_SPECS.includes(spec) || !info)
    throw unsupported(`KeyPairSpec ${spec} is not supported by Warden.`);
  return info.kind === 'rsa' ? rsaKeyPair(info.bits ?? 2048) : ecKeyPair(info.curve ?? 'prime256v1');
}

export const generateDataKeyPair: NonNullable<H['GenerateDataKeyPair']> = async (ctx, input) => {
  if (input.Recipient !== undefined) throw unsupported('Warden does not support Nitro Enclaves recipients.');
  const key = await dataKeyKey(ctx, input.KeyId, 'GenerateDataKeyPair');
  refuseKeyPairs(key, 'GenerateDataKeyPair');
  const pair = await newKeyPair(input.KeyPairSpec);
  const sealed = await encryptWith(ctx, key, pair.privateKey, input.EncryptionContext);
  if (input.DryRun) throw dryRun();
  return {
    PrivateKeyCiphertextBlob: sealed.blob,
    PrivateKeyPlaintext: pair.privateKey,
    PublicKey: pair.publicKey,
    KeyId: key.arn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: sealed.materialId,
  };
};

export const generateDataKeyPairWithoutPlaintext: NonNullable<H['GenerateDataKeyPairWithoutPlaintext']> = async (
  ctx,
  input,
) => {
  const key = await dataKeyKey(ctx, input.KeyId, 'GenerateDataKeyPairWithoutPlaintext');
  refuseKeyPairs(key, 'GenerateDataKeyPairWithoutPlaintext');
  const pair = await newKeyPair(input.KeyPairSpec);
  const sealed = await encryptWith(ctx, key, pair.privateKey, input.EncryptionContext);
  if (input.DryRun) throw dryRun();
  return {
    PrivateKeyCiphertextBlob: sealed.blob,
    PublicKey: pair.publicKey,
    KeyId: key.arn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: sealed.materialId,
  };
};

export const generateRandom: NonNullable<H['GenerateRandom']> = async (_ctx, input) => {
  if (input.NumberOfBytes === undefined) throw validation('NumberOfBytes is required.');
  if (input.CustomKeyStoreId !== undefined) throw unsupported('Custom key stores are not supported by Warden.');
  if (input.Recipient !== undefined) throw unsupported('Warden does not support Nitro Enclaves recipients.');
  return { Plaintext: randomBytes(input.NumberOfBytes) };
};

/** The signing key, algorithm check and message form shared by Sign and Verify. */
async function signingSetup(
  ctx: RequestContext,
  operation: 'Sign' | 'Verify',
  input: { KeyId: string; Message: Uint8Array; MessageType?: string; SigningAlgorithm: string },
) {
  const key = await usableKey(ctx, input.KeyId, operation, 'SIGN_VERIFY');
  if (!(algorithmsFor(key.key_spec, key.key_usage).SigningAlgorithms ?? []).includes(input.SigningAlgorithm)) {
    throw incompatible(input.SigningAlgorithm, key.key_spec);
  }
  const messageType = input.MessageType ?? 'RAW';
  if (messageType === 'EXTERNAL_MU') throw unsupported('MessageType EXTERNAL_MU is only valid for ML-DSA keys.');
  const isDigest = messageType === 'DIGEST';
  const message = buf(input.Message);
  if (isDigest && message.length !== HASH_BYTES[hashOf(input.SigningAlgorithm)]) {
    throw validation(`Digest is invalid length for algorithm ${input.SigningAlgorithm}.`);
  }
  const material = await currentMaterial(dbOf(ctx), ctx.runtime.secrets, key);
  return { key, material, signInput: { algorithm: input.SigningAlgorithm, message, isDigest } };
}

export const signHandler: NonNullable<H['Sign']> = async (ctx, input) => {
  const { key, material, signInput } = await signingSetup(ctx, 'Sign', input);
  if (input.DryRun) throw dryRun();
  return {
    KeyId: key.arn,
    Signature: signMessage(privateKeyOf(material.bytes), signInput),
    SigningAlgorithm: input.SigningAlgorithm,
  };
};

export const verifyHandler: NonNullable<H['Verify']> = async (ctx, input) => {
  const { key, material, signInput } = await signingSetup(ctx, 'Verify', input);
  if (input.DryRun) throw dryRun();
  if (!verifyMessage(publicKeyOf(material.bytes), signInput, buf(input.Signature))) {
    throw kmsError('KMSInvalidSignatureException', '');
  }
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
};

export const getPublicKey: NonNullable<H['GetPublicKey']> = async (ctx, input) => {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), input.KeyId, { allowAlias: true, allowCrossAccount: true });
  requireUsable(key);
  const kind = KEY_SPECS[key.key_spec]?.kind;
  if (kind !== 'rsa' && kind !== 'ec') {
    throw unsupported(`${key.arn} key usage is ${key.key_usage} which is not valid for GetPublicKey.`);
  }
  const material = await currentMaterial(dbOf(ctx), ctx.runtime.secrets, key);
  return {
    KeyId: key.arn,
    PublicKey: spkiDer(material.bytes),
    CustomerMasterKeySpec: key.key_spec as 'RSA_2048',
    KeySpec: key.key_spec as 'RSA_2048',
    KeyUsage: key.key_usage as 'SIGN_VERIFY',
    ...(algorithmsFor(key.key_spec, key.key_usage) as object),
  };
};

async function macSetup(
  ctx: RequestContext,
  operation: string,
  input: { KeyId: string; MacAlgorithm: string; Message: Uint8Array },
) {
  const key = await usableKey(ctx, input.KeyId, operation, 'GENERATE_VERIFY_MAC');
  if (!(algorithmsFor(key.key_spec, key.key_usage).MacAlgorithms ?? []).includes(input.MacAlgorithm)) {
    throw incompatible(input.MacAlgorithm, key.key_spec);
  }
  const material = await currentMaterial(dbOf(ctx), ctx.runtime.secrets, key);
  const mac = createHmac(hashOf(input.MacAlgorithm), material.bytes).update(buf(input.Message)).digest();
  return { key, mac };
}

export const generateMac: NonNullable<H['GenerateMac']> = async (ctx, input) => {
  const { key, mac } = await macSetup(ctx, 'GenerateMac', input);
  if (input.DryRun) throw dryRun();
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
};

export const verifyMac: NonNullable<H['VerifyMac']> = async (ctx, input) => {
  const { key, mac } = await macSetup(ctx, 'VerifyMac', input);
  if (input.DryRun) throw dryRun();
  const given = buf(input.Mac);
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw kmsError('KMSInvalidMacException', '');
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
};
