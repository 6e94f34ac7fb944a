// GuardDuty's background work started as one: in order, stopped in reverse, and undone when one fails to start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Runtime } from '../../core/runtime.js';
import { startTogether } from './start-together.js';

const runtime = {} as Runtime;

function part(name: string, log: string[], fail = false) {
  return async () => {
    if (fail) throw new Error(`${name} failed`);
    log.push(`start ${name}`);
    return { stop: async () => void log.push(`stop ${name}`) };
  };
}

test('parts start in order and stop in reverse', async () => {
  const log: string[] = [];
  const running = await startTogether(part('trail', log), part('network', log))(runtime);
  await running.stop();
  assert.deepEqual(log, ['start trail', 'start network', 'stop network', 'stop trail']);
});

test('a part that fails to start stops those already started, and the failure is the answer', async () => {
  const log: string[] = [];
  await assert.rejects(startTogether(part('trail', log), part('network', log, true))(runtime), /network failed/);
  assert.deepEqual(log, ['start trail', 'stop trail']);
});
