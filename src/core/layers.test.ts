// Imports point downward: the wire layer, the store and core never reach up into the services or authorization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../', import.meta.url));

/** Folder of src/ → the folders of src/ its code (tests aside) must never import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  aws: ['services', 'authz', 'auth', 'audit', 'billing', 'store'],
  store: ['services', 'authz', 'auth', 'audit', 'billing', 'core'],
  core: ['services', 'authz', 'auth', 'billing'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The src/ folder each relative import of file lands in. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((spec) => relative(SRC, resolve(dirname(file), spec)).split('/')[0]!);
}

test('src/aws, src/store and src/core import nothing above them', () => {
  const violations: string[] = [];
  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of sourceFiles(join(SRC, folder))) {
      for (const target of importedFolders(file)) {
        if (forbidden.includes(target)) violations.push(`${relative(SRC, file)} imports src/${target}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});
