// Managed instance tags on every store backend: the activation's tags at registration, concurrent tag calls losing
// nothing, and managedInstanceTags bounded to one account and Region, keys such as __proto__ kept as plain keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import type { Runtime } from '../../core/runtime.js';
import { createRole } from '../iam/identities/roles.js';
import { createActivation } from './activations.js';
import { managedInstanceTags, parseTagList } from './instance-tags.js';
import { registerInstance } from './registration.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function registeredInstance(runtime: Runtime, tags: { Key: string; Value: string }[]) {
  const ctx = (operation: string, service = 'ssm') =>
    makeTestContext({ runtime, service, operation, region: 'us-east-1' });
  await createRole(ctx('CreateRole', 'iam'), { RoleName: 'Hybrid', AssumeRolePolicyDocument: TRUST });
  const activation = await createActivation(ctx('CreateActivation'), { IamRole: 'Hybrid', Tags: tags });
  const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const registered = await registerInstance(
    runtime,
    {
      ActivationId: activation.ActivationId,
      ActivationCode: activation.ActivationCode,
      Region: 'us-east-1',
      PublicKey: key,
    },
    new Date(),
  );
  return { ctx, instanceId: registered.InstanceId };
}

for (const backend of storeBackends()) {
  describe(`SSM managed instance tags on ${backend.name}`, { skip: backend.skip }, () => {
    test("registration copies the activation's tags; concurrent tag calls lose none of each other's", async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const { ctx, instanceId } = await registeredInstance(runtime, [{ Key: 'Env', Value: 'prod' }]);
        const id = { ResourceType: 'ManagedInstance' as const, ResourceId: instanceId };
        assert.deepEqual((await listTagsForResource(ctx('ListTagsForResource'), id)).TagList, [
          { Key: 'Env', Value: 'prod' },
        ]);
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            addTagsToResource(ctx('AddTagsToResource'), { ...id, Tags: [{ Key: `k${i}`, Value: `v${i}` }] }),
          ),
        );
        const after = (await listTagsForResource(ctx('ListTagsForResource'), id)).TagList;
        assert.equal(after.length, 9);
        await removeTagsFromResource(ctx('RemoveTagsFromResource'), { ...id, TagKeys: ['Env', 'k0'] });
        assert.equal((await listTagsForResource(ctx('ListTagsForResource'), id)).TagList.length, 7);
      } finally {
        await store.close();
      }
    });

    test('managedInstanceTags reads one account and Region; odd keys stay plain keys', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const { ctx, instanceId } = await registeredInstance(runtime, []);
        await addTagsToResource(ctx('AddTagsToResource'), {
          ResourceType: 'ManagedInstance',
          ResourceId: instanceId,
          Tags: [
            { Key: '__proto__', Value: 'x' },
            { Key: 'team', Value: 'sec' },
          ],
        });
        const mine = await managedInstanceTags(store.db, '123456789012', 'us-east-1', [
          instanceId,
          'i-0abc',
          instanceId,
        ]);
        const tags = mine.get(instanceId)!;
        assert.deepEqual(Object.keys(tags), ['__proto__', 'team']);
        assert.equal(Object.getPrototypeOf(tags), Object.prototype);
        assert.equal(Object.hasOwn(tags, 'constructor'), false);
        assert.equal(mine.size, 1);
        assert.equal((await managedInstanceTags(store.db, '999999999999', 'us-east-1', [instanceId])).size, 0);
        assert.equal((await managedInstanceTags(store.db, '123456789012', 'eu-west-1', [instanceId])).size, 0);
      } finally {
        await store.close();
      }
    });
  });
}

test('parseTagList keeps only {Key, Value} strings and reads anything else as no tags', () => {
  assert.deepEqual(parseTagList('not json'), []);
  assert.deepEqual(parseTagList('{"Key":"a","Value":"b"}'), []);
  assert.deepEqual(parseTagList('[{"Key":"a","Value":"b"},{"Key":1,"Value":"c"},null,{"Key":"d"}]'), [
    { Key: 'a', Value: 'b' },
  ]);
});
