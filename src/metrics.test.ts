import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from './metrics.js';

describe('metrics labels', () => {
  test('only served services and their modelled operations become labels; anything else is unknown', async () => {
    const metrics = createMetrics(['sts', 'kms']);
    metrics.observe('sts', 'GetCallerIdentity', 200, 0.001);
    metrics.observe('sts', 'Made' + 'Up'.repeat(1000), 400, 0.001);
    metrics.observe('sts', 'Decrypt', 400, 0.001); // KMS's, not STS's
    metrics.observe('wafv2', 'ListWebACLs', 501, 0.001); // modelled, not served
    metrics.observe('x'.repeat(5000), 'y'.repeat(5000), 403, 0.001);
    metrics.observe('kms', 'constructor', 400, 0.001);
    const text = await metrics.registry.metrics();
    assert.match(text, /warden_requests_total\{service="sts",operation="GetCallerIdentity",status="200"\} 1/);
    assert.match(text, /warden_requests_total\{service="sts",operation="unknown",status="400"\} 2/);
    assert.match(text, /warden_requests_total\{service="unknown",operation="unknown",status="501"\} 1/);
    assert.match(text, /warden_requests_total\{service="unknown",operation="unknown",status="403"\} 1/);
    assert.match(text, /warden_requests_total\{service="kms",operation="unknown",status="400"\} 1/);
    for (const bad of ['MadeUp', 'Decrypt', 'wafv2', 'ListWebACLs', 'xxxx', 'yyyy', 'constructor']) {
      assert.ok(!text.includes(bad), `${bad} became a label`);
    }
  });
});
