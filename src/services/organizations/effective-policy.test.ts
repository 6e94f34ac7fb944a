// Effective tag policy inheritance: assign, append, remove and child-control operators across levels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePolicy } from './effective-policy.js';

const doc = (v: unknown) => JSON.stringify(v);

test('a child @@assign replaces the value its parent assigned, and keys from both levels merge', () => {
  const root = doc({
    tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100'] } } },
  });
  const account = doc({
    tags: { costcenter: { tag_value: { '@@assign': ['200'] } }, project: { tag_key: { '@@assign': 'Project' } } },
  });
  assert.deepEqual(effectivePolicy([[root], [], [account]]), {
    tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200'] }, project: { tag_key: 'Project' } },
  });
});

test('@@append adds to the inherited list and @@remove takes values out', () => {
  const root = doc({ tags: { env: { tag_value: { '@@assign': ['prod', 'dev'] } } } });
  const ou = doc({ tags: { env: { tag_value: { '@@append': ['test', 'prod'] } } } });
  const account = doc({ tags: { env: { tag_value: { '@@remove': ['dev'] } } } });
  assert.deepEqual(effectivePolicy([[root], [ou], [account]]), { tags: { env: { tag_value: ['prod', 'test'] } } });
});

test('@@operators_allowed_for_child_policies ["@@none"] freezes a value for lower levels only', () => {
  const root = doc({
    tags: { env: { tag_value: { '@@assign': ['prod'], '@@operators_allowed_for_child_policies': ['@@none'] } } },
  });
  const sameLevel = doc({ tags: { env: { tag_value: { '@@append': ['stage'] } } } });
  const account = doc({ tags: { env: { tag_value: { '@@assign': ['dev'] } } } });
  assert.deepEqual(effectivePolicy([[root, sameLevel], [account]]), {
    tags: { env: { tag_value: ['prod', 'stage'] } },
  });
});

test('only @@append allowed: a child @@assign is ignored but its @@append applies', () => {
  const root = doc({
    tags: { env: { tag_value: { '@@assign': ['prod'], '@@operators_allowed_for_child_policies': ['@@append'] } } },
  });
  const ou = doc({ tags: { env: { tag_value: { '@@assign': ['x'], '@@append': ['qa'] } } } });
  assert.deepEqual(effectivePolicy([[root], [ou]]), { tags: { env: { tag_value: ['prod', 'qa'] } } });
});

test('no policies at any level: nothing is effective', () => {
  assert.equal(effectivePolicy([[], []]), undefined);
});
