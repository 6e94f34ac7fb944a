// SecretBox sealing and master-key loading: round trips, tamper and context binding, key file creation and reuse.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SecretBox, loadMasterKey } from './secrets.js';

const posix = process.platform !== 'win32';
const here = dirname(fileURLToPath(import.meta.url));

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  test('wraps and unwraps strings and bytes under the same context', () => {
    const wrapped = box.wrap('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'access-key:AKIA1');
    assert.match(wrapped, /^v1\.[A-Za-z0-9_-]+$/);
    assert.equal(box.unwrapString(wrapped, 'access-key:AKIA1'), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const bytes = randomBytes(100);
    assert.deepEqual(box.unwrap(box.wrap(bytes, 'c'), 'c'), bytes);
    assert.deepEqual(box.unwrap(box.wrap('', 'c'), 'c'), Buffer.alloc(0));
  });

  test('the same plaintext wraps differently each time and never appears in the output', () => {
    const a = box.wrap('secret-secret-secret', 'c');
    const b = box.wrap('secret-secret-secret', 'c');
    assert.notEqual(a, b);
    assert.ok(!a.includes('secret') && !Buffer.from(a.slice(3), 'base64url').includes('secret'));
  });

  test('any altered byte is rejected', () => {
    const wrapped = box.wrap('hello', 'c');
    const bytes = Buffer.from(wrapped.slice(3), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] ^= 0x01;
      assert.throws(() => box.unwrap(`v1.${altered.toString('base64url')}`, 'c'), /failed authentication/, `byte ${i}`);
    }
    assert.throws(() => box.unwrap(`v1.${bytes.subarray(0, 20).toString('base64url')}`, 'c'), /truncated/);
    assert.throws(() => box.unwrap(`v2.${bytes.toString('base64url')}`, 'c'), /unknown version/);
    assert.throws(() => box.unwrap('garbage', 'c'), /malformed/);
  });

  test('a value moved to another context (row) or opened with another key is rejected', () => {
    const wrapped = box.wrap('hello', 'access-key:AKIA1');
    assert.throws(() => box.unwrap(wrapped, 'access-key:AKIA2'), /failed authentication/);
    assert.throws(() => new SecretBox(randomBytes(32)).unwrap(wrapped, 'access-key:AKIA1'), /failed authentication/);
  });

  test('derived keys are stable per label, distinct across labels and master keys', () => {
    const master = randomBytes(32);
    const one = new SecretBox(master);
    const two = new SecretBox(Buffer.from(master));
    assert.deepEqual(one.deriveKey('session-token-mac'), two.deriveKey('session-token-mac'));
    assert.equal(one.deriveKey('x').length, 32);
    assert.notDeepEqual(one.deriveKey('a'), one.deriveKey('b'));
    assert.notDeepEqual(one.deriveKey('a'), master);
    assert.notDeepEqual(one.deriveKey('a'), new SecretBox(randomBytes(32)).deriveKey('a'));
    // Wrapping with one box, unwrapping with another over the same master key works (restart).
    assert.equal(two.unwrapString(one.wrap('x', 'c'), 'c'), 'x');
  });

  test('a master key of the wrong size is refused', () => {
    assert.throws(() => new SecretBox(randomBytes(16)), /32 bytes/);
  });
});

describe('loadMasterKey', () => {
  test('creates <dataDir>/master.key owner-only in a 0700 directory, then reuses it', (t) => {
    const dataDir = join(tempDir(t), 'nested', 'data');
    const first = loadMasterKey({ dataDir, env: {} });
    assert.equal(first.length, 32);
    assert.equal(first.source, 'file');
    assert.equal(first.created, true);
    assert.deepEqual(first.warnings, []);
    const file = join(dataDir, 'master.key');
    assert.equal(first.file, file);
    if (posix) {
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    }
    const second = loadMasterKey({ dataDir, env: {} });
    assert.equal(second.created, false);
    assert.deepEqual(Buffer.from(second), Buffer.from(first));
    // Data wrapped before a restart opens after it.
    assert.equal(new SecretBox(second).unwrapString(new SecretBox(first).wrap('s', 'c'), 'c'), 's');
  });

  test('a key file readable by others is tightened to 0600 and reported', { skip: !posix && 'POSIX modes' }, (t) => {
    const dataDir = tempDir(t);
    const key = loadMasterKey({ dataDir, env: {} });
    const file = join(dataDir, 'master.key');
    chmodSync(file, 0o644);
    const again = loadMasterKey({ dataDir, env: {} });
    assert.deepEqual(Buffer.from(again), Buffer.from(key));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(again.warnings.length, 1);
    assert.match(again.warnings[0], /0644.*0600/);
  });

  test('WARDEN_MASTER_KEY wins over the file, as base64 or hex', (t) => {
    const dataDir = tempDir(t);
    const raw = randomBytes(32);
    for (const encoded of [
      raw.toString('base64'),
      raw.toString('hex'),
      raw.toString('base64url'),
      ` ${raw.toString('hex')}\n`,
    ]) {
      const key = loadMasterKey({ dataDir, env: { WARDEN_MASTER_KEY: encoded } });
      assert.deepEqual(Buffer.from(key), raw);
      assert.equal(key.source, 'env');
    }
    assert.throws(() => readFileSync(join(dataDir, 'master.key')), /ENOENT/, 'no key file is created');
    // An empty variable counts as unset, as in the rest of the configuration.
    assert.equal(loadMasterKey({ dataDir, env: { WARDEN_MASTER_KEY: '' } }).source, 'file');
  });

  test('keys that are not 32 bytes are refused without echoing them', (t) => {
    const dataDir = tempDir(t);
    for (const bad of [
      randomBytes(16).toString('base64'),
      randomBytes(31).toString('hex'),
      randomBytes(33).toString('base64'),
      'not a key!',
    ]) {
      assert.throws(
        () => loadMasterKey({ dataDir, env: { WARDEN_MASTER_KEY: bad } }),
        (err: Error) => /WARDEN_MASTER_KEY must be exactly 32 bytes/.test(err.message) && !err.message.includes(bad),
      );
    }
  });

  test('a corrupt key file is refused, never silently replaced', (t) => {
    const dataDir = tempDir(t);
    writeFileSync(join(dataDir, 'master.key'), 'c2hvcnQ=\n', { mode: 0o600 });
    assert.throws(() => loadMasterKey({ dataDir, env: {} }), /master\.key must be exactly 32 bytes/);
    assert.equal(readFileSync(join(dataDir, 'master.key'), 'utf8'), 'c2hvcnQ=\n');
  });

  test('processes starting together on a fresh data directory all end up with one key', async (t) => {
    const dataDir = join(tempDir(t), 'fresh');
    const script = [
      `import { loadMasterKey } from ${JSON.stringify(join(here, 'secrets.ts'))};`,
      `const key = loadMasterKey({ dataDir: process.argv[1], env: {} });`,
      `console.log(JSON.stringify({ key: key.toString('base64'), created: key.created }));`,
    ].join('\n');
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], {
        cwd: join(here, '..', '..'),
      });
    const outputs = await Promise.all(Array.from({ length: 6 }, run));
    const results = outputs.map(({ stdout }) => JSON.parse(stdout) as { key: string; created: boolean });
    assert.equal(new Set(results.map((r) => r.key)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(readFileSync(join(dataDir, 'master.key'), 'utf8').trim(), results[0].key);
  });
});
