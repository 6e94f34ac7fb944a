// The findings evaluator over the store, on SQLite and PostgreSQL: only enabled accounts, re-evaluation when the
// inventory moves, CLOSED when a package is upgraded, loopback sockets ignored.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { storeBackends } from '../../../../test/helpers/stores.js';
import type { Store } from '../../../store/store.js';
import { importAdvisories } from '../advisories/import.js';
import { evaluatePending } from './evaluator.js';
import '../../ssm/tables.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/osv/', import.meta.url));
const ACCOUNT = '111122223333';
const INSTANCE = 'mi-0123456789abcdef0';

async function putEntries(store: Store, type: string, entries: Record<string, string>[], at: number) {
  const db = store.db;
  await db
    .deleteFrom('ssm_inventory_entries')
    .where('instance_id', '=', INSTANCE)
    .where('type_name', '=', type)
    .execute();
  await db
    .deleteFrom('ssm_inventory_items')
    .where('instance_id', '=', INSTANCE)
    .where('type_name', '=', type)
    .execute();
  await db
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
    await db
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

const openssl = (version: string) => ({
  Name: 'openssl',
  Version: version,
  Architecture: 'amd64',
  PackageId: `pkg:deb/debian/openssl@${version}?arch=amd64`,
});

async function findings(store: Store) {
  return (
    await store.db
      .selectFrom('inspector2_findings')
      .select(['type', 'status', 'vulnerability_id', 'finding_key'])
      .orderBy('finding_key')
      .execute()
  ).map((r) => `${r.type} ${r.status} ${r.vulnerability_id ?? r.finding_key.split('|').slice(2).join(' ')}`);
}

for (const backend of storeBackends()) {
  describe(`Inspector findings evaluator on ${backend.name}`, { skip: backend.skip }, () => {
    test('enabled accounts only; an upgrade closes; loopback sockets are no finding', async () => {
      const store = await backend.open();
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
        await putEntries(store, 'AWS:Application', [openssl('3.0.11-1~deb12u1')], 1000);
        await putEntries(
          store,
          'Custom:WardenListeningSockets',
          [
            { Protocol: 'tcp', LocalAddress: '127.0.0.1', LocalPort: '5432' },
            { Protocol: 'tcp6', LocalAddress: '::', LocalPort: '3306', Process: 'mysqld' },
            { Protocol: 'tcp', LocalAddress: '10.0.0.5', LocalPort: '8080' },
          ],
          1000,
        );
        // Not enabled: nothing is evaluated.
        assert.equal(await evaluatePending(store), 0);
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
        assert.deepEqual(await findings(store), [
          'NETWORK_REACHABILITY ACTIVE tcp 3306',
          'PACKAGE_VULNERABILITY ACTIVE CVE-2099-0001',
        ]);
        // Nothing moved: nothing to evaluate.
        assert.equal(await evaluatePending(store), 0);
        await putEntries(store, 'AWS:Application', [openssl('3.0.11-1~deb12u2')], 2000);
        assert.equal(await evaluatePending(store), 1);
        assert.deepEqual(await findings(store), [
          'NETWORK_REACHABILITY ACTIVE tcp 3306',
          'PACKAGE_VULNERABILITY CLOSED CVE-2099-0001',
        ]);
        // Deregistered: its findings close, its marks go.
        await store.db.deleteFrom('ssm_managed_instances').where('instance_id', '=', INSTANCE).execute();
        assert.equal(await evaluatePending(store), 0);
        assert.deepEqual(await findings(store), [
          'NETWORK_REACHABILITY CLOSED tcp 3306',
          'PACKAGE_VULNERABILITY CLOSED CVE-2099-0001',
        ]);
        assert.equal((await store.db.selectFrom('inspector2_instance_evals').selectAll().execute()).length, 0);
      } finally {
        await store.close();
      }
    });
  });
}
