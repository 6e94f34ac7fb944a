// The deployment's AWS WAF token key: generated once, stored wrapped under the master key, shared by every node.
import { hkdf, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Runtime } from '../../../core/runtime.js';

/** Row of wafv2_token_keys (created by ../migrations/0072_wafv2_token_keys.ts). */
export interface Wafv2TokenKeysTable {
  key_id: string;
  /** The 32-byte key, SecretBox-wrapped under the context `wafv2-token-key:<key_id>`. */
  key_wrapped: string;
  created_at: number;
}

declare module '../../../store/schema.js' {
  interface Database {
    wafv2_token_keys: Wafv2TokenKeysTable;
  }
}

/** Independent keys for each use, derived from the one stored key so a MAC of one kind never verifies as another. */
export interface TokenKeys {
  /** HMAC-SHA256 of `aws-waf-token` cookies. */
  readonly token: Buffer;
  /** HMAC-SHA256 of the proof-of-work nonces the challenge page carries. */
  readonly nonce: Buffer;
  /** AES-256-GCM of the CAPTCHA puzzles' answers. */
  readonly captcha: Buffer;
}

/** Only one key exists today; the id leaves room for rotation without a schema change. */
export const TOKEN_KEY_ID = 'v1';
const KEY_BYTES = 32;

const randomBytesAsync = promisify(randomBytes);
const hkdfAsync = promisify(hkdf);

const loaded = new WeakMap<Runtime, Promise<TokenKeys>>();
const ready = new WeakMap<Runtime, TokenKeys>();

function wrapContext(keyId: string): string {
  return `wafv2-token-key:${keyId}`;
}

async function derive(master: Buffer, label: string): Promise<Buffer> {
  return Buffer.from(await hkdfAsync('sha256', master, Buffer.alloc(0), `warden/wafv2-token/${label}`, KEY_BYTES));
}

/** Reads the stored key, creating it when absent: of two nodes creating it at once, the first insert wins for both. */
async function loadKey(runtime: Runtime): Promise<Buffer> {
  const db = runtime.store.db;
  const read = () =>
    db.selectFrom('wafv2_token_keys').select('key_wrapped').where('key_id', '=', TOKEN_KEY_ID).executeTakeFirst();
  let row = await read();
  if (!row) {
    const fresh = await randomBytesAsync(KEY_BYTES);
    await db
      .insertInto('wafv2_token_keys')
      .values({
        key_id: TOKEN_KEY_ID,
        key_wrapped: runtime.secrets.wrap(fresh, wrapContext(TOKEN_KEY_ID)),
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
    row = await read();
    if (!row) throw new Error('the WAF token key could not be stored');
  }
  return runtime.secrets.unwrap(row.key_wrapped, wrapContext(TOKEN_KEY_ID));
}

/** The keys, loaded (or created) on first use; a failed load is retried by the next caller. */
export function tokenKeys(runtime: Runtime): Promise<TokenKeys> {
  let p = loaded.get(runtime);
  if (!p) {
    p = loadKey(runtime).then(async (master) => {
      const keys = {
        token: await derive(master, 'token-mac'),
        nonce: await derive(master, 'nonce-mac'),
        captcha: await derive(master, 'captcha-seal'),
      };
      ready.set(runtime, keys);
      return keys;
    });
    p.catch(() => loaded.delete(runtime));
    loaded.set(runtime, p);
  }
  return p;
}

/** The keys when already loaded, so a hot path need not await (undefined before the first load completes). */
export function loadedTokenKeys(runtime: Runtime): TokenKeys | undefined {
  return ready.get(runtime);
}
