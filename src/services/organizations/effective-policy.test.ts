// Effective management policy inheritance: assign, append, remove and child-control operators across levels, with the User Guide's examples.
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

// The User Guide's examples ("Policy syntax and inheritance for management policy types"), policies A to K.
const policyA = doc({
  tags: {
    costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] } },
  },
});

test('guide example 1: an OU policy @@assign overwrites the root values and adds enforced_for', () => {
  const policyB = doc({
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter' },
        tag_value: { '@@assign': ['Sandbox'] },
        enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
      },
    },
  });
  assert.deepEqual(effectivePolicy([[policyA], [policyB], []]), {
    tags: {
      costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] },
    },
  });
});

const policyC = doc({
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@append': ['Marketing'] },
      enforced_for: { '@@append': ['redshift:*', 'dynamodb:table'] },
    },
  },
});

test('guide example 2: @@append adds to the inherited values', () => {
  assert.deepEqual(effectivePolicy([[policyA], [policyC], []]), {
    tags: {
      costcenter: {
        tag_key: 'CostCenter',
        tag_value: ['Development', 'Support', 'Marketing'],
        enforced_for: ['redshift:*', 'dynamodb:table'],
      },
    },
  });
});

test('guide example 3: @@remove at the account leaves Support, and an emptied enforced_for no longer applies', () => {
  const policyD = doc({
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter' },
        tag_value: { '@@remove': ['Development', 'Marketing'] },
        enforced_for: { '@@remove': ['redshift:*', 'dynamodb:table'] },
      },
    },
  });
  assert.deepEqual(effectivePolicy([[policyA], [policyC], [policyD]]), {
    tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Support'] } },
  });
});

test('guide example 4: @@none locks the key, ["@@append"] lets children only append', () => {
  const policyE = doc({
    tags: {
      project: {
        tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' },
        tag_value: {
          '@@operators_allowed_for_child_policies': ['@@append'],
          '@@assign': ['Maintenance', 'Escalations'],
        },
      },
    },
  });
  const policyF = doc({
    tags: {
      project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Escalations - research'] } },
    },
  });
  assert.deepEqual(effectivePolicy([[policyE], [policyF]]), {
    tags: {
      project: { tag_key: 'Project', tag_value: ['Maintenance', 'Escalations', 'Escalations - research'] },
    },
  });
});

test('guide example 5: child control of policies at one level intersects', () => {
  const policyG = doc({
    tags: {
      project: {
        tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance'] },
      },
    },
  });
  const policyH = doc({
    tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append', '@@remove'] } } },
  });
  const child = doc({ tags: { project: { tag_value: { '@@append': ['Research'], '@@remove': ['Maintenance'] } } } });
  assert.deepEqual(effectivePolicy([[policyG, policyH], [child]]), {
    tags: { project: { tag_value: ['Maintenance', 'Research'] } },
  });
});

test('guide example 6: at one level the policy attached first sets a single value', () => {
  const policyJ = doc({
    tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Maintenance'] } } },
  });
  const policyK = doc({ tags: { project: { tag_key: { '@@assign': 'project' } } } });
  assert.deepEqual(effectivePolicy([[policyJ, policyK]]), {
    tags: { project: { tag_key: 'PROJECT', tag_value: ['Maintenance'] } },
  });
});

test('@@all allows every operator; a restriction on a parent key binds its whole subtree', () => {
  const root = doc({
    services: {
      '@@operators_allowed_for_child_policies': ['@@none'],
      default: { opt_out_policy: { '@@assign': 'optOut', '@@operators_allowed_for_child_policies': ['@@all'] } },
    },
  });
  const ou = doc({ services: { default: { opt_out_policy: { '@@assign': 'optIn' } } } });
  assert.deepEqual(effectivePolicy([[root], [ou]]), { services: { default: { opt_out_policy: 'optOut' } } });
  const open = doc({ services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } });
  assert.deepEqual(effectivePolicy([[open], [ou]]), { services: { default: { opt_out_policy: 'optIn' } } });
});

test('nesting past the bound is not walked', () => {
  let deep: Record<string, unknown> = { leaf: { '@@assign': 'x' } };
  for (let i = 0; i < 40; i++) deep = { [`k${i}`]: deep };
  const out = effectivePolicy([[doc(deep)]]);
  assert.ok(out);
  assert.ok(JSON.stringify(out).length < 400);
});
