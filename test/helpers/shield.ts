// Test helper: Shield scenarios — one GET through a listener from a chosen source address, and bounded polling.
import assert from 'node:assert/strict';
import { request, type Agent } from 'node:http';

/** The status of one GET to the listener on `port`, sent from `from` (own connection unless an agent is given). */
export function statusFrom(port: number, path: string, from: string, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress: from, agent: agent ?? false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` up to `tries` times, a second apart, until it returns a value. */
export async function eventually<T>(tries: number, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(`still not so after ${tries} tries`);
}
