// Test helper: an External Key Store (XKS) proxy — the spec's four POST endpoints over HTTPS with a self-signed
// certificate, AES-256-GCM external keys held in memory, and every call's SigV4 signature (service kms-xks-proxy)
// verified with Warden's own verifier, so a test that gets an answer proves Warden signed the call correctly.
import { createCipheriv, createDecipheriv, generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSignature, verifySignature } from '../../src/aws/sigv4.js';
import type { HttpRequest } from '../../src/aws/http.js';
import { selfSignedCertificate } from './saml-idp.js';

export interface XksProxyCall {
  operation: 'health' | 'metadata' | 'encrypt' | 'decrypt';
  keyId?: string;
  /** The parsed JSON body, as the proxy received it. */
  body: Record<string, unknown>;
  /** The credential scope's region the call was signed for. */
  region: string;
}

export interface ExternalKey {
  material: Buffer;
  keySpec: string;
  keyUsage: string[];
  keyStatus: 'ENABLED' | 'DISABLED';
}

export interface TestXksProxy {
  /** The proxy's host name (its certificate's), reached through Warden's xksProxyConnectTo. */
  host: string;
  uriEndpoint: string;
  uriPath: string;
  credential: { AccessKeyId: string; RawSecretAccessKey: string };
  /** Warden's configuration to reach, trust and allow this proxy (a loopback address). */
  wardenConfig: { xksProxyCaFile: string; xksProxyConnectTo: string; xksProxyAllow: string[] };
  /** Calls that passed authentication, in order. */
  calls: XksProxyCall[];
  /** Calls refused for their signature. */
  refusedSignatures: number;
  keys: Map<string, ExternalKey>;
  addKey(id: string, key?: Partial<ExternalKey>): void;
  /** Test levers: the external key managers' health, an error to answer instead, a delay before answering. */
  behaviour: { health: 'ACTIVE' | 'UNAVAILABLE'; failWith?: { status: number; errorName: string }; delayMs: number };
  /** Stops answering: the port is closed (connections refused). */
  stop(): Promise<void>;
}

/** Additional authenticated data as the spec tells a proxy to feed its key manager (the lengths make it unambiguous). */
function ekmAad(aad: Buffer, metadata: Buffer): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(aad.length);
  return Buffer.concat([head, aad, Buffer.from([metadata.length]), metadata]);
}

