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
import { evaluatePending } from '../src/services/inspector2/findings/evaluator.js';
import type { Store } from '../src/store/store.js';

export interface InspectorBenchResult {
  advisories: number;
  importPerSecond: number;
  reimportPerSecond: number;
  packages: number;
  matchPerSecond: number;
  matches: number;
  /** One managed instance's full evaluation (its packages matched, findings written) in ms. */
  evaluateMs: number;
  findings: number;
}

/** A managed instance of an enabled account whose AWS:Application inventory holds these packages. */
async function seedInstance(store: Store, queries: readonly PackageQuery[]): Promise<void> {
  const at = { account_id: '111122223333', region: 'us-east-1' };
  await store.db
    .insertInto('ssm_managed_instances')
    .values({
      ...at,
      instance_id: 'mi-00000000000000001',
      activation_id: 'bench',
      iam_role: 'bench',
      name: null,
      registered_at: 1,
      public_key: 'bench',
      last_proof_at: 1,
      last_ping_at: 1,
      agent_version: null,
      platform_type: 'Linux',
      platform_name: 'Debian GNU/Linux',
      platform_version: '12',
      computer_name: null,
      ip_address: null,
    })
    .execute();
  await store.db
    .insertInto('ssm_inventory_items')
    .values({
      ...at,
      instance_id: 'mi-00000000000000001',
      type_name: 'AWS:Application',
      schema_version: '1.1',
      capture_time: '2026-01-01T00:00:00Z',
      content_hash: null,
      context: null,
      entry_count: queries.length,
      size_bytes: 1,
      updated_at: 1,
    })
    .execute();
  const rows = queries.map((q, seq) => {
    const purl =
      q.ecosystem === 'PyPI' ? `pkg:pypi/${q.name}@${q.version}` : `pkg:deb/debian/${q.name}@${q.version}?arch=amd64`;
    return {
      ...at,
      instance_id: 'mi-00000000000000001',
      type_name: 'AWS:Application',
      seq,
      name: q.name,
      version: q.version,
      ecosystem: null,
      architecture: null,
      content: JSON.stringify({ Name: q.name, Version: q.version, PackageId: purl }),
    };
  });
  for (let i = 0; i < rows.length; i += 200)
    await store.db
      .insertInto('ssm_inventory_entries')
      .values(rows.slice(i, i + 200))
      .execute();
  await store.db
    .insertInto('inspector2_account_status')
    .values({
      ...at,
      ec2: 'ENABLED',
      ecr: 'DISABLED',
      lambda: 'DISABLED',
      lambda_code: 'DISABLED',
      code_repository: 'DISABLED',
      updated_at: 1,
    })
    .execute();
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
      // Distinct package names, as one host's inventory holds them.
      await seedInstance(store, queries.slice(0, 1000));
      t = performance.now();
      await evaluatePending(store);
      const evaluateMs = performance.now() - t;
      const findings = (await store.db.selectFrom('inspector2_findings').select('finding_arn').execute()).length;
      return {
        advisories,
        importPerSecond,
        reimportPerSecond,
        packages,
        matchPerSecond,
        matches: found.flat().length,
        evaluateMs,
        findings,
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
  console.log(
    `  evaluate instance ${n(r.evaluateMs).padStart(8)} ms (1,000 packages, ${n(r.findings)} findings written)`,
  );
}
