// IAM's errors have one home: no IAM module but errors.ts builds an AwsError, so each code keeps one status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';

const ROOT = new URL('./', import.meta.url);

test('only errors.ts builds AwsErrors in IAM', async () => {
  const sources = (await readdir(ROOT, { recursive: true })).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.split('/').includes('testing'),
  );
  assert.ok(sources.length > 50);
  const builders = [];
  for (const name of sources) {
    if (/\bnew AwsError\(/.test(await readFile(new URL(name, ROOT), 'utf8'))) builders.push(name);
  }
  assert.deepEqual(builders, ['errors.ts']);
});
