// Warden's self-describing symmetric ciphertext blob: format version, key id, material version, AES-256-GCM sealed
// with the encryption context (canonicalised) bound as additional authenticated data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_V1 = 0x01;
const ID_UUID = 0x00;
const ID_MRK = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** format(1) + id kind(1) + id(16) + material version(4) */
const HEADER_BYTES = 22;

export interface BlobHeader {
  keyId: string;
  version: number;
}

function encodeKeyId(keyId: string): Buffer {
  const mrk = keyId.startsWith('mrk-');
  const hex = (mrk ? keyId.slice(4) : keyId).replaceAll('-', '');
  return Buffer.concat([Buffer.from([mrk ? ID_MRK : ID_UUID]), Buffer.from(hex, 'hex')]);
}

function decodeKeyId(kind: number, bytes: Buffer): string | undefined {
  const hex = bytes.toString('hex');
  if (kind === ID_MRK) return `mrk-${hex}`;
  if (kind !== ID_UUID) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The encryption context as unambiguous bytes: pairs sorted by key (UTF-8 byte order), each key and value
 * length-prefixed, so {a:'b'} and {ab:''} differ and pair order does not matter. Absent and empty are the same.
 */
export function canonicalContext(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')]);
  entries.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(entries.length)];
  for (const [k, v] of entries) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Seals plaintext under one version of a key's 32-byte material. */
export function sealBlob(
  material: Buffer,
  header: BlobHeader,
  plaintext: Buffer,
  context: Record<string, string> | undefined,
): Buffer {
  const head = Buffer.concat([Buffer.from([FORMAT_V1]), encodeKeyId(header.keyId), u32(header.version)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** Which key and material version a blob claims; undefined when it is not a Warden blob at all. */
export function readBlobHeader(blob: Uint8Array): BlobHeader | undefined {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || buf[0] !== FORMAT_V1) return undefined;
  const keyId = decodeKeyId(buf[1], buf.subarray(2, 18));
  if (!keyId) return undefined;
  return { keyId, version: buf.readUInt32BE(18) };
}

/** Opens a blob; undefined when it was altered, sealed under other material, or under another encryption context. */
export function openBlob(
  material: Buffer,
  blob: Uint8Array,
  context: Record<string, string> | undefined,
): Buffer | undefined {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (!readBlobHeader(buf)) return undefined;
  const head = buf.subarray(0, HEADER_BYTES);
  const iv = buf.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const tag = buf.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + TAG_BYTES);
  const body = buf.subarray(HEADER_BYTES + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}
