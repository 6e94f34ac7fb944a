// The three managed-group reads called as handlers: listing, describing with labels, versions, and AWS's not-found error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../../test/helpers/test-context.js';
import { AwsError } from '../../../aws/error.js';
import {
  describeManagedRuleGroup,
  listAvailableManagedRuleGroupVersions,
  listAvailableManagedRuleGroups,
} from './handlers.js';

const backend = storeBackends()[0]!;

describe('managed rule group handlers', () => {
  test('list, page, describe, versions and not-found', async () => {
    const store = await backend.open();
    try {
      const runtime = makeTestRuntime(store);
      const ctx = makeTestContext({ runtime, service: 'wafv2', operation: 'ListAvailableManagedRuleGroups' });
      const all = await listAvailableManagedRuleGroups(ctx, { Scope: 'REGIONAL' });
      assert.equal(all.ManagedRuleGroups?.length, 10);
      assert.equal(all.NextMarker, undefined);
      const first = await listAvailableManagedRuleGroups(ctx, { Scope: 'REGIONAL', Limit: 4 });
      assert.equal(first.ManagedRuleGroups?.length, 4);
      const rest = await listAvailableManagedRuleGroups(ctx, {
        Scope: 'REGIONAL',
        Limit: 100,
        NextMarker: first.NextMarker,
      });
      assert.deepEqual(
        [...first.ManagedRuleGroups!, ...rest.ManagedRuleGroups!].map((g) => g.Name),
        all.ManagedRuleGroups!.map((g) => g.Name),
      );
      await assert.rejects(
        listAvailableManagedRuleGroups(ctx, { Scope: 'REGIONAL', NextMarker: 'not-a-marker' }),
        (e: AwsError) => e.code === 'WAFInvalidParameterException',
      );

      const crs = await describeManagedRuleGroup(ctx, {
        VendorName: 'AWS',
        Name: 'AWSManagedRulesCommonRuleSet',
        Scope: 'REGIONAL',
      });
      assert.equal(crs.Capacity, 700);
      assert.equal(crs.VersionName, 'Version_1.0');
      assert.equal(crs.LabelNamespace, 'awswaf:managed:aws:core-rule-set:');
      assert.equal(crs.SnsTopicArn, undefined);
      assert.deepEqual(crs.Rules?.[0], { Name: 'NoUserAgent_HEADER', Action: { Block: {} } });
      assert.ok(crs.AvailableLabels?.some((l) => l.Name === 'awswaf:managed:aws:core-rule-set:NoUserAgent_Header'));
      assert.deepEqual(crs.ConsumedLabels, []);

      const ip = await describeManagedRuleGroup(ctx, {
        VendorName: 'AWS',
        Name: 'AWSManagedRulesAmazonIpReputationList',
        Scope: 'REGIONAL',
      });
      assert.equal(ip.VersionName, undefined);
      assert.equal(ip.Capacity, 25);

      await assert.rejects(
        describeManagedRuleGroup(ctx, { VendorName: 'AWS', Name: 'AWSManagedRulesNope', Scope: 'REGIONAL' }),
        (e: AwsError) =>
          e.code === 'WAFNonexistentItemException' &&
          e.message ===
            'ManagedRules with name AWSManagedRulesNope by vendor AWS does not exist. Please check your inputs',
      );
      await assert.rejects(
        describeManagedRuleGroup(ctx, {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          Scope: 'REGIONAL',
          VersionName: 'Version_9.9',
        }),
        (e: AwsError) => e.code === 'WAFNonexistentItemException',
      );

      const versions = await listAvailableManagedRuleGroupVersions(ctx, {
        VendorName: 'AWS',
        Name: 'AWSManagedRulesSQLiRuleSet',
        Scope: 'REGIONAL',
      });
      assert.equal(versions.CurrentDefaultVersion, 'Version_1.0');
      assert.deepEqual(
        versions.Versions?.map((v) => v.Name),
        ['Version_1.0'],
      );
      assert.ok(versions.Versions?.[0]?.LastUpdateTimestamp instanceof Date);
      const none = await listAvailableManagedRuleGroupVersions(ctx, {
        VendorName: 'AWS',
        Name: 'AWSManagedRulesAnonymousIpList',
        Scope: 'REGIONAL',
      });
      assert.deepEqual(none.Versions, []);
      assert.equal(none.CurrentDefaultVersion, undefined);
    } finally {
      await store.close();
    }
  });
});
