// Inspector2's tags on SQLite and PostgreSQL: ARNs resolved to the caller's own filter only, AWS's bounds, concurrent
// tag calls losing nothing, and the authorization hook giving a filter's tags as aws:ResourceTag to its own account only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import type { Store } from '../../../store/store.js';
import { checkTags, listTagsForResource, tagResource, untagResource } from './handlers.js';
import { inspector2Authorization } from './authorization.js';
import { parseTaggableArn } from './taggable.js';

const A = '111122223333';
const B = '444455556666';
const arnOf = (account: string, id: string) => `arn:aws:inspector2:us-east-1:${account}:owner/${account}/filter/${id}`;

async function addFilter(store: Store, account: string, id: string, tags: Record<string, string>): Promise<string> {
  const arn = arnOf(account, id);
  await store.db
    .insertInto('inspector2_filters')
    .values({
      arn,
      account_id: account,
      region: 'us-east-1',
      name: id,
      action: 'NONE',
      criteria: '{}',
      description: null,
      reason: null,
      tags: JSON.stringify(tags),
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  return arn;
}

const errorName = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

test('parseTaggableArn reads owner-scoped Inspector ARNs only', () => {
  assert.deepEqual(parseTaggableArn(arnOf(A, 'ab12')), {
    partition: 'aws',
    region: 'us-east-1',
    account: A,
    owner: A,
    kind: 'filter',
  });
  assert.equal(
    parseTaggableArn(`arn:aws:inspector2:us-east-1:${A}:owner/${A}/cis-configuration/0a-1b`)?.kind,
    'cis-configuration',
  );
  for (const bad of [`arn:aws:inspector2:us-east-1:${A}:finding/ab`, 'arn:aws:s3:::b', `${arnOf(A, 'ab')}/x`, ''])
    assert.equal(parseTaggableArn(bad), undefined, bad);
});

test('checkTags allows 50 tags and refuses 51 or an aws: key (any case) with BadRequestException', () => {
  const n = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
  checkTags(n(50));
  for (const tags of [n(51), { 'aws:x': 'v' }, { 'Aws:x': 'v' }])
    assert.throws(() => checkTags(tags), { code: 'BadRequestException' });
});

for (const backend of storeBackends()) {
  describe(`Inspector2 tags on ${backend.name}`, { skip: backend.skip }, () => {
    test("only the caller's own filter in its Region is tagged, listed or untagged", async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctxA = makeTestContext({ runtime, accountId: A, region: 'us-east-1', service: 'inspector2' });
        const ctxB = makeTestContext({ runtime, accountId: B, region: 'us-east-1', service: 'inspector2' });
        const arn = await addFilter(store, A, 'f1', { team: 'blue' });
        await tagResource(ctxA, { resourceArn: arn, tags: { env: 'prod' } });
        await untagResource(ctxA, { resourceArn: arn, tagKeys: ['team'] });
        assert.deepEqual(await listTagsForResource(ctxA, { resourceArn: arn }), { tags: { env: 'prod' } });
        assert.deepEqual(ctxA.audit.resources, [{ ARN: arn, accountId: A, type: 'AWS::InspectorV2::Filter' }]);
        for (const p of [
          () => listTagsForResource(ctxB, { resourceArn: arn }),
          () => tagResource(ctxB, { resourceArn: arn, tags: { x: 'y' } }),
          () => untagResource(ctxB, { resourceArn: arn, tagKeys: ['env'] }),
          // B's own ARN space holds no filter of that id either.
          () => listTagsForResource(ctxB, { resourceArn: arnOf(B, 'f1') }),
          // A kind Warden keeps no resource of.
          () => listTagsForResource(ctxA, { resourceArn: arn.replace('/filter/', '/connector/') }),
        ])
          assert.equal(await errorName(p()), 'ResourceNotFoundException');
        assert.equal(
          await errorName(listTagsForResource(ctxA, { resourceArn: 'arn:aws:s3:::b' })),
          'ValidationException',
        );
        const otherRegion = makeTestContext({ runtime, accountId: A, region: 'eu-west-1', service: 'inspector2' });
        assert.equal(
          await errorName(listTagsForResource(otherRegion, { resourceArn: arn })),
          'ResourceNotFoundException',
        );
        assert.deepEqual(await listTagsForResource(ctxA, { resourceArn: arn }), { tags: { env: 'prod' } });
      } finally {
        await store.close();
      }
    });

    test('concurrent tag calls on one filter lose none of each other’s tags; the 50th fits, the 51st does not', async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const ctx = makeTestContext({ runtime, accountId: A, region: 'us-east-1', service: 'inspector2' });
        const arn = await addFilter(store, A, 'f2', {});
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => tagResource(ctx, { resourceArn: arn, tags: { [`k${i}`]: 'v' } })),
        );
        assert.equal(Object.keys((await listTagsForResource(ctx, { resourceArn: arn })).tags!).length, 20);
        const more = (from: number, count: number) =>
          Object.fromEntries(Array.from({ length: count }, (_, i) => [`m${from + i}`, 'v']));
        await tagResource(ctx, { resourceArn: arn, tags: more(0, 30) });
        assert.equal(await errorName(tagResource(ctx, { resourceArn: arn, tags: more(30, 1) })), 'BadRequestException');
        // Overwriting an existing key adds none.
        await tagResource(ctx, { resourceArn: arn, tags: { k0: 'w' } });
        assert.equal((await listTagsForResource(ctx, { resourceArn: arn })).tags!.k0, 'w');
      } finally {
        await store.close();
      }
    });

    test("the authorization hook gives the caller's own filter's tags as aws:ResourceTag, and tagKeys as aws:TagKeys", async () => {
      const store = await backend.open();
      try {
        const runtime = makeTestRuntime(store);
        const arn = await addFilter(store, A, 'f3', { team: 'blue' });
        const resolve = inspector2Authorization.resolveResources!;
        const untag = { action: 'inspector2:UntagResource', resources: [{ arn: '*', display: '*' }] };
        const input = { resourceArn: arn, tagKeys: ['team'] };
        const mine = await resolve(
          makeTestContext({ runtime, accountId: A, region: 'us-east-1', service: 'inspector2' }),
          input,
          [untag],
        );
        assert.deepEqual(mine[0]!.resources, [
          { arn, display: arn, context: { 'aws:TagKeys': ['team'], 'aws:ResourceTag/team': 'blue' } },
        ]);
        const theirs = await resolve(
          makeTestContext({ runtime, accountId: B, region: 'us-east-1', service: 'inspector2' }),
          input,
          [untag],
        );
        // Decided on the ARN it names, with none of the other account's tags.
        assert.deepEqual(theirs[0]!.resources, [{ arn, display: arn, context: { 'aws:TagKeys': ['team'] } }]);
        // UpdateFilter names the filter through the generic rules; the hook adds its tags.
        const update = { action: 'inspector2:UpdateFilter', resources: [{ arn, display: arn }] };
        const updated = await resolve(
          makeTestContext({ runtime, accountId: A, region: 'us-east-1', service: 'inspector2' }),
          { filterArn: arn },
          [update],
        );
        assert.deepEqual(updated[0]!.resources[0]!.context, { 'aws:ResourceTag/team': 'blue' });
        // DeleteFilter's bare `arn` leaves the generic rules a template with wildcards: decided on the filter named.
        const template = `arn:aws:inspector2:us-east-1:${A}:owner/*/filter/*`;
        const deleted = await resolve(
          makeTestContext({ runtime, accountId: A, region: 'us-east-1', service: 'inspector2' }),
          { arn },
          [{ action: 'inspector2:DeleteFilter', resources: [{ arn: template, display: template }] }],
        );
        assert.deepEqual(deleted[0]!.resources, [{ arn, display: arn, context: { 'aws:ResourceTag/team': 'blue' } }]);
      } finally {
        await store.close();
      }
    });
  });
}
