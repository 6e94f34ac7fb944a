import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysesTrail } from './detector-lookup.js';

test('a detector analyses the trail when ENABLED and its CLOUD_TRAIL feature is not DISABLED', () => {
  const features = (status: string) => JSON.stringify([{ Name: 'CLOUD_TRAIL', Status: status }]);
  assert.equal(analysesTrail({ status: 'ENABLED', features: features('ENABLED') }), true);
  assert.equal(analysesTrail({ status: 'DISABLED', features: features('ENABLED') }), false);
  assert.equal(analysesTrail({ status: 'ENABLED', features: features('DISABLED') }), false);
  assert.equal(analysesTrail({ status: 'ENABLED', features: '[]' }), true, 'CloudTrail is foundational: on unless off');
  assert.equal(analysesTrail({ status: 'ENABLED', features: 'not json' }), true);
});
