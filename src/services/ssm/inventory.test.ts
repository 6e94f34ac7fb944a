// Registration, inventory and deregistration on every store backend, calling the handlers as the pipeline would.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import { resolveSessionToken } from '../../auth/session-tokens.js';
import type { Runtime } from '../../core/runtime.js';
import { createRole } from '../iam/identities/roles.js';
import { createActivation, deleteActivation, describeActivations } from './activations.js';
import { deregisterManagedInstance, describeInstanceInformation } from './instances.js';
import { putInventory } from './inventory/put.js';
import { getInventory, listInventoryEntries } from './inventory/read.js';
import { AgentError, registerInstance, renewCredentials, renewalMessage } from './registration.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function publicKey() {
  const { publicKey: pub, privateKey } = generateKeyPairSync('ed25519');
  return { der: pub.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey };
}

async function setUp(runtime: Runtime, limit = 2) {
  const ctx = (operation: string, service = 'ssm') =>
    makeTestContext({ runtime, service, operation, region: 'us-east-1' });
  await createRole(ctx('CreateRole', 'iam'), { RoleName: 'Hybrid', AssumeRolePolicyDocument: TRUST });
  const activation = await createActivation(ctx('CreateActivation'), { IamRole: 'Hybrid', RegistrationLimit: limit });
  return { ctx, activation };
}

const item = (TypeName: string, Content: Record<string, string>[], ContentHash?: string) => ({
  TypeName,
  SchemaVersion: '1.0',
  CaptureTime: '2026-01-02T03:04:05Z',
  Content,
  ...(ContentHash !== undefined ? { ContentHash } : {}),
});

