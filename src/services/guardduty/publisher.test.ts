import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportedJson } from './publisher.js';

test('exported findings use lowerCamelCase members at every level, lists included', () => {
  assert.deepEqual(
    exportedJson({
      AccountId: '1',
      Resource: { AccessKeyDetails: { UserName: 'u' }, InstanceDetails: { Tags: [{ Key: 'k', Value: 'v' }] } },
      Service: { Count: 2, Archived: false },
    }),
    {
      accountId: '1',
      resource: { accessKeyDetails: { userName: 'u' }, instanceDetails: { tags: [{ key: 'k', value: 'v' }] } },
      service: { count: 2, archived: false },
    },
  );
});

test('the conversion stops at its depth bound instead of following any nesting', () => {
  let deep: Record<string, unknown> = { Leaf: 1 };
  for (let i = 0; i < 100; i++) deep = { Next: deep };
  let out = exportedJson(deep) as Record<string, unknown>;
  let depth = 0;
  while (typeof out === 'object' && out !== null && 'next' in out) {
    out = out.next as Record<string, unknown>;
    depth++;
  }
  // Past the bound the value is returned as it was (members no longer renamed).
  assert.ok(depth > 30 && depth < 100, String(depth));
  assert.ok('Next' in out);
});