const b64 = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : '', 'base64');

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startXksProxy(options: { pathPrefix?: string } = {}): Promise<TestXksProxy> {
  const host = `xks-${randomBytes(4).toString('hex')}.warden.test`;
  const { publicKey, privateKey } = await new Promise<{
    publicKey: import('node:crypto').KeyObject;
    privateKey: import('node:crypto').KeyObject;
  }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, pub, priv) =>
      err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
    ),
  );
  const der = selfSignedCertificate(publicKey, privateKey, host, 1);
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const dir = await mkdtemp(join(tmpdir(), 'warden-xks-'));
  const caFile = join(dir, 'proxy-ca.pem');
  await writeFile(caFile, certPem);

  const uriPath = `${options.pathPrefix ?? '/test'}/kms/xks/v1`;
  // The spec's credential: an access key id of A-Z and 2-7 (20-30 characters), a secret of 43-64 base64 characters.
  const accessKeyId = Array.from(randomBytes(24), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');
  const secret = randomBytes(32).toString('base64');
  const calls: XksProxyCall[] = [];
  const keys = new Map<string, ExternalKey>();
  const behaviour: TestXksProxy['behaviour'] = { health: 'ACTIVE', delayMs: 0 };
  const proxy = { refusedSignatures: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method !== 'POST') return send(res, 405, { errorName: 'ValidationException' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const wire: HttpRequest = { method: 'POST', path, query: {}, rawQuery: '', headers, body };
    let region: string;
    try {
      const parsed = parseSignature(wire, 'json', { service: 'kms-xks-proxy' });
      if (parsed.accessKeyId !== accessKeyId || parsed.service !== 'kms-xks-proxy') throw new Error('unknown key');
      verifySignature(parsed, wire, secret, new Date());
      region = parsed.region;
    } catch {
      proxy.refusedSignatures++;
      return send(res, 401, { errorName: 'AuthenticationFailedException' });
    }
    if (!path.startsWith(`${uriPath}/`)) return send(res, 404, { errorName: 'InvalidUriPathException' });
    const rest = path.slice(uriPath.length);
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const keyMatch = /^\/keys\/([A-Za-z0-9._-]+)\/(metadata|encrypt|decrypt)$/.exec(rest);
    if (rest !== '/health' && !keyMatch) return send(res, 404, { errorName: 'InvalidUriPathException' });
    const operation = (keyMatch ? keyMatch[2] : 'health') as XksProxyCall['operation'];
    calls.push({ operation, ...(keyMatch ? { keyId: keyMatch[1] } : {}), body: json, region });
    if (behaviour.delayMs > 0) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.failWith) return send(res, behaviour.failWith.status, { errorName: behaviour.failWith.errorName });
    if (operation === 'health') {
      return send(res, 200, {
        xksProxyFleetSize: 1,
        xksProxyVendor: 'Warden tests',
        xksProxyModel: 'test/helpers/xks-proxy.ts',
        ekmVendor: 'Warden tests',
        ekmFleetDetails: [{ id: 'ekm-1', model: 'in-memory AES-256-GCM', healthStatus: behaviour.health }],
      });
    }
    const key = keys.get(keyMatch![1]!);
    if (!key) return send(res, 404, { errorName: 'KeyNotFoundException' });
    if (operation === 'metadata') {
      return send(res, 200, { keySpec: key.keySpec, keyUsage: key.keyUsage, keyStatus: key.keyStatus });
    }
    if (key.keyStatus !== 'ENABLED') return send(res, 400, { errorName: 'InvalidStateException' });
    const aad = b64(json['additionalAuthenticatedData']);
    if (operation === 'encrypt') {
      const iv = randomBytes(12);
      const metadata = Buffer.from('v1');
      const cipher = createCipheriv('aes-256-gcm', key.material, iv);
      cipher.setAAD(ekmAad(aad, metadata));
      const ciphertext = Buffer.concat([cipher.update(b64(json['plaintext'])), cipher.final()]);
      return send(res, 200, {
        ciphertext: ciphertext.toString('base64'),
        ciphertextMetadata: metadata.toString('base64'),
        initializationVector: iv.toString('base64'),
        authenticationTag: cipher.getAuthTag().toString('base64'),
      });
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material, b64(json['initializationVector']));
      decipher.setAAD(ekmAad(aad, b64(json['ciphertextMetadata'])));
      decipher.setAuthTag(b64(json['authenticationTag']));
      const plaintext = Buffer.concat([decipher.update(b64(json['ciphertext'])), decipher.final()]);
      return send(res, 200, { plaintext: plaintext.toString('base64') });
    } catch {
      return send(res, 400, { errorName: 'InvalidCiphertextException' });
    }
  }

  const server: Server = createServer(
    { key: privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: certPem },
    (req, res) => {
      handle(req, res).catch(() => send(res, 500, { errorName: 'InternalException' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    host,
    uriEndpoint: `https://${host}`,
    uriPath,
    credential: { AccessKeyId: accessKeyId, RawSecretAccessKey: secret },
    // The proxy listens on loopback, which Warden refuses for a proxy unless the operator allows it.
    wardenConfig: {
      xksProxyCaFile: caFile,
      xksProxyConnectTo: `${host}:443:127.0.0.1:${port}`,
      xksProxyAllow: ['127.0.0.1'],
    },
    calls,
    get refusedSignatures() {
      return proxy.refusedSignatures;
    },
    keys,
    addKey(id, key = {}) {
      keys.set(id, {
        material: randomBytes(32),
        keySpec: 'AES_256',
        keyUsage: ['ENCRYPT', 'DECRYPT'],
        keyStatus: 'ENABLED',
        ...key,
      });
    },
    behaviour,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
