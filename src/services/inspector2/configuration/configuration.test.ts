// UpdateConfiguration / GetConfiguration on SQLite and PostgreSQL: AWS's defaults until set, partial ECR updates
// keeping the pull settings, concurrent first updates of an account both kept, and each account's its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { DEFAULTS, getConfiguration, updateConfiguration } from './configuration.js';

const errorName = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

for (const backend of storeBackends()) {
  describe(`Inspector2 configuration on ${backend.name}`, { skip: backend.skip }, () => {
    test('defaults, a round trip, concurrent first updates, and another account untouched', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctx = (accountId: string, region = 'us-east-1') =>
          makeTestContext({ runtime, accountId, region, service: 'inspector2' });
        const a = ctx('111122223333');
        assert.deepEqual(await getConfiguration(a, {}), {
          ecrConfiguration: {
            rescanDurationState: {
              rescanDuration: DEFAULTS.rescanDuration,
              pullDateRescanDuration: DEFAULTS.pullDateRescanDuration,
              pullDateRescanMode: DEFAULTS.pullDateRescanMode,
              status: 'SUCCESS',
            },
          },
          ec2Configuration: { scanModeState: { scanMode: DEFAULTS.scanMode, scanModeStatus: 'SUCCESS' } },
        });
        // Both first updates of the account land, whichever inserts the row.
        await Promise.all([
          updateConfiguration(a, { ec2Configuration: { scanMode: 'EC2_HYBRID' } }),
          updateConfiguration(a, {
            ecrConfiguration: { rescanDuration: 'DAYS_30', pullDateRescanDuration: 'DAYS_90' },
          }),
        ]);
        await updateConfiguration(a, { ecrConfiguration: { rescanDuration: 'DAYS_180' } });
        const got = await getConfiguration(a, {});
        assert.equal(got.ec2Configuration?.scanModeState?.scanMode, 'EC2_HYBRID');
        const ecr = got.ecrConfiguration!.rescanDurationState!;
        assert.equal(ecr.rescanDuration, 'DAYS_180');
        assert.equal(ecr.pullDateRescanDuration, 'DAYS_90');
        assert.equal(ecr.pullDateRescanMode, DEFAULTS.pullDateRescanMode);
        assert.ok(ecr.updatedAt instanceof Date);
        // Another account, and the same account in another Region, keep the defaults.
        for (const other of [ctx('444455556666'), ctx('111122223333', 'eu-west-1')])
          assert.equal(
            (await getConfiguration(other, {})).ec2Configuration?.scanModeState?.scanMode,
            'EC2_SSM_AGENT_BASED',
          );
        // Naming an account the caller does not administer is refused.
        const b = ctx('444455556666');
        assert.equal(await errorName(getConfiguration(b, { accountId: '111122223333' })), 'AccessDeniedException');
        assert.equal(
          await errorName(
            updateConfiguration(b, {
              accountId: '111122223333',
              ec2Configuration: { scanMode: 'EC2_SSM_AGENT_BASED' },
            }),
          ),
          'AccessDeniedException',
        );
        for (const input of [
          {},
          { ec2Configuration: { scanMode: 'EC2_HYBRID' as const, activateVMScanner: true } },
          {
            accountId: '111122223333',
            updateConfigurationInheritance: { ec2Configuration: 'INHERIT_FROM_ADMIN' as const },
          },
        ])
          assert.equal(await errorName(updateConfiguration(a, input)), 'ValidationException');
        assert.equal((await getConfiguration(a, {})).ec2Configuration?.scanModeState?.scanMode, 'EC2_HYBRID');
      } finally {
        await store.close();
      }
    });
  });
}
