// Issue 13: one request-log line per AWS call at info (who, what, answer, how long), never a secret; pretty or JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { FORM, send, signRequest } from '../helpers/raw.js';
import { waitFor } from '../helpers/wait.js';
import { createLogger } from '../../src/server.js';
import { loadConfig } from '../../src/config.js';

/** A log destination that keeps what it is written, line by line. */
function capture() {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  return { stream, lines };
}

type Line = Record<string, unknown>;

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

describe('request log (JSON)', () => {
  let w: TestWarden;
  const out = capture();
  const requestLines = () =>
    out.lines.map((l) => JSON.parse(l) as Line).filter((l) => l.msg === 'request' && typeof l.status === 'number');
  const lineFor = (requestId: string | undefined) => {
    const found = requestLines().filter((l) => l.requestId === requestId);
    assert.equal(found.length, 1, `one line for request ${requestId}:\n${out.lines.join('\n')}`);
    return found[0];
  };

  before(async () => {
    const config = loadConfig({ logLevel: 'info', logFormat: 'json' });
    // terminal=true: json is what the configuration asked for, not what a pipe would have chosen.
    w = await startWarden({}, createLogger(config, out.stream, true));
  });
  after(async () => {
    await w.stop();
  });

  test('every line is JSON', () => {
    assert.ok(out.lines.length > 0);
    for (const line of out.lines) assert.doesNotThrow(() => JSON.parse(line), line);
  });

  test('a successful call: request id, service, operation, status, duration, principal, key and source', async () => {
    const sts = new STSClient(w.clientConfig);
    const res = await sts.send(new GetCallerIdentityCommand({}));
    const line = lineFor(res.$metadata.requestId);
    assert.equal(line.level, 30);
    assert.equal(line.service, 'sts');
    assert.equal(line.operation, 'GetCallerIdentity');
    assert.equal(line.status, 200);
    assert.equal(line.errorCode, undefined);
    assert.equal(typeof line.durationMs, 'number');
    assert.equal(line.principal, `arn:aws:iam::${w.accountId}:root`);
    assert.equal(line.accessKeyId, w.credentials.accessKeyId);
    assert.equal(line.sourceIp, '127.0.0.1');
  });

  test('a failed call names its error code; a failed authentication names no principal', async () => {
    const iam = new IAMClient(w.clientConfig);
    const missing = await iam.send(new GetUserCommand({ UserName: 'nobody-here' })).catch((e: unknown) => e);
    const noSuch = lineFor((missing as { $metadata: { requestId: string } }).$metadata.requestId);
    assert.deepEqual([noSuch.service, noSuch.operation, noSuch.status], ['iam', 'GetUser', 404]);
    assert.equal(noSuch.errorCode, 'NoSuchEntity');
    assert.equal(noSuch.principal, `arn:aws:iam::${w.accountId}:root`);

    const badSecret = new STSClient({
      ...w.clientConfig,
      credentials: { ...w.credentials, secretAccessKey: w.credentials.secretAccessKey + 'x' },
    });
    const denied = await badSecret.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    const failed = lineFor((denied as { $metadata: { requestId: string } }).$metadata.requestId);
    assert.deepEqual([failed.status, failed.errorCode], [403, 'SignatureDoesNotMatch']);
    assert.equal(failed.principal, undefined);
    assert.equal(failed.accessKeyId, w.credentials.accessKeyId);
  });

  test('no secret reaches the log: passwords, secret keys, session tokens, signatures', async () => {
    const iam = new IAMClient(w.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: 'log-secrets' }));
    const password = 'Log-Secret-Passw0rd-' + Math.random().toString(36).slice(2);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'log-secrets', Password: password }));
    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'log-secrets' }));
    const userSecret = created.AccessKey!.SecretAccessKey!;
    const session = await new STSClient(w.clientConfig).send(new GetSessionTokenCommand({}));
    const creds = session.Credentials!;
    // A call signed with the session: its token travels in the X-Amz-Security-Token header.
    const sessionSts = new STSClient({
      ...w.clientConfig,
      credentials: {
        accessKeyId: creds.AccessKeyId!,
        secretAccessKey: creds.SecretAccessKey!,
        sessionToken: creds.SessionToken!,
      },
    });
    const who = await sessionSts.send(new GetCallerIdentityCommand({}));
    assert.equal(lineFor(who.$metadata.requestId).accessKeyId, creds.AccessKeyId);

    const log = out.lines.join('\n');
    for (const [what, secret] of [
      ['the login password', password],
      ['the root secret key', w.credentials.secretAccessKey],
      ['a created secret key', userSecret],
      ['the session secret key', creds.SecretAccessKey!],
      ['the session token', creds.SessionToken!],
    ] as const) {
      assert.ok(!log.includes(secret), `${what} is in the log`);
    }
    assert.ok(!/Signature=|authorization/i.test(log), 'a signature or an authorization header is in the log');
  });

  test("a 1 MB Action the model lacks is logged as 'unknown', not repeated", async () => {
    const action = 'A'.repeat(1024 * 1024);
    const res = await send(
      await signRequest(
        w.endpoint,
        { headers: FORM, body: `Action=${action}&Version=2011-06-15` },
        { service: 'sts', ...w.credentials },
      ),
    );
    assert.equal(res.status, 400);
    const line = lineFor(res.headers.get('x-amzn-requestid') ?? undefined);
    assert.deepEqual([line.service, line.operation, line.errorCode], ['sts', 'unknown', 'InvalidAction']);
    assert.ok(!out.lines.some((l) => l.includes('AAAAAAAAAAAAAAAA')), 'the Action was written to the log');
  });

  test('health, metrics and the landing page are not logged at info', async () => {
    const before = out.lines.length;
    for (const path of ['/_warden/health', '/metrics', '/']) assert.equal((await fetch(w.endpoint + path)).status, 200);
    assert.deepEqual(out.lines.slice(before), []);
  });
});

