// ARN-template patterns run on RE2: an input value built to make `.+/.+/.+/.+` backtrack is answered, and rightly.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICES } from '../../test/helpers/registry.js';
import { iamPrefixes, loadActionCatalog, type ActionCatalog } from './action-catalog.js';
import { operationPlan } from './operation-plan.js';

let catalog: ActionCatalog;
before(async () => {
  catalog = await loadActionCatalog(iamPrefixes(SERVICES));
});

test('a listener-rule ARN pattern (four .+ runs) on an almost-matching value', { timeout: 60_000 }, () => {
  const rule = operationPlan(catalog, 'elbv2', 'DeleteRule')
    .checks.flatMap((c) => c.resourceTypes)
    .find((r) => r.type.name === 'listener-rule/app');
  assert.ok(rule, 'DeleteRule names the listener-rule/app resource type');
  const prefix = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/';
  assert.equal(rule.pattern.test(`${prefix}web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`), true);
  // 18 seconds for JavaScript's backtracking engine at 400 slashes (O(n^4)); RE2 answers in one pass.
  assert.equal(rule.pattern.test(`${prefix}${'/'.repeat(4000)}\n`), false);
  assert.equal(rule.pattern.test(`${prefix}a/b/c/d\n`), false, 'a trailing newline is not part of an ARN');
});
