// The data plane's HTTPS listeners (PEMs from the configuration) and its body cap, on loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import type { Runtime } from '../../../core/runtime.js';
import { selfSignedCertificate } from '../../../../test/helpers/saml-idp.js';
import type { DataPlaneConfig } from './config.js';
import { startDataPlane, type DataPlane } from './data-plane.js';

const runtime = {
  services: new Map(),
  log: pino({ level: 'silent' }),
  config: { dataPlaneHost: '127.0.0.1' },
} as unknown as Runtime;

let target: Server;
let plane: DataPlane;
let port: number;
let received = 0;
const client = new Agent({ connect: { rejectUnauthorized: false } });

before(async () => {
  target = createServer((req, res) => {
    req.on('data', (c: Buffer) => (received += c.length));
    req.on('end', () => res.end(`proto=${String(req.headers['x-forwarded-proto'])}`));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const keys = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ publicKey, privateKey }),
    ),
  );
  const der = selfSignedCertificate(keys.publicKey, keys.privateKey, 'lb.warden.test', 1);
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  const config: DataPlaneConfig = {
    targetGroups: [
      {
        arn: 'tg',
        protocol: 'HTTP',
        port: 80,
        healthCheck: {
          enabled: false,
          protocol: 'HTTP',
          port: 'traffic-port',
          path: '/',
          intervalSeconds: 30,
          timeoutSeconds: 5,
          healthyThresholdCount: 5,
          unhealthyThresholdCount: 2,
          successCodes: '200',
        },
        targets: [{ id: '127.0.0.1', port: (target.address() as AddressInfo).port }],
        deregistrationDelaySeconds: 0,
      },
    ],
    listeners: [
      {
        arn: 'l-tls',
        loadBalancerArn: 'lb',
        protocol: 'HTTPS',
        port,
        tls: { certificatePem, privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
        rules: [],
        defaultActions: [{ type: 'forward', targetGroups: [{ arn: 'tg', weight: 1 }] }],
        idleTimeoutSeconds: 5,
      },
    ],
  };
  plane = await startDataPlane(runtime, config, { maxBodyBytes: 1024, drainTimeoutMs: 200 });
  assert.deepEqual(plane.initialResult.failed, []);
});

after(async () => {
  await plane.stop();
  await client.close();
  target.closeAllConnections();
  await new Promise<void>((r) => target.close(() => r()));
});

test('an HTTPS listener terminates TLS with the configured PEMs and forwards as https', async () => {
  const res = await request(`https://127.0.0.1:${port}/`, { dispatcher: client });
  assert.equal(res.statusCode, 200);
  assert.equal(await res.body.text(), 'proto=https');
});

test('a body over the cap is refused with 413 (declared) and never reaches the target (streamed)', async () => {
  received = 0;
  const declared = await request(`https://127.0.0.1:${port}/`, {
    dispatcher: client,
    method: 'POST',
    body: Buffer.alloc(2048, 1),
  });
  assert.equal(declared.statusCode, 413);
  await declared.body.dump();
  const chunked = await request(`https://127.0.0.1:${port}/`, {
    dispatcher: client,
    method: 'POST',
    body: Readable.from(
      (async function* () {
        for (let i = 0; i < 4; i++) yield Buffer.alloc(512, 2);
      })(),
    ),
  }).then(
    async (r) => {
      await r.body.dump().catch(() => undefined);
      return r.statusCode;
    },
    (err: Error) => err.message,
  );
  assert.ok(chunked === 413 || typeof chunked === 'string', `got ${String(chunked)}`);
  assert.ok(received <= 1024, `the target got ${received} bytes`);
});
