// Tests for the health check state machine: FailureThreshold consecutive results flip it; Inverted and Disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterResult, NEW_HEALTH, reportedHealthy } from './health-state.js';

test('a new health check is healthy; FailureThreshold failures in a row make it unhealthy, a success resets', () => {
  let s = NEW_HEALTH;
  s = afterResult(s, false, 3);
  s = afterResult(s, false, 3);
  assert.equal(s.endpointHealthy, true);
  s = afterResult(s, true, 3);
  s = afterResult(s, false, 3);
  s = afterResult(s, false, 3);
  assert.equal(s.endpointHealthy, true);
  s = afterResult(s, false, 3);
  assert.equal(s.endpointHealthy, false);
  s = afterResult(s, true, 3);
  s = afterResult(s, true, 3);
  assert.equal(s.endpointHealthy, false);
  s = afterResult(s, true, 3);
  assert.equal(s.endpointHealthy, true);
});

test('a threshold of 1 flips on every change', () => {
  assert.equal(afterResult(NEW_HEALTH, false, 1).endpointHealthy, false);
});

test('Inverted reports the opposite; Disabled is healthy whatever the endpoint does', () => {
  const down = { endpointHealthy: false, streak: 0 };
  assert.equal(reportedHealthy(down, {}), false);
  assert.equal(reportedHealthy(down, { Inverted: true }), true);
  assert.equal(reportedHealthy(NEW_HEALTH, { Inverted: true }), false);
  assert.equal(reportedHealthy(down, { Disabled: true }), true);
  assert.equal(reportedHealthy(NEW_HEALTH, { Disabled: true, Inverted: true }), true);
});
