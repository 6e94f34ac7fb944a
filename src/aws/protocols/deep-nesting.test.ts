// Input nested past MAX_NESTING_DEPTH is refused by every codec and the validator with AWS's error, never a RangeError.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import { loadModel, type ServiceModel } from '../model.js';
import { validateInput } from '../validate.js';
import { codecFor } from './codec.js';
import { MAX_NESTING_DEPTH } from './nesting.js';

function request(partial: Partial<HttpRequest>): HttpRequest {
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

function rejection(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AwsError, `threw ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

/** A Cost Explorer Expression with `nots` Not operators around one dimension (JSON depth nots + 3). */
function notFilter(nots: number): string {
  const leaf = '{"Dimensions":{"Key":"SERVICE","Values":["x"]}}';
  return `${'{"Not":'.repeat(nots)}${leaf}${'}'.repeat(nots)}`;
}

/** A GetCostAndUsage body whose Filter is `nots` Nots deep (the body's JSON depth is nots + 4). */
function costBody(nots: number): Buffer {
  const head =
    '{"TimePeriod":{"Start":"2024-01-01","End":"2024-01-02"},"Granularity":"DAILY","Metrics":["UnblendedCost"]';
  return Buffer.from(`${head},"Filter":${notFilter(nots)}}`);
}

/** A WAFv2 CreateWebACL body with one rule whose statement is `nots` NotStatements deep. */
function webAclBody(nots: number): Buffer {
  const leaf = JSON.stringify({
    ByteMatchStatement: {
      SearchString: 'YQ==',
      FieldToMatch: { UriPath: {} },
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      PositionalConstraint: 'CONTAINS',
    },
  });
  const statement = `${'{"NotStatement":{"Statement":'.repeat(nots)}${leaf}${'}}'.repeat(nots)}`;
  const visibility = '{"SampledRequestsEnabled":false,"CloudWatchMetricsEnabled":false,"MetricName":"m"}';
  return Buffer.from(
    `{"Name":"a","Scope":"REGIONAL","DefaultAction":{"Allow":{}},"VisibilityConfig":${visibility},` +
      `"Rules":[{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":${visibility},"Statement":${statement}}]}`,
  );
}

describe('json codec', () => {
  const ce = loadModel('ce');
  const wafv2 = loadModel('wafv2');

  test('a Cost Explorer Filter 4,500 Nots deep is a SerializationException, not a stack overflow', () => {
    const err = rejection(() => codecFor(ce).decodeInput(ce, 'GetCostAndUsage', request({ body: costBody(4500) })));
    assert.deepEqual([err.code, err.message, err.httpStatus], ['SerializationException', '', 400]);
  });

  test('a Filter nested to exactly the bound still decodes, and validates', () => {
    const input = codecFor(ce).decodeInput(ce, 'GetCostAndUsage', request({ body: costBody(MAX_NESTING_DEPTH - 4) }));
    let depth = 0;
    for (let node = input.Filter as Record<string, unknown> | undefined; node; node = node.Not as never) depth++;
    assert.equal(depth, MAX_NESTING_DEPTH - 3);
    const err = rejection(() =>
      codecFor(ce).decodeInput(ce, 'GetCostAndUsage', request({ body: costBody(MAX_NESTING_DEPTH - 3) })),
    );
    assert.equal(err.code, 'SerializationException');
  });

  test('WAFv2 statements 2,000 deep (decoded before its 501) are a SerializationException', () => {
    const err = rejection(() =>
      codecFor(wafv2).decodeInput(wafv2, 'CreateWebACL', request({ body: webAclBody(2000) })),
    );
    assert.deepEqual([err.code, err.httpStatus], ['SerializationException', 400]);
  });

  test('members the model does not know count too: the bound is on the text', () => {
    const kms = loadModel('kms');
    const body = Buffer.from(`{"Unknown":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const err = rejection(() => codecFor(kms).decodeInput(kms, 'ListKeys', request({ body })));
    assert.equal(err.code, 'SerializationException');
  });
});

describe('rest-json codec', () => {
  const guardduty = loadModel('guardduty');

  test('a body nested past the bound is a SerializationException, even under a member no model knows', () => {
    const body = Buffer.from(`{"enable":true,"extra":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
    const err = rejection(() =>
      codecFor(guardduty).decodeInput(guardduty, 'CreateDetector', request({ path: '/detector', body }), {}),
    );
    assert.deepEqual([err.code, err.httpStatus], ['SerializationException', 400]);
  });

  test('a base64 JSON header (jsonvalue) nested past the bound is a SerializationException', () => {
    const host: ServiceModel = {
      ...guardduty,
      operations: {
        Probe: { name: 'Probe', http: { method: 'POST', requestUri: '/probe' }, input: { shape: 'ProbeInput' } },
      },
      shapes: {
        ...guardduty.shapes,
        ProbeJson: { type: 'string' },
        ProbeInput: {
          type: 'structure',
          members: { Doc: { shape: 'ProbeJson', location: 'header', locationName: 'x-probe', jsonvalue: true } },
        },
      },
    };
    const deep = Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`).toString('base64');
    const err = rejection(() =>
      codecFor(host).decodeInput(host, 'Probe', request({ path: '/probe', headers: { 'x-probe': deep } }), {}),
    );
    assert.equal(err.code, 'SerializationException');
    const shallow = Buffer.from('[[1]]').toString('base64');
    const input = codecFor(host).decodeInput(host, 'Probe', request({ headers: { 'x-probe': shallow } }), {});
    assert.deepEqual(input.Doc, [[1]]);
  });
});

describe('query codec', () => {
  // No query model recurses today; this one does, so the bound is shown to hold for the query walk too.
  const sts = loadModel('sts');
  const host: ServiceModel = {
    ...sts,
    operations: {
      Probe: { name: 'Probe', http: { method: 'POST', requestUri: '/' }, input: { shape: 'Node' } },
    },
    shapes: {
      ...sts.shapes,
      Text: { type: 'string' },
      Node: { type: 'structure', members: { Leaf: { shape: 'Text' }, Next: { shape: 'Node' } } },
    },
  };
  const form = (name: string) =>
    request({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(`Action=Probe&${encodeURIComponent(name)}=x`),
    });

  test('a parameter nested past the bound is a ValidationError, not a stack overflow', () => {
    const name = `${'Next.'.repeat(30_000)}Leaf`;
    const err = rejection(() => codecFor(host).decodeInput(host, 'Probe', form(name)));
    assert.deepEqual([err.code, err.httpStatus], ['ValidationError', 400]);
  });

  test('a parameter at the bound decodes', () => {
    const input = codecFor(host).decodeInput(host, 'Probe', form(`${'Next.'.repeat(MAX_NESTING_DEPTH - 1)}Leaf`));
    let depth = 1;
    let node = input;
    while (node.Next) {
      node = node.Next as Record<string, unknown>;
      depth++;
    }
    assert.deepEqual([depth, node.Leaf], [MAX_NESTING_DEPTH, 'x']);
  });
});

describe('validator', () => {
  test('a decoded value nested past the bound is refused with the protocol’s error before it is walked', () => {
    const ce = loadModel('ce');
    let filter: Record<string, unknown> = { Dimensions: { Key: 'SERVICE', Values: ['x'] } };
    for (let i = 0; i < 50_000; i++) filter = { Not: filter };
    const input = { TimePeriod: { Start: '2024-01-01', End: '2024-01-02' }, Granularity: 'DAILY', Filter: filter };
    const ref = ce.operations.GetCostAndUsage.input!;
    assert.equal(rejection(() => validateInput(ce, ref, input, 'json')).code, 'SerializationException');
    assert.equal(rejection(() => validateInput(ce, ref, input, 'query')).code, 'ValidationError');
  });
});

describe('rest-xml (Route 53)', () => {
  const route53 = loadModel('route53');
  const create = (inner: string) =>
    request({
      path: '/2013-04-01/healthcheck',
      body: Buffer.from(
        `<CreateHealthCheckRequest><CallerReference>r</CallerReference><HealthCheckConfig><Type>TCP</Type>` +
          `<Port>80</Port><IPAddress>127.0.0.1</IPAddress></HealthCheckConfig>${inner}</CreateHealthCheckRequest>`,
      ),
    });
  const decode = (req: HttpRequest) => codecFor(route53).decodeInput(route53, 'CreateHealthCheck', req);

  test('elements 5,000 deep, even under one no model knows, are InvalidInput before any parser sees them', () => {
    const err = rejection(() => decode(create(`${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`)));
    assert.equal(err.code, 'InvalidInput');
    assert.equal(err.httpStatus, 400);
  });

  test('a document nested to exactly the bound still decodes (unknown elements are ignored)', () => {
    const n = MAX_NESTING_DEPTH - 1; // the root element counts 1
    const input = decode(create(`${'<x>'.repeat(n)}${'</x>'.repeat(n)}`));
    assert.equal(input.CallerReference, 'r');
  });
});
