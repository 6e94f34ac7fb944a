import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level, redact: { paths: ['*.secret'], censor: '[REDACTED]' } }, stream);
  return { logger, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('lazyChildLoggerFactory', () => {
  test('a line at an enabled level carries the request binding, as a child would, and is redacted the same', async () => {
    const { logger, lines } = capture('warn');
    const child = lazyChildLoggerFactory.call(undefined as never, logger, { reqId: 'req-7' }, {}, undefined as never);
    child.info('not written: below the level');
    child.warn({ body: { secret: 'hunter2' } }, 'odd');
    child.error(new Error('boom'));
    await flush();
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.reqId, 'req-7');
    assert.equal(lines[0]!.msg, 'odd');
    assert.deepEqual(lines[0]!.body, { secret: '[REDACTED]' });
    assert.equal(lines[1]!.reqId, 'req-7');
    assert.equal((lines[1]!.err as { message: string }).message, 'boom');
  });

  test('nothing is made until something logs; its children and level work as a child logger', async () => {
    const { logger, lines } = capture('info');
    const child = lazyChildLoggerFactory.call(undefined as never, logger, { reqId: 'req-8' }, {}, undefined as never);
    assert.equal(child.level, 'info');
    child.child({ part: 'inner' }).info('nested');
    child.level = 'error';
    child.info('dropped: the child is at error now');
    await flush();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.reqId, 'req-8');
    assert.equal(lines[0]!.part, 'inner');
    assert.equal(child.level, 'error');
    assert.equal(logger.level, 'info', "the parent's level is its own");
    child.level = 'debug';
    child.debug('written: the child is at debug now, below its parent');
    await flush();
    assert.equal(lines.length, 2);
    assert.equal(lines[1]!.msg, 'written: the child is at debug now, below its parent');
  });

  test('a route with a level of its own gets a real child at once', () => {
    const { logger } = capture('warn');
    const child = lazyChildLoggerFactory.call(
      undefined as never,
      logger,
      { reqId: 'req-9' },
      { level: 'debug' },
      undefined as never,
    );
    assert.equal(child.level, 'debug');
    assert.equal(typeof (child as unknown as pino.Logger).bindings, 'function');
  });
});
