// Envelope encryption of secrets at rest: AES-256-GCM under a key derived (HKDF) from the master key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_ENV = 'WARDEN_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed HKDF salt: the master key is already uniformly random; the salt only separates Warden's use of it. */
const HKDF_SALT = Buffer.from('warden/hkdf/v1');
const WRAP_KEY_LABEL = 'warden/secret-box/v1';

/** Seals and opens secrets stored in database rows; each wrapped value only opens under the context it was sealed with. */
export class SecretBox {
  readonly #master: Buffer;
  readonly #wrapKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== MASTER_KEY_BYTES) {
      throw new Error(`master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`);
    }
    this.#master = Buffer.from(masterKey);
    this.#wrapKey = this.deriveKey(WRAP_KEY_LABEL);
  }

  /** A 32-byte key for one purpose (e.g. 'warden/session-token-mac/v1'); distinct labels give independent keys. */
  deriveKey(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#master, HKDF_SALT, Buffer.from(label, 'utf8'), 32));
  }

  /**
   * Encrypts plaintext bound to context (e.g. 'access-key:AKIA...'): the result is `v1.<base64url iv|ciphertext|tag>`
   * and only unwraps with the same context, so a wrapped value copied to another row is useless.
   */
  wrap(plaintext: Buffer | string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#wrapKey, iv);
    cipher.setAAD(additionalData(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Decrypts a value from wrap(); throws if it was altered, sealed under another key, or sealed for another context. */
  unwrap(wrapped: string, context: string): Buffer {
    const [version, payload, extra] = wrapped.split('.');
    if (version !== VERSION || payload === undefined || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) {
      throw new Error('wrapped secret is malformed or of an unknown version');
    }
    const bytes = Buffer.from(payload, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('wrapped secret is truncated');
    const iv = bytes.subarray(0, IV_BYTES);
    const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#wrapKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new Error('wrapped secret failed authentication: altered, wrong master key, or wrong context');
    }
  }

  unwrapString(wrapped: string, context: string): string {
    return this.unwrap(wrapped, context).toString('utf8');
  }
}

/** The format version is authenticated too, so a value cannot be reinterpreted under a later format. */
function additionalData(context: string): Buffer {
  return Buffer.from(`${VERSION}\0${context}`, 'utf8');
}

/** The master key plus where it came from and anything the operator should be told about it. */
export type MasterKey = Buffer & {
  readonly source: 'env' | 'file';
  /** The key file, when source is 'file'. */
  readonly file?: string;
  /** True when this call generated the key file. */
  readonly created: boolean;
  /** Problems found and fixed (e.g. a key file readable by others), for the caller to log. */
  readonly warnings: readonly string[];
};

/**
 * WARDEN_MASTER_KEY (32 bytes as base64 or hex) when set, else `<dataDir>/master.key`, generated on first start.
 * Losing the key loses every stored secret, so the file is written durably and never overwritten.
 */
export function loadMasterKey({
  dataDir,
  env,
}: {
  dataDir: string;
  env: Record<string, string | undefined>;
}): MasterKey {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return Object.assign(decodeMasterKey(fromEnv, MASTER_KEY_ENV), {
      source: 'env' as const,
      created: false,
      warnings: [],
    });
  }

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, MASTER_KEY_FILE);
  const created = existsSync(file) ? false : createKeyFile(dataDir, file);
  const warnings = tightenPermissions(dataDir, file);
  const key = decodeMasterKey(readFileSync(file, 'utf8'), file);
  return Object.assign(key, { source: 'file' as const, file, created, warnings });
}

/** Accepts exactly 32 bytes, hex (64 digits) or base64 / base64url; the error never repeats the value. */
export function decodeMasterKey(text: string, origin: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) key = Buffer.from(value, 'base64');
  if (key === undefined || key.length !== MASTER_KEY_BYTES) {
    const got = key === undefined ? 'is neither base64 nor hex' : `decodes to ${key.length} bytes`;
    throw new Error(
      `${origin} must be exactly ${MASTER_KEY_BYTES} bytes as base64 (44 characters) or hex (64 digits); ` +
        `its ${value.length} characters ${got}`,
    );
  }
  return key;
}

/**
 * Writes a new key to a private temporary file, syncs it, then hard-links it into place: link fails if the key
 * file already exists, so of two nodes starting at once exactly one key wins and nobody reads a half-written file.
 * Returns whether this call's key won.
 */
function createKeyFile(dataDir: string, file: string): boolean {
  const temp = join(dataDir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeDurably(temp, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`);
  let won: boolean;
  try {
    linkSync(temp, file);
    won = true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      won = false; // another process's key is in place: use that one
    else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
      // No hard links on this file system: exclusive create is the next best guard against overwriting.
      won = writeDurably(file, readFileSync(temp, 'utf8'), true);
    } else throw err;
  } finally {
    unlinkSync(temp);
  }
  syncDirectory(dataDir);
  return won;
}

/** Creates file (failing if it exists) owner-only and fsyncs it; with tolerateExisting, returns false instead. */
function writeDurably(file: string, content: string, tolerateExisting = false): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if (tolerateExisting && (err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The key file must be owner-only: tighten it if not. A data directory others can write to is only reported. */
function tightenPermissions(dataDir: string, file: string): string[] {
  if (process.platform === 'win32') return [];
  const warnings: string[] = [];
  const fileMode = statSync(file).mode & 0o777;
  if ((fileMode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    warnings.push(`master key file ${file} had mode ${octal(fileMode)}; tightened to 0600`);
  }
  const dirMode = statSync(dataDir).mode & 0o777;
  if ((dirMode & 0o022) !== 0) {
    warnings.push(`data directory ${dataDir} has mode ${octal(dirMode)}: others can replace its files; use 0700`);
  }
  return warnings;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
