// Tests for routing: every modelled operation is reachable the way SDKs address it, and unknowns are told apart.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest } from './http.js';
import { loadModel, vendoredModelNames } from './model.js';
import { routeRequest, unknownOperationError } from './router.js';

function request(partial: Partial<HttpRequest>): HttpRequest {
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

function form(body: string): HttpRequest {
  return request({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });
}

describe('routeRequest', () => {
  test('every operation of every JSON model routes by X-Amz-Target', () => {
    for (const name of vendoredModelNames()) {
      const model = loadModel(name);
      if (model.metadata.protocol !== 'json') continue;
      for (const operation of Object.keys(model.operations)) {
        const req = request({ headers: { 'x-amz-target': `${model.metadata.targetPrefix}.${operation}` } });
        assert.deepEqual(routeRequest(req, name), { service: name, operation, requestedName: operation });
        // Unsigned requests (answered with an authentication error) still reach their service.
        assert.equal(routeRequest(req)?.service, name);
      }
    }
  });

  test("CloudTrail's namespaced target prefix is accepted whole (botocore) and as its last part (JS SDK)", () => {
    for (const target of [
      'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      'CloudTrail_20131101.LookupEvents',
    ]) {
      assert.deepEqual(routeRequest(request({ headers: { 'x-amz-target': target } }), 'cloudtrail'), {
        service: 'cloudtrail',
        operation: 'LookupEvents',
        requestedName: 'LookupEvents',
      });
    }
  });

  test('an unknown target operation keeps the service; an unknown prefix falls back to the signed JSON service', () => {
    assert.deepEqual(routeRequest(request({ headers: { 'x-amz-target': 'TrentService.Nope' } }), 'kms'), {
      service: 'kms',
      operation: undefined,
      requestedName: 'Nope',
    });
    assert.deepEqual(routeRequest(request({ headers: { 'x-amz-target': 'Bogus_2020.Encrypt' } }), 'kms'), {
      service: 'kms',
      operation: undefined,
      requestedName: 'Encrypt',
    });
    assert.equal(routeRequest(request({ headers: { 'x-amz-target': 'Bogus_2020.Encrypt' } })), undefined);
  });

  test('query services: Action from the form body or the query string, the signing scope deciding', () => {
    assert.deepEqual(routeRequest(form('Action=ListUsers&Version=2010-05-08'), 'iam'), {
      service: 'iam',
      operation: 'ListUsers',
      requestedName: 'ListUsers',
    });
    // A presigned GetCallerIdentity (as EKS and Vault use) carries everything in the query string.
    const presigned = request({
      method: 'GET',
      query: {
        Action: 'GetCallerIdentity',
        Version: '2011-06-15',
        'X-Amz-Credential': 'AKID/20260101/us-east-1/sts/aws4_request',
      },
    });
    assert.deepEqual(routeRequest(presigned, 'sts'), {
      service: 'sts',
      operation: 'GetCallerIdentity',
      requestedName: 'GetCallerIdentity',
    });
    // Signed for IAM, an STS action is unknown to IAM.
    assert.deepEqual(routeRequest(form('Action=GetCallerIdentity'), 'iam'), {
      service: 'iam',
      operation: undefined,
      requestedName: 'GetCallerIdentity',
    });
  });

  test('IAM and STS share no action, so an unsigned query request routes by its Action alone', () => {
    const iam = new Set(Object.keys(loadModel('iam').operations));
    assert.deepEqual(
      Object.keys(loadModel('sts').operations).filter((op) => iam.has(op)),
      [],
    );
    assert.equal(routeRequest(form('Action=AssumeRoleWithSAML'))?.service, 'sts');
    assert.equal(routeRequest(form('Action=CreateRole'))?.service, 'iam');
    assert.equal(routeRequest(form('Action=CreateRole'), 's3')?.service, 'iam', 'an unknown scope falls back');
    assert.equal(routeRequest(form('Action=NoSuchAction')), undefined);
  });

  test('a signed query request without an Action answers MissingAction', () => {
    const route = routeRequest(form('Version=2010-05-08'), 'iam');
    assert.deepEqual(route, { service: 'iam', operation: undefined, requestedName: undefined });
    assert.equal(unknownOperationError(loadModel('iam'), route?.requestedName).code, 'MissingAction');
  });

  test('every rest-json operation routes back to itself from its own requestUri', () => {
    for (const name of vendoredModelNames()) {
      const model = loadModel(name);
      if (model.metadata.protocol !== 'rest-json') continue;
      for (const [operation, { http }] of Object.entries(model.operations)) {
        const [template, queryPart = ''] = http.requestUri.split('?');
        const expectedParams: Record<string, string> = {};
        const path = template.replace(/\{([^}+]+)(\+?)\}/g, (_, label: string) => {
          expectedParams[label] = `${label}-value`;
          return `${label}-value`;
        });
        const query = Object.fromEntries(
          queryPart
            .split('&')
            .filter(Boolean)
            .map((p) => [p.split('=')[0], p.split('=')[1] ?? '']),
        );
        const route = routeRequest(request({ method: http.method, path, query }), name);
        assert.deepEqual(
          route,
          { service: name, operation, pathParams: expectedParams, requestedName: operation },
          `${name} ${operation}`,
        );
      }
    }
  });
});
