// Property-based fuzz of the whole request path: random requests for every modelled operation of every service,
// signed correctly (so they reach decoding, authorization and the handlers), unsigned, or signed wrongly. Whatever
// arrives, the server answers no 5xx but 501 (not implemented), and every call a service receives is in the trail.
// FUZZ_SEED and FUZZ_RUNS replay a failure or widen the run (the seed is fixed, so `npm test` is repeatable).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { loadModel } from '../../src/aws/model.js';
import { routeRequest } from '../../src/aws/router.js';
import { newSecretAccessKey } from '../../src/aws/ids.js';
import { arbitraryOperation, fuzzParameters, fuzzRequest } from '../helpers/fuzz-requests.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

type Signing = 'signed' | 'unsigned' | 'wrong secret' | 'wrong service';

describe('fuzzed requests through the whole path', () => {
  let w: TestWarden;
  before(async () => {
    // Failed authentications are fuzzed too; a generous allowance keeps them from all becoming Throttling.
    w = await startWarden({ failedAuthBurst: 100_000 });
  });
  after(async () => {
    await w.stop();
  });

  async function sign(
    req: { method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, string> },
    body: Buffer,
    service: string,
    secretAccessKey: string,
  ): Promise<Record<string, string>> {
    const signer = new SignatureV4({
      service,
      region: 'us-east-1',
      credentials: { accessKeyId: w.credentials.accessKeyId, secretAccessKey },
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: req.method,
      protocol: 'http:',
      hostname: 'localhost',
      path: req.path,
      query: req.query,
      headers: { host: 'localhost', ...req.headers },
      body: body.length > 0 ? body : undefined,
    });
    return signed.headers as Record<string, string>;
  }

  async function hasAuditRecord(requestId: string): Promise<boolean> {
    const row = await w.warden.runtime.store.db
      .selectFrom('audit_events')
      .select('event_id')
      .where('record', 'like', `%"requestID":"${requestId}"%`)
      .executeTakeFirst();
    return row !== undefined;
  }

  test('no 5xx but 501, and every call a service received is in the trail', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryOperation(),
        fc.constantFrom<Signing>('signed', 'signed', 'signed', 'signed', 'unsigned', 'wrong secret', 'wrong service'),
        async ([[service, operation], g], signing) => {
          const { req } = fuzzRequest(g, service, operation);
          const signingName = loadModel(service).metadata.signingName ?? loadModel(service).metadata.endpointPrefix;
          const headers =
            signing === 'unsigned'
              ? { host: 'localhost', ...req.headers }
              : await sign(
                  req,
                  req.body,
                  signing === 'wrong service' ? (service === 'kms' ? 'iam' : 'kms') : signingName,
                  signing === 'wrong secret' ? newSecretAccessKey() : w.credentials.secretAccessKey,
                );
          const url = req.rawQuery ? `${req.path}?${req.rawQuery}` : req.path;
          const response = await w.warden.app.inject({
            method: req.method as 'GET',
            url,
            headers,
            ...(req.body.length > 0 ? { payload: req.body } : {}),
          });
          const what = `${signing} ${service}:${operation} ${req.method} ${url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          assert.ok(response.statusCode < 500 || response.statusCode === 501, what);

          // A request no service claims is answered at the front door, as AWS's is, and no service records it.
          const signingService = signing === 'unsigned' ? undefined : headers['authorization']?.split('/')[3];
          if (!routeRequest(req, signingService)) return;
          const requestId = response.headers['x-amzn-requestid'];
          assert.equal(typeof requestId, 'string', what);
          assert.ok(await hasAuditRecord(requestId as string), `no audit record: ${what}`);
        },
      ),
      fuzzParameters(200),
    );
  });
});
