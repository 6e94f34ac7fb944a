// `warden inspector import-advisories` (imports a folder into the data directory's store and prints a summary) and
// `warden inspector summary` over a data directory holding one evaluated host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../test/helpers/cli.js';
import { registerInspectorCommands } from './cli-inspector.js';
import { MIGRATIONS } from './services/registry.js';
import { importAdvisories } from './services/inspector2/advisories/import.js';
import { evaluatePending } from './services/inspector2/findings/evaluator.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import './services/ssm/tables.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/osv/', import.meta.url));

test('imports the fixture advisories, then finds them unchanged on a second run', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-cli-inspector-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const args = ['inspector', 'import-advisories', FIXTURES, '--data-dir', dataDir];
  const first = await runCli(registerInspectorCommands, args);
  assert.equal(first, 'Read 4 files: 4 added, 0 updated, 0 unchanged, 0 rejected.\n4 advisories stored.\n');
  const second = await runCli(registerInspectorCommands, args);
  assert.equal(second, 'Read 4 files: 0 added, 0 updated, 4 unchanged, 0 rejected.\n4 advisories stored.\n');
  await assert.rejects(
    runCli(registerInspectorCommands, [
      'inspector',
      'import-advisories',
      join(FIXTURES, 'README.md'),
      '--data-dir',
      dataDir,
    ]),
    /is neither a folder of OSV \.json advisories nor a \.zip of them/,
  );
});

/** One inventory type of the instance, as PutInventory stores it. */
async function putInventory(store: Store, type: string, entries: Record<string, string>[], at: number) {
  await store.db
    .insertInto('ssm_inventory_items')
    .values({
      account_id: ACCOUNT,
      region: 'us-east-1',
      instance_id: INSTANCE,
      type_name: type,
      schema_version: '1.0',
      capture_time: '2026-01-01T00:00:00Z',
      content_hash: null,
      context: null,
      entry_count: entries.length,
      size_bytes: 1,
      updated_at: at,
    })
    .execute();
  for (const [seq, e] of entries.entries())
    await store.db
      .insertInto('ssm_inventory_entries')
      .values({
        account_id: ACCOUNT,
        region: 'us-east-1',
        instance_id: INSTANCE,
        type_name: type,
        seq,
        name: e.Name ?? null,
        version: e.Version ?? null,
        ecosystem: null,
        architecture: null,
        content: JSON.stringify(e),
      })
      .execute();
}

const ACCOUNT = '111122223333';
const INSTANCE = 'mi-0123456789abcdef0';
const INVENTORY_AT = Date.parse('2026-05-01T12:00:00Z');

/** A data directory with the fixture advisories and one evaluated host: openssl, libssl3 and left-pad-fixture, port 22. */
async function hostWithFindings(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, migrations: MIGRATIONS });
  try {
    await importAdvisories(store, FIXTURES);
    await store.db
      .insertInto('ssm_managed_instances')
      .values({
        instance_id: INSTANCE,
        account_id: ACCOUNT,
        region: 'us-east-1',
        activation_id: 'a',
        iam_role: 'r',
        name: null,
        registered_at: 1,
        public_key: 'k',
        last_proof_at: 1,
        last_ping_at: 1,
        agent_version: null,
        platform_type: 'Linux',
        platform_name: 'Debian GNU/Linux',
        platform_version: '12',
        computer_name: null,
        ip_address: '192.0.2.10',
      })
      .execute();
    const deb = (name: string) => ({
      Name: name,
      Version: '3.0.11-1~deb12u1',
      Architecture: 'amd64',
      PackageId: `pkg:deb/debian/${name}@3.0.11-1~deb12u1?arch=amd64&upstream=openssl`,
    });
    await putInventory(
      store,
      'AWS:Application',
      [
        deb('openssl'),
        deb('libssl3'),
        { Name: 'left-pad-fixture', Version: '1.3.0', PackageId: 'pkg:npm/left-pad-fixture@1.3.0' },
      ],
      INVENTORY_AT,
    );
    await putInventory(
      store,
      'Custom:WardenListeningSockets',
      [{ Protocol: 'tcp', LocalAddress: '0.0.0.0', LocalPort: '22', Process: 'sshd' }],
      INVENTORY_AT,
    );
    await store.db
      .insertInto('inspector2_account_status')
      .values({
        account_id: ACCOUNT,
        region: 'us-east-1',
        ec2: 'ENABLED',
        ecr: 'DISABLED',
        lambda: 'DISABLED',
        lambda_code: 'DISABLED',
        code_repository: 'DISABLED',
        updated_at: 1,
      })
      .execute();
    assert.equal(await evaluatePending(store), 1);
  } finally {
    await store.close();
  }
}