for (const backend of storeBackends()) {
  describe(`SSM managed instances on ${backend.name}`, { skip: backend.skip }, () => {
    test('registration counts against the limit; renewal needs a fresh signed timestamp', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const { ctx, activation } = await setUp(runtime, 1);
        const key = publicKey();
        const body = {
          ActivationId: activation.ActivationId,
          ActivationCode: activation.ActivationCode,
          Region: 'us-east-1',
          PublicKey: key.der,
        };
        const now = new Date();
        const first = await registerInstance(runtime, body, now);
        assert.match(first.InstanceId, /^mi-[0-9a-f]{17}$/);
        // The credentials are a session of the activation's role named after the instance, bound to its ARN.
        const c = first.Credentials;
        const session = resolveSessionToken(runtime, c.AccessKeyId, c.SessionToken, now);
        assert.equal(session.identity.arn, `arn:aws:sts::123456789012:assumed-role/Hybrid/${first.InstanceId}`);
        assert.equal(
          session.identity.session?.sourceInstanceArn,
          `arn:aws:ssm:us-east-1:123456789012:managed-instance/${first.InstanceId}`,
        );
        await assert.rejects(
          registerInstance(runtime, { ...body, PublicKey: publicKey().der }, now),
          (e: AgentError) => e.code === 'ActivationLimitExceeded',
        );
        await assert.rejects(
          registerInstance(runtime, { ...body, ActivationCode: 'x'.repeat(20) }, now),
          (e: AgentError) => e.code === 'InvalidActivation',
        );
        await assert.rejects(
          registerInstance(runtime, { ...body, Region: 'eu-west-1' }, now),
          (e: AgentError) => e.code === 'InvalidActivation',
        );
        const listed = await describeActivations(ctx('DescribeActivations'), {});
        assert.equal(listed.ActivationList[0].RegistrationsCount, 1);

        const ts = now.getTime();
        const proof = (t: number) => ({
          InstanceId: first.InstanceId,
          Timestamp: t,
          Signature: sign(null, renewalMessage(first.InstanceId, t), key.privateKey).toString('base64'),
        });
        const renewed = await renewCredentials(runtime, proof(ts), now);
        assert.match(renewed.Credentials.AccessKeyId, /^ASIA/);
        // The same proof again (a replay), an older one, and one signed by another key are all refused.
        await assert.rejects(
          renewCredentials(runtime, proof(ts), now),
          (e: AgentError) => e.code === 'InvalidInstanceId',
        );
        await assert.rejects(
          renewCredentials(runtime, proof(ts - 1), now),
          (e: AgentError) => e.code === 'InvalidInstanceId',
        );
        const forged = {
          ...proof(ts + 1),
          Signature: sign(null, renewalMessage(first.InstanceId, ts + 1), publicKey().privateKey).toString('base64'),
        };
        await assert.rejects(renewCredentials(runtime, forged, now), (e: AgentError) => e.code === 'InvalidInstanceId');
        await assert.rejects(
          renewCredentials(runtime, proof(ts + 10 * 60 * 1000), now),
          (e: AgentError) => e.code === 'ClockSkew',
        );
        // The activation code is stored only as a hash.
        const row = await store.db.selectFrom('ssm_activations').selectAll().executeTakeFirstOrThrow();
        assert.ok(!JSON.stringify(row).includes(activation.ActivationCode));
        assert.match(row.code_hash, /^scrypt\$/);
      } finally {
        await store.close();
      }
    });

    test('inventory is stored in typed rows, bounded, filtered, and removed with the instance', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const { ctx, activation } = await setUp(runtime);
        const { InstanceId } = await registerInstance(
          runtime,
          {
            ActivationId: activation.ActivationId,
            ActivationCode: activation.ActivationCode,
            Region: 'us-east-1',
            PublicKey: publicKey().der,
          },
          new Date(),
        );
        const apps: Record<string, string>[] = [
          {
            Name: 'openssl',
            Version: '3.0.11-1',
            Architecture: 'amd64',
            PackageId: 'pkg:deb/debian/openssl@3.0.11-1?arch=amd64',
          },
          { Name: 'lodash', Version: '4.17.20', PackageId: 'pkg:npm/lodash@4.17.20' },
        ];
        await putInventory(ctx('PutInventory'), {
          InstanceId,
          Items: [
            item('AWS:Application', apps, 'h1'),
            item('AWS:InstanceInformation', [{ AgentVersion: '9.9', PlatformType: 'Linux', PlatformName: 'Debian' }]),
          ],
        });
        const rows = await store.db
          .selectFrom('ssm_inventory_entries')
          .select(['name', 'version', 'ecosystem', 'architecture'])
          .where('instance_id', '=', InstanceId)
          .where('type_name', '=', 'AWS:Application')
          .orderBy('seq')
          .execute();
        assert.deepEqual(rows, [
          { name: 'openssl', version: '3.0.11-1', ecosystem: 'deb', architecture: 'amd64' },
          { name: 'lodash', version: '4.17.20', ecosystem: 'npm', architecture: null },
        ]);

        // The same ContentHash leaves the stored entries alone.
        await putInventory(ctx('PutInventory'), { InstanceId, Items: [item('AWS:Application', [], 'h1')] });
        const listed = await listInventoryEntries(ctx('ListInventoryEntries'), {
          InstanceId,
          TypeName: 'AWS:Application',
        });
        assert.equal(listed.Entries.length, 2);
        const lodash = await listInventoryEntries(ctx('ListInventoryEntries'), {
          InstanceId,
          TypeName: 'AWS:Application',
          Filters: [{ Key: 'AWS:Application.Name', Values: ['lodash'], Type: 'Equal' }],
        });
        assert.deepEqual(lodash.Entries, [apps[1]]);

        const info = await describeInstanceInformation(ctx('DescribeInstanceInformation'), {});
        assert.equal(info.InstanceInformationList[0].AgentVersion, '9.9');
        assert.equal(info.InstanceInformationList[0].PlatformName, 'Debian');
        const byPlatform = await getInventory(ctx('GetInventory'), {
          Filters: [{ Key: 'AWS:InstanceInformation.PlatformType', Values: ['Linux'] }],
        });
        assert.equal(byPlatform.Entities[0].Data?.['AWS:InstanceInformation'].Content[0].AgentVersion, '9.9');

        // An attribute outside AWS:Application's schema, an unknown AWS type, the 21st custom type.
        await assert.rejects(
          putInventory(ctx('PutInventory'), { InstanceId, Items: [item('AWS:Application', [{ Colour: 'red' }])] }),
          { code: 'InvalidItemContentException' },
        );
        await assert.rejects(putInventory(ctx('PutInventory'), { InstanceId, Items: [item('AWS:Nonesuch', [])] }), {
          code: 'InvalidTypeNameException',
        });
        const custom = Array.from({ length: 20 }, (_, i) => item(`Custom:T${i}`, [{ A: String(i) }]));
        await putInventory(ctx('PutInventory'), { InstanceId, Items: custom });
        await assert.rejects(
          putInventory(ctx('PutInventory'), { InstanceId, Items: [item('Custom:OneTooMany', [{ A: '1' }])] }),
          { code: 'CustomSchemaCountLimitExceededException' },
        );
        await assert.rejects(
          putInventory(ctx('PutInventory'), { InstanceId: 'mi-00000000000000000', Items: [item('Custom:T1', [])] }),
          { code: 'InvalidInstanceId' },
        );
        // Another account sees nothing of the instance.
        const other = makeTestContext({
          runtime,
          service: 'ssm',
          operation: 'ListInventoryEntries',
          accountId: '210987654321',
          region: 'us-east-1',
        });
        await assert.rejects(listInventoryEntries(other, { InstanceId, TypeName: 'AWS:Application' }), {
          code: 'InvalidInstanceId',
        });
        const otherCtx = (operation: string) =>
          makeTestContext({ runtime, service: 'ssm', operation, accountId: '210987654321', region: 'us-east-1' });
        assert.deepEqual(
          (await describeInstanceInformation(otherCtx('DescribeInstanceInformation'), {})).InstanceInformationList,
          [],
        );
        assert.deepEqual((await getInventory(otherCtx('GetInventory'), {})).Entities, []);
        assert.deepEqual((await describeActivations(otherCtx('DescribeActivations'), {})).ActivationList, []);
        await assert.rejects(
          deleteActivation(otherCtx('DeleteActivation'), { ActivationId: activation.ActivationId }),
          {
            code: 'InvalidActivation',
          },
        );
        await assert.rejects(deregisterManagedInstance(otherCtx('DeregisterManagedInstance'), { InstanceId }), {
          code: 'InvalidInstanceId',
        });
        await assert.rejects(
          putInventory(otherCtx('PutInventory'), { InstanceId, Items: [item('Custom:T1', [{ A: 'x' }])] }),
          { code: 'InvalidInstanceId' },
        );
        // Another region of the same account sees nothing either.
        const elsewhere = makeTestContext({ runtime, service: 'ssm', operation: 'GetInventory', region: 'eu-west-1' });
        assert.deepEqual((await getInventory(elsewhere, {})).Entities, []);

        // GetInventory pages: a second instance comes on the next page, and a token opens only for its own query.
        const second = await registerInstance(
          runtime,
          {
            ActivationId: activation.ActivationId,
            ActivationCode: activation.ActivationCode,
            Region: 'us-east-1',
            PublicKey: publicKey().der,
          },
          new Date(),
        );
        const firstPage = await getInventory(ctx('GetInventory'), { MaxResults: 1 });
        assert.equal(firstPage.Entities.length, 1);
        assert.ok(firstPage.NextToken);
        const secondPage = await getInventory(ctx('GetInventory'), { MaxResults: 1, NextToken: firstPage.NextToken });
        assert.deepEqual(
          [...firstPage.Entities, ...secondPage.Entities].map((e) => e.Id).sort(),
          [InstanceId, second.InstanceId].sort(),
        );
        assert.equal(secondPage.NextToken, undefined);
        await assert.rejects(
          getInventory(ctx('GetInventory'), {
            ResultAttributes: [{ TypeName: 'AWS:Application' }],
            NextToken: firstPage.NextToken,
          }),
          { code: 'InvalidNextToken' },
        );

        // Filtered pages across more rows than one read batch: every match once, in order.
        const many = Array.from({ length: 1200 }, (_, i) => ({ Name: `p${i}`, Version: String(i % 7) }));
        await putInventory(ctx('PutInventory'), { InstanceId, Items: [item('Custom:T0', many)] });
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await listInventoryEntries(ctx('ListInventoryEntries'), {
            InstanceId,
            TypeName: 'Custom:T0',
            Filters: [{ Key: 'Version', Values: ['3'], Type: 'Equal' }],
            MaxResults: 50,
            NextToken: token,
          });
          seen.push(...page.Entries.map((e) => e.Name));
          token = page.NextToken;
        } while (token !== undefined);
        assert.deepEqual(
          seen,
          many.filter((e) => e.Version === '3').map((e) => e.Name),
        );

        // A revocation older than the longest instance session is pruned by the next deregistration.
        await store.db
          .insertInto('session_revocations')
          .values({
            revocation_key: 'arn:aws:ssm:us-east-1:123456789012:managed-instance/mi-00000000000000001',
            account_id: '123456789012',
            revoked_at: Date.now() - 2 * 3600 * 1000,
          })
          .execute();
        await deregisterManagedInstance(ctx('DeregisterManagedInstance'), { InstanceId });
        const left = await store.db
          .selectFrom('ssm_inventory_entries')
          .select('seq')
          .where('instance_id', '=', InstanceId)
          .execute();
        assert.deepEqual(left, []);
        const revoked = await store.db.selectFrom('session_revocations').selectAll().execute();
        assert.deepEqual(
          revoked.map((r) => r.revocation_key),
          [`arn:aws:ssm:us-east-1:123456789012:managed-instance/${InstanceId}`],
        );
      } finally {
        await store.close();
      }
    });
  });
}
