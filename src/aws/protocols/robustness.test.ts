// Malformed input never crashes a codec: for every operation of every model, odd values only ever raise a 4xx AwsError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import { loadModel, vendoredModelNames, type ServiceModel } from '../model.js';
import { codecFor } from './codec.js';

const JSON_VALUES: unknown[] = [1, -2.5, 2 ** 53, true, 'text', '', [], {}, [1, 'a', null], { a: { b: [] } }, null];
const TEXT_VALUES = ['', 'x', '1', '-1', '1.5', 'true', '99999999999999999999', '%ZZ', '\u0000'];

function decodeOrReject(model: ServiceModel, operation: string, req: HttpRequest, pathParams?: Record<string, string>) {
  try {
    codecFor(model).decodeInput(model, operation, req, pathParams);
  } catch (err) {
    assert.ok(err instanceof AwsError, `${model.metadata.serviceId} ${operation}: threw ${String(err)}`);
    assert.ok(err.httpStatus >= 400 && err.httpStatus < 500, `${operation}: status ${err.httpStatus}`);
  }
}

function blank(partial: Partial<HttpRequest>): HttpRequest {
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

test('JSON and rest-json bodies of every shape and type are decoded or rejected, never thrown raw', () => {
  for (const name of vendoredModelNames()) {
    const model = loadModel(name);
    if (model.metadata.protocol === 'query') continue;
    for (const [operation, op] of Object.entries(model.operations)) {
      const members = op.input ? Object.entries(model.shapes[op.input.shape].members ?? {}) : [];
      for (const body of ['', 'null', '[]', '"s"', '{', '{"a":1}}', '\u0000']) {
        decodeOrReject(model, operation, blank({ body: Buffer.from(body) }), {});
      }
      for (const [member, ref] of members) {
        for (const value of JSON_VALUES) {
          const body = Buffer.from(JSON.stringify({ [ref.locationName ?? member]: value }));
          decodeOrReject(model, operation, blank({ body, query: { [ref.locationName ?? member]: String(value) } }), {
            [ref.locationName ?? member]: String(value),
          });
        }
      }
    }
  }
});

test('query parameters of every member are decoded or rejected, never thrown raw', () => {
  for (const name of vendoredModelNames()) {
    const model = loadModel(name);
    if (model.metadata.protocol !== 'query') continue;
    for (const [operation, op] of Object.entries(model.operations)) {
      const members = op.input ? Object.keys(model.shapes[op.input.shape].members ?? {}) : [];
      for (const member of members) {
        for (const value of TEXT_VALUES) {
          for (const key of [member, `${member}.member.1`, `${member}.entry.1.key`, `${member}.1.x`]) {
            const body = Buffer.from(`Action=${operation}&${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
            decodeOrReject(
              model,
              operation,
              blank({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }),
            );
          }
        }
      }
    }
  }
});

test('a map key named __proto__ stays data and pollutes nothing', () => {
  const model = loadModel('kms');
  const body = '{"KeyId":"k","Plaintext":"YQ==","EncryptionContext":{"__proto__":"v"}}';
  const input = codecFor(model).decodeInput(model, 'Encrypt', blank({ body: Buffer.from(body) }));
  const context = input.EncryptionContext as Record<string, unknown>;
  assert.deepEqual(Object.entries(context), [['__proto__', 'v']]);
  assert.equal(Object.getPrototypeOf(context), Object.prototype);
});
