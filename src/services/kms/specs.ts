// What each KMS key spec is: its valid usages, algorithms, node:crypto generation parameters and size limits.

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';

export interface KeySpecInfo {
  kind: 'symmetric' | 'rsa' | 'ec' | 'hmac';
  usages: readonly KeyUsage[];
  /** RSA modulus bits, or HMAC key bits. */
  bits?: number;
  /** OpenSSL curve name for EC keys. */
  curve?: string;
}

export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { kind: 'symmetric', usages: ['ENCRYPT_DECRYPT'] },
  RSA_2048: { kind: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], bits: 2048 },
  RSA_3072: { kind: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], bits: 3072 },
  RSA_4096: { kind: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], bits: 4096 },
  // Key agreement: the NIST curves only (and SM2, China Regions only, which Warden does not model); secp256k1 signs.
  ECC_NIST_P256: { kind: 'ec', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], curve: 'prime256v1' },
  ECC_NIST_P384: { kind: 'ec', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], curve: 'secp384r1' },
  ECC_NIST_P521: { kind: 'ec', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], curve: 'secp521r1' },
  ECC_SECG_P256K1: { kind: 'ec', usages: ['SIGN_VERIFY'], curve: 'secp256k1' },
  HMAC_224: { kind: 'hmac', usages: ['GENERATE_VERIFY_MAC'], bits: 224 },
  HMAC_256: { kind: 'hmac', usages: ['GENERATE_VERIFY_MAC'], bits: 256 },
  HMAC_384: { kind: 'hmac', usages: ['GENERATE_VERIFY_MAC'], bits: 384 },
  HMAC_512: { kind: 'hmac', usages: ['GENERATE_VERIFY_MAC'], bits: 512 },
};

/** Key pair specs GenerateDataKeyPair supports (a subset of KEY_SPECS). */
export const DATA_KEY_PAIR_SPECS: readonly string[] = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
];

export const SYMMETRIC_KEY_BYTES = 32;

/** Signing algorithms by key spec, in AWS's order. */
const SIGNING: Readonly<Record<string, readonly string[]>> = {
  RSA: [
    'RSASSA_PKCS1_V1_5_SHA_256',
    'RSASSA_PKCS1_V1_5_SHA_384',
    'RSASSA_PKCS1_V1_5_SHA_512',
    'RSASSA_PSS_SHA_256',
    'RSASSA_PSS_SHA_384',
    'RSASSA_PSS_SHA_512',
  ],
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  ECC_NIST_P521: ['ECDSA_SHA_512'],
  ECC_SECG_P256K1: ['ECDSA_SHA_256'],
};

export interface KeyAlgorithms {
  EncryptionAlgorithms?: string[];
  SigningAlgorithms?: string[];
  MacAlgorithms?: string[];
  KeyAgreementAlgorithms?: string[];
}

/** The algorithm lists DescribeKey and GetPublicKey show for a key of this spec and usage. */
export function algorithmsFor(keySpec: string, keyUsage: string): KeyAlgorithms {
  const info = KEY_SPECS[keySpec];
  if (!info) return {};
  if (keyUsage === 'ENCRYPT_DECRYPT') {
    return {
      EncryptionAlgorithms: info.kind === 'rsa' ? ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] : ['SYMMETRIC_DEFAULT'],
    };
  }
  if (keyUsage === 'SIGN_VERIFY') {
    return { SigningAlgorithms: [...(SIGNING[info.kind === 'rsa' ? 'RSA' : keySpec] ?? [])] };
  }
  if (keyUsage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: [`HMAC_SHA_${info.bits}`] };
  if (keyUsage === 'KEY_AGREEMENT') return { KeyAgreementAlgorithms: ['ECDH'] };
  return {};
}

/** Hash behind a signing algorithm or OAEP variant, as node:crypto names it. */
export function hashOf(algorithm: string): 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' {
  const m = /SHA_(1|224|256|384|512)$/.exec(algorithm);
  if (!m) throw new Error(`no hash in ${algorithm}`);
  return `sha${m[1]}` as 'sha1' | 'sha256';
}

export const HASH_BYTES: Readonly<Record<string, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** The largest plaintext RSA-OAEP can encrypt: modulus bytes minus twice the hash length minus two. */
export function rsaOaepMaxPlaintext(keySpec: string, algorithm: string): number {
  const bits = KEY_SPECS[keySpec]?.bits ?? 0;
  return bits / 8 - 2 * HASH_BYTES[hashOf(algorithm)] - 2;
}
