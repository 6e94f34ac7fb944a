// Fuzzed requests for Inspector2's CIS operations, signed correctly so they reach the handlers: whatever arrives,
// the answer is never a 5xx (AWS's validation, not-found or an empty answer), after one real configuration exists.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateCisScanConfigurationCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { fuzzParameters, fuzzRequest, modelledOperations } from '../helpers/fuzz-requests.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const CIS_OPERATIONS = modelledOperations(['inspector2']).filter(
  ([, op]) => op.includes('Cis') && !op.includes('CisSession'),
);

describe('fuzzed CIS requests', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
    const client = new Inspector2Client(w.clientConfig);
    await client.send(
      new CreateCisScanConfigurationCommand({
        scanName: 'fuzz',
        securityLevel: 'LEVEL_1',
        schedule: { oneTime: {} },
        targets: { accountIds: ['SELF'], targetResourceTags: { a: ['b'] } },
      }),
    );
    client.destroy();
  });
  after(async () => {
    await w.stop();
  });

  test('no 5xx', async () => {
    assert.equal(CIS_OPERATIONS.length, 9);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CIS_OPERATIONS), fc.gen(), async ([service, operation], g) => {
        const { req } = fuzzRequest(g, service, operation);
        const signer = new SignatureV4({
          service: 'inspector2',
          region: 'us-east-1',
          credentials: w.credentials,
          sha256: Sha256,
        });
        const signed = await signer.sign({
          method: req.method,
          protocol: 'http:',
          hostname: 'localhost',
          path: req.path,
          query: req.query,
          headers: { host: 'localhost', ...req.headers },
          body: req.body.length > 0 ? req.body : undefined,
        });
        const url = req.rawQuery ? `${req.path}?${req.rawQuery}` : req.path;
        const response = await w.warden.app.inject({
          method: req.method as 'POST',
          url,
          headers: signed.headers as Record<string, string>,
          ...(req.body.length > 0 ? { payload: req.body } : {}),
        });
        assert.ok(
          response.statusCode < 500,
          `${operation} ${req.body.toString().slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`,
        );
      }),
      fuzzParameters(300),
    );
  });
});
