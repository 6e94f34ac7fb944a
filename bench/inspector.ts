// Issue 17: Inspector's advisories — OSV records imported per second, and packages matched per second (a 2,000-package
// ScanSbom's worth) against them, on SQLite. Runs alone (`node --import tsx bench/inspector.ts`) or from run.ts.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MIGRATIONS } from '../src/services/registry.js';
import { openStore } from '../src/store/open.js';
import { importAdvisories } from '../src/services/inspector2/advisories/import.js';
import { matchPackages, type PackageQuery } from '../src/services/inspector2/advisories/matcher.js';

export interface InspectorBenchResult {
  advisories: number;
  importPerSecond: number;
  reimportPerSecond: number;
  packages: number;
  matchPerSecond: number;
  matches: number;
}

/** Synthetic advisories shaped like Debian's and PyPI's (ranges plus a versions list), several per package name. */
function advisory(i: number): Record<string, unknown> {
  const pypi = i % 2 === 1;
  return {
    id: `BENCH-${i}`,
    modified: '2026-01-01T00:00:00Z',
    aliases: [`CVE-2099-${i}`],
    summary: 'synthetic',
    details: 'x'.repeat(500),
    affected: [
      {
        package: pypi
          ? { ecosystem: 'PyPI', name: `pkg-${i % 800}` }
          : { ecosystem: 'Debian:12', name: `pkg${i % 800}` },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [
              { introduced: pypi ? '1.0' : '0' },
              { fixed: pypi ? `1.${i % 50}.post1` : `1.${i % 50}-1~deb12u1` },
            ],
          },
        ],
        versions: Array.from({ length: 40 }, (_, k) => (pypi ? `1.${k}` : `1.${k}-1`)),
      },
    ],
  };
}

export async function runInspectorBench(advisories = 5000, packages = 2000): Promise<InspectorBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-bench-inspector-'));
  try {
    await mkdir(join(dir, 'osv'));
    for (let i = 0; i < advisories; i++)
      await writeFile(join(dir, 'osv', `BENCH-${i}.json`), JSON.stringify(advisory(i)));
    const store = await openStore({ dataDir: dir, migrations: MIGRATIONS });
    try {
      let t = performance.now();
      await importAdvisories(store, join(dir, 'osv'));
      const importPerSecond = advisories / ((performance.now() - t) / 1000);
      t = performance.now();
      await importAdvisories(store, join(dir, 'osv'));
      const reimportPerSecond = advisories / ((performance.now() - t) / 1000);
      const queries: PackageQuery[] = Array.from({ length: packages }, (_, i) =>
        i % 2 === 0
          ? { ecosystem: 'Debian:12', name: `pkg${i % 1000}`, version: `1.${i % 60}-1` }
          : { ecosystem: 'PyPI', name: `PKG_${i % 1000}`, version: `1.${i % 60}` },
      );
      await matchPackages(store.db, queries.slice(0, 100));
      t = performance.now();
      const found = await matchPackages(store.db, queries);
      const matchPerSecond = packages / ((performance.now() - t) / 1000);
      return {
        advisories,
        importPerSecond,
        reimportPerSecond,
        packages,
        matchPerSecond,
        matches: found.flat().length,
      };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runInspectorBench();
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`Inspector advisories (SQLite, ${n(r.advisories)} synthetic OSV records)`);
  console.log(`  import            ${n(r.importPerSecond).padStart(8)} advisories/s`);
  console.log(`  re-import (same)  ${n(r.reimportPerSecond).padStart(8)} advisories/s`);
  console.log(
    `  match             ${n(r.matchPerSecond).padStart(8)} packages/s (${n(r.packages)} packages, ${n(r.matches)} matches)`,
  );
}
