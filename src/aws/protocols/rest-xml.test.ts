// Tests for the rest-xml codec over the vendored Route 53 model: XML bodies in, XML answers and errors out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import { loadModel, type ServiceModel } from '../model.js';
import { routeRequest } from '../router.js';
import { codecFor } from './codec.js';
import { MAX_NESTING_DEPTH } from './nesting.js';
import { restXmlCodec } from './rest-xml.js';
import { xmlTextTooDeep } from './xml-values.js';

const route53 = loadModel('route53');
const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

function request(method: string, path: string, body = '', query: Record<string, string> = {}): HttpRequest {
  return {
    method,
    path,
    query,
    rawQuery: new URLSearchParams(query).toString(),
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(body),
  };
}

function decode(req: HttpRequest): Record<string, unknown> {
  const route = routeRequest(req, 'route53');
  assert.ok(route?.operation, `${req.method} ${req.path} routes`);
  return codecFor(route53).decodeInput(route53, route.operation, req, route.pathParams);
}

function rejects(req: HttpRequest, code: string, message: RegExp): void {
  assert.throws(
    () => decode(req),
    (err: unknown) =>
      err instanceof AwsError && err.code === code && err.httpStatus === 400 && message.test(err.message),
  );
}

const createBody = (config: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><CreateHealthCheckRequest xmlns="${NS}"><CallerReference>r1</CallerReference>` +
  `<HealthCheckConfig>${config}</HealthCheckConfig></CreateHealthCheckRequest>`;

describe('rest-xml decoding', () => {
  test('the codec for a rest-xml model is the rest-xml codec', () => {
    assert.equal(codecFor(route53), restXmlCodec);
  });

  test('members by element name, typed by the model; whitespace between elements is not data', () => {
    const body = createBody(
      '\n  <IPAddress>127.0.0.1</IPAddress>\n  <Port>8080</Port><Type>HTTP</Type><ResourcePath> /a b </ResourcePath>' +
        '<Inverted>true</Inverted><Regions><Region>us-east-1</Region><Region>us-west-2</Region><Region>eu-west-1</Region></Regions>\n',
    );
    assert.deepEqual(decode(request('POST', '/2013-04-01/healthcheck', body)), {
      CallerReference: 'r1',
      HealthCheckConfig: {
        IPAddress: '127.0.0.1',
        Port: 8080,
        Type: 'HTTP',
        ResourcePath: ' /a b ',
        Inverted: true,
        Regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      },
    });
  });

  test('URI labels and query-string members bind beside the body', () => {
    assert.deepEqual(decode(request('GET', '/2013-04-01/healthcheck', '', { marker: 'abc', maxitems: '2' })), {
      Marker: 'abc',
      MaxItems: '2',
    });
    const update = `<UpdateHealthCheckRequest xmlns="${NS}"><HealthCheckVersion>2</HealthCheckVersion></UpdateHealthCheckRequest>`;
    assert.deepEqual(decode(request('POST', '/2013-04-01/healthcheck/hc-1', update)), {
      HealthCheckId: 'hc-1',
      HealthCheckVersion: 2,
    });
  });

  test('unreadable XML, a DTD and text where a number belongs answer InvalidInput as Route 53 does', () => {
    rejects(
      request('POST', '/2013-04-01/healthcheck', '<CreateHealthCheckRequest><Caller'),
      'InvalidInput',
      /^Invalid XML ; /,
    );
    const dtd = `<!DOCTYPE x [<!ENTITY a "aaaa">]>${createBody('<Type>HTTP</Type>')}`;
    rejects(request('POST', '/2013-04-01/healthcheck', dtd), 'InvalidInput', /DOCTYPE/);
    rejects(
      request('POST', '/2013-04-01/healthcheck', createBody('<Type>HTTP</Type><Port>eighty</Port>')),
      'InvalidInput',
      /'eighty' is not a valid value for 'Port'/,
    );
    rejects(
      request('POST', '/2013-04-01/healthcheck', createBody('<Type>HTTP</Type><Port><x>1</x></Port>')),
      'InvalidInput',
      /must hold text/,
    );
  });

  test("the model's constraints answer InvalidInput with AWS's validation wording", () => {
    rejects(
      request(
        'POST',
        '/2013-04-01/healthcheck',
        createBody('<Type>HTTP</Type><FailureThreshold>11</FailureThreshold>'),
      ),
      'InvalidInput',
      /^1 validation error detected: .*failureThreshold.*less than or equal to 10/,
    );
  });

  test('nesting past the bound is refused before parsing, whatever the shapes', () => {
    const deep = `${'<a>'.repeat(MAX_NESTING_DEPTH + 1)}${'</a>'.repeat(MAX_NESTING_DEPTH + 1)}`;
    assert.equal(xmlTextTooDeep(deep), true);
    assert.equal(xmlTextTooDeep(`${'<a/>'.repeat(5000)}`), false);
    assert.equal(xmlTextTooDeep(`<r>${'<a></a>'.repeat(5000)}</r>`), false);
    rejects(request('POST', '/2013-04-01/healthcheck', deep), 'InvalidInput', /nested deeper/);
  });
});

/** A small rest-xml model with what Route 53 lacks: flattened lists and maps, a structure payload, timestamps. */
const synthetic: ServiceModel = {
  metadata: {
    apiVersion: '2020-01-01',
    endpointPrefix: 'synthetic',
    protocol: 'rest-xml',
    serviceId: 'Synthetic',
    signatureVersion: 'v4',
  },
  operations: {
    Put: {
      name: 'Put',
      http: { method: 'PUT', requestUri: '/{Id}' },
      input: { shape: 'PutInput' },
      output: { shape: 'PutOutput' },
    },
  },
  shapes: {
    PutInput: {
      type: 'structure',
      required: ['Id'],
      members: { Id: { shape: 'S', location: 'uri', locationName: 'Id' }, Doc: { shape: 'Doc', locationName: 'Doc' } },
      payload: 'Doc',
    },
    Doc: {
      type: 'structure',
      members: {
        Items: { shape: 'FlatList', locationName: 'Item' },
        Attrs: { shape: 'FlatMap', locationName: 'Attr' },
        When: { shape: 'T' },
        Wrapped: { shape: 'WrappedMap' },
      },
    },
    FlatList: { type: 'list', member: { shape: 'S' }, flattened: true },
    FlatMap: {
      type: 'map',
      key: { shape: 'S', locationName: 'Name' },
      value: { shape: 'S', locationName: 'Val' },
      flattened: true,
    },
    WrappedMap: { type: 'map', key: { shape: 'S' }, value: { shape: 'N' } },
    PutOutput: {
      type: 'structure',
      members: {
        Stamp: { shape: 'T' },
        Items: { shape: 'FlatList', locationName: 'Item' },
        Etag: { shape: 'S', location: 'header', locationName: 'ETag' },
      },
    },
    S: { type: 'string' },
    N: { type: 'integer' },
    T: { type: 'timestamp' },
  },
} as unknown as ServiceModel;

describe('rest-xml shapes Route 53 does not use', () => {
  test('a structure payload is the root element; flattened lists and maps repeat; timestamps are ISO 8601', () => {
    const body =
      '<Doc><Item>a</Item><Item>b</Item><Attr><Name>k</Name><Val>v</Val></Attr><Attr><Name>__proto__</Name><Val>w</Val></Attr>' +
      '<When>2026-01-02T03:04:05Z</When><Wrapped><entry><key>n</key><value>7</value></entry></Wrapped></Doc>';
    const input = restXmlCodec.decodeInput(synthetic, 'Put', request('PUT', '/x', body), { Id: 'x' });
    const doc = input.Doc as Record<string, unknown>;
    assert.equal(input.Id, 'x');
    assert.deepEqual(doc.Items, ['a', 'b']);
    assert.deepEqual(Object.entries(doc.Attrs as object), [
      ['k', 'v'],
      ['__proto__', 'w'],
    ]);
    assert.equal(Object.getPrototypeOf(doc.Attrs), Object.prototype);
    assert.deepEqual(doc.When, new Date('2026-01-02T03:04:05Z'));
    assert.deepEqual(doc.Wrapped, { n: 7 });
  });

  test('output: root after the output shape, flattened lists repeat, header members leave the body', () => {
    const res = restXmlCodec.encodeOutput(
      synthetic,
      'Put',
      { Stamp: new Date('2026-01-02T03:04:05Z'), Items: ['a', 'b'], Etag: '"e"' },
      'req-1',
    );
    assert.equal(res.headers.etag, '"e"');
    assert.equal(
      res.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<PutOutput><Stamp>2026-01-02T03:04:05Z</Stamp><Item>a</Item><Item>b</Item></PutOutput>',
    );
  });
});

describe('rest-xml answers', () => {
  test("a success: the output shape's root in the service's namespace, the status and headers the model binds", () => {
    const res = restXmlCodec.encodeOutput(route53, 'GetHealthCheckCount', { HealthCheckCount: 3 }, 'req-1');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/xml');
    assert.equal(
      res.body,
      `<?xml version="1.0" encoding="UTF-8"?>\n<GetHealthCheckCountResponse xmlns="${NS}"><HealthCheckCount>3</HealthCheckCount></GetHealthCheckCountResponse>`,
    );
    const created = restXmlCodec.encodeOutput(
      route53,
      'CreateHealthCheck',
      { Location: 'https://route53.amazonaws.com/2013-04-01/healthcheck/x', HealthCheck: { Id: 'x' } },
      'req-2',
    );
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, 'https://route53.amazonaws.com/2013-04-01/healthcheck/x');
    assert.ok(String(created.body).includes('<HealthCheck><Id>x</Id></HealthCheck>'), String(created.body));
  });

  test('an error: ErrorResponse/Error with Type, Code and Message, RequestId beside, status from the model', () => {
    const res = restXmlCodec.encodeError(
      route53,
      new AwsError('NoSuchHealthCheck', 'No health check exists with the specified ID <x>.'),
      'req-3',
    );
    assert.equal(res.status, 404);
    assert.equal(
      res.body,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NoSuchHealthCheck</Code>` +
        '<Message>No health check exists with the specified ID &lt;x&gt;.</Message></Error><RequestId>req-3</RequestId></ErrorResponse>',
    );
  });
});
