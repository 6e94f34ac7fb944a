// WAF's JA3Fingerprint / JA4Fingerprint on live traffic: matched on an HTTPS listener, the fallback on a plain HTTP one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import {
  fingerprints,
  readClientHello,
  type TlsFingerprints,
} from '../../src/services/elbv2/data-plane/client-hello.js';

const FIXTURES = new URL('../fixtures/iam/', import.meta.url);
const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });

let w: TestWarden;
let waf: WAFV2Client;
let app: Server;
let httpsPort: number;
let httpPort: number;
let aclId: string;
let node: TlsFingerprints;

/** One HTTPS request on a fresh connection (no session resumption: every hello is a first one). */
function overTls(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: '/', agent: false, rejectUnauthorized: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

function overHttp(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function status(reply: Promise<IncomingMessage>): Promise<{ status: number; app: boolean }> {
  const res = await reply;
  res.resume();
  await new Promise((r) => res.on('end', r));
  return { status: res.statusCode!, app: res.headers['x-app'] === 'echo' };
}

/**
 * The fingerprints of this process's own TLS client, as a server reading its ClientHello sees them: the same request
 * as `overTls`, sent to a bare TCP server that keeps the first bytes and hangs up.
 */
async function captureOwnHello(): Promise<TlsFingerprints> {
  const chunks: Buffer[] = [];
  let done!: () => void;
  const complete = new Promise<void>((r) => (done = r));
  const probe = createNetServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (readClientHello(Buffer.concat(chunks)).state !== 'incomplete') {
        socket.destroy();
        done();
      }
    });
  });
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  const attempt = overTls(port).catch(() => undefined);
  await complete;
  await attempt;
  await new Promise((r) => probe.close(r));
  const outcome = readClientHello(Buffer.concat(chunks));
  if (outcome.state !== 'complete') throw new Error(`node's own ClientHello did not parse: ${outcome.state}`);
  return fingerprints(outcome.hello);
}

function fingerprintRule(
  name: string,
  priority: number,
  field: 'JA3Fingerprint' | 'JA4Fingerprint',
  value: string,
  fallback: 'MATCH' | 'NO_MATCH',
): Rule {
  return {
    Name: name,
    Priority: priority,
    Statement: {
      ByteMatchStatement: {
        FieldToMatch: { [field]: { FallbackBehavior: fallback } },
        SearchString: new TextEncoder().encode(value),
        PositionalConstraint: 'EXACTLY',
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    },
    Action: { Block: {} },
    VisibilityConfig: vis(name),
  };
}

async function setRules(rules: Rule[]): Promise<void> {
  const current = await waf.send(new GetWebACLCommand({ Name: 'tls-acl', Scope: 'REGIONAL', Id: aclId }));
  await waf.send(
    new UpdateWebACLCommand({
      Name: 'tls-acl',
      Scope: 'REGIONAL',
      Id: aclId,
      LockToken: current.LockToken!,
      DefaultAction: { Allow: {} },
      Rules: rules,
      VisibilityConfig: vis('tls-acl'),
    }),
  );
}

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  const iam = new IAMClient(w.clientConfig);
  app = createServer((_req, res) => {
    res.writeHead(200, { 'X-App': 'echo' });
    res.end('ok');
  });
  const appPort = await listenLocally(app);
  const cert = await iam.send(
    new UploadServerCertificateCommand({
      ServerCertificateName: 'tls-fingerprints',
      CertificateBody: await readFile(new URL('server.pem', FIXTURES), 'utf8'),
      PrivateKey: await readFile(new URL('server.key', FIXTURES), 'utf8'),
    }),
  );
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'tls-fp', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'tls-fp-app', appPort);
  httpsPort = await freePort();
  await elb.send(
    new CreateListenerCommand({
      ...forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, httpsPort),
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: cert.ServerCertificateMetadata!.Arn! }],
    }),
  );
  httpPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, httpPort)));
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'tls-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [],
      VisibilityConfig: vis('tls-acl'),
    }),
  );
  aclId = created.Summary!.Id!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: created.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
  node = await captureOwnHello();
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

test("a ByteMatch on JA3Fingerprint equal to this client's fingerprint blocks it over HTTPS; another value does not", async () => {
  assert.match(node.ja3, /^[0-9a-f]{32}$/);
  await setRules([fingerprintRule('ja3', 0, 'JA3Fingerprint', node.ja3, 'NO_MATCH')]);
  assert.deepEqual(await status(overTls(httpsPort)), { status: 403, app: false });
  // Plain HTTP has no handshake: NO_MATCH lets it through.
  assert.deepEqual(await status(overHttp(httpPort)), { status: 200, app: true });

  const other = node.ja3.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  await setRules([fingerprintRule('ja3', 0, 'JA3Fingerprint', other, 'NO_MATCH')]);
  assert.deepEqual(await status(overTls(httpsPort)), { status: 200, app: true });
});

test('JA4Fingerprint matches the same way, and FallbackBehavior MATCH blocks plain HTTP', async () => {
  assert.match(node.ja4, /^t1[0-3]i\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
  await setRules([fingerprintRule('ja4', 0, 'JA4Fingerprint', node.ja4, 'NO_MATCH')]);
  assert.deepEqual(await status(overTls(httpsPort)), { status: 403, app: false });
  await setRules([fingerprintRule('ja4', 0, 'JA4Fingerprint', `${node.ja4.slice(0, -1)}x`, 'MATCH')]);
  assert.deepEqual(await status(overTls(httpsPort)), { status: 200, app: true });
  assert.deepEqual(await status(overHttp(httpPort)), { status: 403, app: false });
});
