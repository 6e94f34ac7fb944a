// Property-based fuzz of the four codecs: random requests for every modelled operation only ever decode or raise a 4xx AwsError.
// FUZZ_SEED and FUZZ_RUNS replay a failure or widen the run (the seed is fixed, so `npm test` is repeatable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AwsError } from '../error.js';
import { loadModel, vendoredModelNames } from '../model.js';
import { redactByShape } from '../../audit/redact.js';
import { codecFor } from './codec.js';
import { arbitraryOperation, fuzzParameters, fuzzRequest } from '../../../test/helpers/fuzz-requests.js';

/** Every vendored model speaking rest-xml (its XML bodies get a run of their own: few models speak it). */
const REST_XML = vendoredModelNames().filter((name) => loadModel(name).metadata.protocol === 'rest-xml');

for (const [title, services, runs] of [
  ['any operation', vendoredModelNames(), 400],
  ['any rest-xml operation', REST_XML, 400],
] as const) {
  test(`decodeInput of any request for ${title} returns input or throws a 4xx AwsError, and the input can be audited`, () => {
    fc.assert(
      fc.property(arbitraryOperation(services), ([[service, operation], g]) => {
        const { req, pathParams } = fuzzRequest(g, service, operation);
        const model = loadModel(service);
        const codec = codecFor(model);
        let input: Record<string, unknown>;
        try {
          input = codec.decodeInput(model, operation, req, pathParams);
        } catch (err) {
          assert.ok(err instanceof AwsError, `${service}:${operation} threw ${String(err)}`);
          assert.ok(
            err.httpStatus >= 400 && err.httpStatus < 500,
            `${service}:${operation} ${err.code} ${err.httpStatus}`,
          );
          // The error renders in the protocol's shape, as the pipeline will answer it.
          const response = codec.encodeError(model, err, 'r-fuzz');
          assert.equal(response.status, err.httpStatus);
          return;
        }
        assert.equal(typeof input, 'object');
        const shape = model.operations[operation].input?.shape;
        if (shape) JSON.stringify(redactByShape(model, shape, input));
      }),
      fuzzParameters(runs),
    );
  });
}