describe('log format', () => {
  const config = (logFormat?: 'pretty' | 'json') => loadConfig({ logLevel: 'info', logFormat });

  test('unset, a terminal gets pretty lines and anything else JSON', async () => {
    const pipe = capture();
    createLogger(config(), pipe.stream, false).info({ requestId: 'r-1' }, 'hello');
    assert.equal(JSON.parse(pipe.lines[0]).msg, 'hello');

    const tty = capture();
    const log = createLogger(config(), tty.stream, true);
    log.info(
      {
        requestId: 'r-2',
        service: 'iam',
        operation: 'GetUser',
        status: 404,
        errorCode: 'NoSuchEntity',
        durationMs: 1.5,
        sourceIp: '127.0.0.1',
      },
      'request',
    );
    await waitForLine(tty.lines);
    assert.match(tty.lines[0], /INFO.*: iam:GetUser 404 NoSuchEntity 1\.5ms principal=- ip=127\.0\.0\.1 id=r-2$/);
  });

  test('logFormat forces either', async () => {
    const tty = capture();
    createLogger(config('json'), tty.stream, true).info('forced');
    assert.equal(JSON.parse(tty.lines[0]).msg, 'forced');

    const pipe = capture();
    createLogger(config('pretty'), pipe.stream, false).info({ requestId: 'r-3' }, 'forced');
    await waitForLine(pipe.lines);
    assert.match(pipe.lines[0], /INFO.*: forced requestId=r-3$/);
    assert.throws(() => loadConfig({ logFormat: 'xml' }), /logFormat/);
  });
});

test('warden serve --log-format pretty writes pretty lines even to a pipe', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-log-format-'));
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-format', 'pretty'], {
    env: { ...process.env, WARDEN_LOG_LEVEL: 'info', WARDEN_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => lines.push(line));
  try {
    const address = await waitFor(
      () => lines.map((l) => /^\s+address: "(http:\/\/[^"]+)"$/.exec(l)?.[1]).find((a) => a !== undefined),
      { what: 'the pretty "warden listening" line', timeoutMs: 30_000 },
    );
    assert.equal((await fetch(`${address}/?Action=GetCallerIdentity&Version=2011-06-15`)).status, 403);
    await waitFor(() => lines.some((l) => / INFO.*: sts:GetCallerIdentity 403 MissingAuthenticationToken /.test(l)), {
      what: `the pretty request line in:\n${lines.join('\n')}`,
    });
    assert.ok(!lines.some((l) => l.startsWith('{')), 'a JSON line was written');
  } finally {
    proc.kill('SIGTERM');
    await new Promise((resolve) => (proc.exitCode === null ? proc.on('exit', resolve) : resolve(undefined)));
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** pino-pretty writes through a stream of its own: its line arrives on a later tick. */
async function waitForLine(lines: string[]): Promise<void> {
  await waitFor(() => lines.length > 0, { what: 'a pretty log line' });
}
