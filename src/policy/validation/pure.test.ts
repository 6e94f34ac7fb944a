// Policy validation stays pure: IAM, STS and Organizations share it, so it may import only its own modules and src/aws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';

const DIR = new URL('./', import.meta.url);
const ALLOWED = /^(\.\/[\w-]+\.js|\.\.\/\.\.\/aws\/[\w/-]+\.js|node:[\w/]+)$/;

test('policy validation imports no store, service or authorization module', async () => {
  const sources = (await readdir(DIR)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  assert.ok(sources.includes('validate.ts'));
  for (const name of sources) {
    const text = await readFile(new URL(name, DIR), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      assert.match(specifier!, ALLOWED, `${name} imports ${specifier}`);
    }
  }
});
