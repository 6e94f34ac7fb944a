// Request-path code never blocks the event loop: no *Sync crypto, filesystem or child-process call in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../', import.meta.url));
/** What serves requests: the services, authorization, authentication, the pipeline and its codecs. */
const REQUEST_PATH = ['services', 'authz', 'auth', 'aws', 'audit', 'pipeline.ts'];
const BLOCKING =
  /\b(generateKeyPairSync|generatePrimeSync|scryptSync|pbkdf2Sync|hkdfSync|randomFillSync|readFileSync|writeFileSync|appendFileSync|existsSync|statSync|readdirSync|mkdirSync|openSync|execSync|execFileSync|spawnSync)\(/;
// zlib's sync forms are not listed: Warden only inflates what it sealed itself (session tokens, authorization
// messages: bounded, and opened only after their AES-GCM tag verified), a few KB in microseconds.
/**
 * Files that may block, each with why: they run once at start-up or in a command, never per request. Anything
 * else must use the asynchronous form.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  'aws/model.ts': 'loads each vendored model once, at start-up (prepareAuthorization walks them all)',
};

async function sources(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await sources(path, out);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('no blocking call on the request path', async () => {
  const offenders: string[] = [];
  for (const root of REQUEST_PATH) {
    const path = join(SRC, root);
    const files = root.endsWith('.ts') ? [path] : await sources(path);
    for (const file of files) {
      const name = relative(SRC, file);
      if (ALLOWED[name] !== undefined) continue;
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (BLOCKING.test(line) && !line.trimStart().startsWith('//') && !line.trimStart().startsWith('*'))
          offenders.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(offenders, [], `blocking calls on the request path:\n${offenders.join('\n')}`);
});