test('summary: hosts, findings by severity and type, vulnerable packages with fixes, exposures, advisories', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-cli-inspector-summary-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await hostWithFindings(dataDir);
  const json = JSON.parse(
    await runCli(registerInspectorCommands, ['inspector', 'summary', '--json', '--data-dir', dataDir]),
  );
  assert.equal(json.hosts.managedInstances, 1);
  assert.equal(json.hosts.covered, 1);
  assert.equal(json.hosts.lastInventoryAt, new Date(INVENTORY_AT).toISOString());
  assert.equal(json.hosts.instances[0].platform, 'Debian GNU/Linux 12');
  assert.deepEqual(json.findings, {
    active: 3,
    suppressed: 0,
    closed: 0,
    bySeverity: { CRITICAL: 1, HIGH: 0, MEDIUM: 2, LOW: 0, INFORMATIONAL: 0, UNTRIAGED: 0 },
    byType: { PACKAGE_VULNERABILITY: 2, NETWORK_REACHABILITY: 1 },
  });
  assert.deepEqual(
    json.topPackages.map((p: any) => [p.name, p.version, p.highestSeverity, p.fixedInVersions, p.vulnerabilityIds]),
    [
      ['libssl3', '3.0.11-1~deb12u1', 'CRITICAL', ['0:3.0.11-1~deb12u2'], ['CVE-2099-0001']],
      ['openssl', '3.0.11-1~deb12u1', 'CRITICAL', ['0:3.0.11-1~deb12u2'], ['CVE-2099-0001']],
      ['left-pad-fixture', '1.3.0', 'MEDIUM', ['1.3.1'], ['CVE-2099-0002']],
    ],
  );
  assert.deepEqual(json.networkExposures, [
    {
      resourceType: 'AWS_EC2_INSTANCE',
      resourceId: INSTANCE,
      accountId: ACCOUNT,
      port: 22,
      protocol: 'TCP',
      listener: '0.0.0.0:22 (sshd)',
      severity: 'MEDIUM',
    },
  ]);
  assert.equal(json.advisories.stored, 4);
  assert.ok(Date.parse(json.advisories.lastChangedAt) > 0);

  const text = await runCli(registerInspectorCommands, ['inspector', 'summary', '--data-dir', dataDir]);
  assert.match(text, /^Inspector summary \(all accounts\)\n/);
  assert.match(
    text,
    /Hosts: 1 managed instance, 1 covered \(EC2 scanning enabled\); last inventory 2026-05-01T12:00:00Z/,
  );
  assert.match(text, /Findings: 3 active, 0 suppressed, 0 closed/);
  assert.match(text, /by severity: CRITICAL 1, HIGH 0, MEDIUM 2, LOW 0, INFORMATIONAL 0, UNTRIAGED 0/);
  assert.match(
    text,
    /openssl 3\.0\.11-1~deb12u1 {2}CRITICAL {2}1 finding on 1 host {2}fixed in 0:3\.0\.11-1~deb12u2 {2}\(CVE-2099-0001\)/,
  );
  assert.match(text, /mi-0123456789abcdef0 {2}TCP 22 {2}0\.0\.0\.0:22 \(sshd\) {2}MEDIUM/);
  assert.match(text, /Advisories: 4 stored; last changed by an import \d{4}-/);

  // Another account has none of it; the advisories are everyone's.
  const other = JSON.parse(
    await runCli(registerInspectorCommands, [
      'inspector',
      'summary',
      '--json',
      '--account-id',
      '444455556666',
      '--data-dir',
      dataDir,
    ]),
  );
  assert.equal(other.accountId, '444455556666');
  assert.equal(other.hosts.managedInstances, 0);
  assert.equal(other.findings.active, 0);
  assert.deepEqual(other.topPackages, []);
  assert.equal(other.advisories.stored, 4);
  await assert.rejects(
    runCli(registerInspectorCommands, ['inspector', 'summary', '--account-id', 'abc', '--data-dir', dataDir]),
    /--account-id must be a 12-digit account id/,
  );
});
