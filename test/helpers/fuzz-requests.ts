// Test support: random wire requests for any modelled operation, mostly shaped as the model says, often malformed.
import fc from 'fast-check';
import type { HttpRequest } from '../../src/aws/http.js';
import {
  loadModel,
  vendoredModelNames,
  type ModelName,
  type ServiceModel,
  type Shape,
  type ShapeRef,
} from '../../src/aws/model.js';
import { compileModelPattern } from '../../src/aws/protocols/java-regex.js';
import { MAX_NESTING_DEPTH } from '../../src/aws/protocols/nesting.js';

/**
 * The options of every fuzz property: a fixed seed (so `npm test` is repeatable), FUZZ_SEED and FUZZ_RUNS to
 * replay a failure or widen a run; a failure is reported at once with its error (no shrinking: a shrink replays
 * requests against a server whose state they change).
 */
export function fuzzParameters(defaultRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED ?? 20261203);
  const numRuns = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  return {
    seed: Number.isInteger(seed) ? seed : 20261203,
    numRuns: Number.isInteger(numRuns) && numRuns > 0 ? numRuns : defaultRuns,
    endOnFailure: true,
    includeErrorInReport: true,
  };
}

/** A wire request for one operation; pathParams are the rest-json URI labels the router would have matched. */
export interface FuzzRequest {
  service: ModelName;
  /** The modelled operation aimed at (the request may name another, or none). */
  operation: string;
  req: HttpRequest;
  pathParams: Record<string, string>;
}

/** JSON text emitted as it is, so bodies can nest far deeper than JSON.stringify could write. */
class RawJson {
  constructor(readonly text: string) {}
}

type Gen = fc.GeneratorValue;

/** How deep the generator follows the model (recursive shapes: Expression, Statement) before it stops adding. */
const SHAPED_DEPTH = 5;

const ODD_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '\u0000',
  '%00',
  '%ZZ',
  '../..',
  '*',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '99999999999999999999',
  'true',
  'null',
  '{}',
  '[]',
  'arn:aws:iam::123456789012:root',
  'arn:aws:iam::999999999999:role/x',
  'alias/aws/x',
  '\ud800',
  'é€𝄞',
  '2024-02-30T25:61:61Z',
  'AAAA',
  '====',
];
const ODD_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, 5e-324];
/** Headers a client may add or forge, beside the ones its protocol needs. */
const ODD_HEADERS = [
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-user-agent',
  'user-agent',
  'content-encoding',
  'x-forwarded-for',
  'x-amz-target',
  'content-type',
  'x-amzn-query-mode',
];
/** Depths around the bound, and far past it. */
const DEEP = [MAX_NESTING_DEPTH - 2, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1, 5000];

function deepJsonText(g: Gen): RawJson {
  const depth = g(fc.constantFrom, ...DEEP);
  const open = g(fc.constantFrom, '[', '{"Not":', '{"a":[');
  const close = open === '[' ? ']' : open === '{"Not":' ? '}' : ']}';
  return new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`);
}

function oddString(g: Gen): string {
  switch (g(fc.integer, { min: 0, max: 3 })) {
    case 0:
      return g(fc.constantFrom, ...ODD_STRINGS);
    case 1:
      return g(fc.string, { unit: 'binary', maxLength: 40 });
    case 2:
      return 'x'.repeat(g(fc.integer, { min: 0, max: 3000 }));
    default:
      return g(fc.string, { maxLength: 20 });
  }
}

/** Anything a JSON body might carry where the model expects something else. */
function noiseJson(g: Gen): unknown {
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0:
      return g(fc.jsonValue, { maxDepth: 2 });
    case 1:
      return oddString(g);
    case 2:
      return g(fc.constantFrom, ...ODD_NUMBERS);
    case 3:
      return deepJsonText(g);
    case 4:
      return g(fc.constantFrom, null, true, false, [], {}, [null], { __proto__: null, constructor: 1 });
    default:
      return g(fc.dictionary, fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  }
}

const patternArbitraries = new Map<string, fc.Arbitrary<string> | null>();

/** Strings matching a model pattern (so requests get past validation to the handlers), where fast-check can. */
function patterned(pattern: string): fc.Arbitrary<string> | undefined {
  let arbitrary = patternArbitraries.get(pattern);
  if (arbitrary === undefined) {
    const regex = compileModelPattern(pattern);
    try {
      arbitrary = regex ? fc.stringMatching(regex) : null;
    } catch {
      arbitrary = null;
    }
    patternArbitraries.set(pattern, arbitrary);
  }
  return arbitrary ?? undefined;
}

/** A string for a string shape: one of its enum, one matching its pattern and length, or any short string. */
function stringFor(g: Gen, shape: Shape): string {
  const pick = g(fc.integer, { min: 0, max: 3 });
  if (shape.enum && pick < 2) return g(fc.constantFrom, ...shape.enum);
  const matching = shape.pattern ? patterned(shape.pattern) : undefined;
  if (matching && pick < 3) {
    const text = g(() => matching);
    return shape.max !== undefined ? text.slice(0, shape.max) : text;
  }
  const min = Math.min(shape.min ?? 0, 40);
  return g(fc.string, { minLength: min, maxLength: Math.max(min, Math.min(shape.max ?? 40, 40)) });
}

/** Text for a query parameter, URI label, query string or header, right for the shape or not. */
function scalarText(g: Gen, shape: Shape | undefined): string {
  if (!shape || g(fc.integer, { min: 0, max: 5 }) === 0) return oddString(g);
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return String(g(() => fc.oneof(fc.integer(), fc.double(), fc.constantFrom(...ODD_NUMBERS))));
    case 'boolean':
      return g(fc.constantFrom, 'true', 'false', 'TRUE', 'yes');
    case 'timestamp':
      return g(fc.constantFrom, '2024-01-01T00:00:00Z', '1700000000', 'Mon, 01 Jan 2024 00:00:00 GMT', 'soon');
    case 'blob':
      return g(fc.constantFrom, 'YQ==', 'YWJj', 'not base64', '');
    default:
      return stringFor(g, shape);
  }
}

/** A JSON value for a shape (wire member names), with a mutation now and then. */
function jsonFor(g: Gen, model: ServiceModel, shapeName: string, depth: number): unknown {
  const shape = model.shapes[shapeName];
  if (!shape || g(fc.integer, { min: 0, max: 15 }) === 0) return noiseJson(g);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (depth >= SHAPED_DEPTH) return out;
      const required = new Set(shape.required ?? []);
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (ref.location) continue;
        if (!required.has(name) && g(fc.integer, { min: 0, max: 3 }) !== 0) continue;
        out[ref.locationName ?? name] = jsonFor(g, model, ref.shape, depth + 1);
      }
      return out;
    }
    case 'list': {
      if (depth >= SHAPED_DEPTH || !shape.member) return [];
      const n = g(fc.integer, { min: 0, max: 3 });
      return Array.from({ length: n }, () => jsonFor(g, model, shape.member!.shape, depth + 1));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      if (depth >= SHAPED_DEPTH || !shape.value) return out;
      for (let i = g(fc.integer, { min: 0, max: 3 }); i > 0; i--) {
        out[oddString(g)] = jsonFor(g, model, shape.value.shape, depth + 1);
      }
      return out;
    }
    case 'string':
      return stringFor(g, shape);
    case 'integer':
    case 'long':
      return g(() =>
        fc.oneof(
          fc.integer({ min: shape.min ?? -10, max: Math.max(shape.min ?? -10, shape.max ?? 1000) }),
          fc.constantFrom(...ODD_NUMBERS),
        ),
      );
    case 'float':
    case 'double':
      return g(() => fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('NaN', 'Infinity')));
    case 'boolean':
      return g(fc.boolean);
    case 'timestamp':
      return g(() =>
        fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.constantFrom('2024-01-01T00:00:00Z', 'never', 1e300)),
      );
    case 'blob':
      return g(fc.constantFrom, 'YQ==', 'YWJjZA==', 'abc', '!!!!');
    default:
      return noiseJson(g);
  }
}

/** Text as XML element content, escaped (characters XML cannot carry at all are left in: the codec must refuse them). */
function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Anything an XML body might carry where the model expects something else. */
function noiseXml(g: Gen, name: string): string {
  switch (g(fc.integer, { min: 0, max: 4 })) {
    case 0:
      return `<${name}>${xmlEscape(oddString(g))}</${name}>`;
    case 1:
      return `<${name}><x>1</x><y/></${name}>`;
    case 2: {
      const n = g(fc.constantFrom, 10, MAX_NESTING_DEPTH - 2, MAX_NESTING_DEPTH + 5);
      return `<${name}>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</${name}>`;
    }
    case 3:
      return g(fc.constantFrom, `<${name}/>`, `<${name}>`, `<${name} a="1">`, '<!-- x -->', '<![CDATA[<x>]]>', '&amp;');
    default:
      return `<${name}>${xmlEscape(g(fc.string, { unit: 'binary', maxLength: 20 }))}</${name}>`;
  }
}

/** The XML element `name` for a shape (rest-xml bodies), with a mutation now and then. */
function xmlFor(g: Gen, model: ServiceModel, ref: ShapeRef, name: string, depth: number): string {
  const shape = model.shapes[ref.shape];
  if (!shape || g(fc.integer, { min: 0, max: 15 }) === 0) return noiseXml(g, name);
  switch (shape.type) {
    case 'structure': {
      if (depth >= SHAPED_DEPTH) return `<${name}/>`;
      const required = new Set(shape.required ?? []);
      const parts: string[] = [];
      for (const [member, memberRef] of Object.entries(shape.members ?? {})) {
        if (memberRef.location) continue;
        if (!required.has(member) && g(fc.integer, { min: 0, max: 3 }) !== 0) continue;
        parts.push(xmlFor(g, model, memberRef, memberRef.locationName ?? member, depth + 1));
      }
      return `<${name}>${parts.join('')}</${name}>`;
    }
    case 'list': {
      if (depth >= SHAPED_DEPTH || !shape.member) return `<${name}/>`;
      const n = g(fc.integer, { min: 0, max: 3 });
      const itemName = shape.flattened ? name : (shape.member.locationName ?? 'member');
      const items = Array.from({ length: n }, () => xmlFor(g, model, shape.member!, itemName, depth + 1)).join('');
      return shape.flattened ? items : `<${name}>${items}</${name}>`;
    }
    case 'map': {
      if (depth >= SHAPED_DEPTH || !shape.value) return `<${name}/>`;
      const entries: string[] = [];
      for (let i = g(fc.integer, { min: 0, max: 3 }); i > 0; i--) {
        const key = `<${shape.key?.locationName ?? 'key'}>${xmlEscape(oddString(g))}</${shape.key?.locationName ?? 'key'}>`;
        entries.push(
          `<entry>${key}${xmlFor(g, model, shape.value, shape.value.locationName ?? 'value', depth + 2)}</entry>`,
        );
      }
      return `<${name}>${entries.join('')}</${name}>`;
    }
    default:
      return `<${name}>${xmlEscape(scalarText(g, shape))}</${name}>`;
  }
}

/** JSON text of a generated value; RawJson parts are spliced in as they are. */
function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Query-protocol parameters for a shape at prefix (`Tags.member.1.Key`), with a mutation now and then. */
function queryFor(
  g: Gen,
  model: ServiceModel,
  shapeName: string,
  prefix: string,
  out: [string, string][],
  depth: number,
) {
  const shape = model.shapes[shapeName];
  if (!shape || depth >= SHAPED_DEPTH || g(fc.integer, { min: 0, max: 15 }) === 0) {
    out.push([prefix, scalarText(g, shape)]);
    return;
  }
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  switch (shape.type) {
    case 'structure': {
      const required = new Set(shape.required ?? []);
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!required.has(name) && g(fc.integer, { min: 0, max: 3 }) !== 0) continue;
        queryFor(g, model, ref.shape, at(ref.locationName ?? name), out, depth + 1);
      }
      return;
    }
    case 'list': {
      const n = g(fc.integer, { min: 0, max: 3 });
      if (n === 0) out.push([prefix, '']);
      const first = g(fc.constantFrom, 1, 1, 1, 0, 2);
      for (let i = 0; i < n; i++)
        queryFor(g, model, shape.member!.shape, `${prefix}.member.${first + i}`, out, depth + 1);
      return;
    }
    case 'map': {
      for (let i = 1, n = g(fc.integer, { min: 0, max: 2 }); i <= n; i++) {
        out.push([`${prefix}.entry.${i}.key`, oddString(g)]);
        queryFor(g, model, shape.value!.shape, `${prefix}.entry.${i}.value`, out, depth + 1);
      }
      return;
    }
    default:
      out.push([prefix, scalarText(g, shape)]);
  }
}

/**
 * Text as a URL carries it: a lone surrogate (which no UTF-8 byte sequence decodes to, and which the SigV4
 * signer cannot encode) becomes U+FFFD, as the server would decode its bytes.
 */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A header value a client could send: printable ASCII only. */
function headerText(g: Gen, shape: Shape | undefined): string {
  return scalarText(g, shape).replace(/[^\x20-\x7e]/g, '');
}

function jsonRequest(g: Gen, model: ServiceModel, operation: string): HttpRequest {
  const op = model.operations[operation];
  const headers: Record<string, string> = {
    'content-type': g(
      fc.constantFrom,
      `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`,
      'application/json',
      'text/plain',
    ),
    'x-amz-target': g(fc.integer, { min: 0, max: 9 })
      ? `${model.metadata.targetPrefix}.${operation}`
      : g(
          fc.constantFrom,
          `${model.metadata.targetPrefix}.${oddString(g)}`,
          `${model.metadata.targetPrefix}.`,
          operation,
          'x.y.z',
        ),
  };
  let body: string;
  switch (g(fc.integer, { min: 0, max: 9 })) {
    case 0:
      body = g(fc.constantFrom, '', '{', 'null', '[]', '"x"', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}');
      break;
    case 1:
      body = jsonText(deepJsonText(g));
      break;
    default:
      body = jsonText(op.input ? jsonFor(g, model, op.input.shape, 0) : {});
  }
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers, body: Buffer.from(body) };
}

function queryRequest(g: Gen, model: ServiceModel, operation: string): HttpRequest {
  const op = model.operations[operation];
  const params: [string, string][] = [];
  const action = g(fc.integer, { min: 0, max: 9 }) ? operation : oddString(g);
  if (g(fc.integer, { min: 0, max: 9 })) params.push(['Action', action]);
  if (g(fc.integer, { min: 0, max: 4 })) params.push(['Version', model.metadata.apiVersion]);
  if (op.input) queryFor(g, model, op.input.shape, '', params, 0);
  for (let i = g(fc.integer, { min: 0, max: 2 }); i > 0; i--) {
    const dots = g(fc.constantFrom, 1, 3, 50, 4000);
    const segment = g(fc.constantFrom, 'member', '1', 'entry', 'Tags', 'x');
    params.push([`${segment}${`.${segment}`.repeat(dots)}`, oddString(g)]);
  }
  const form = new URLSearchParams(params).toString();
  if (g(fc.integer, { min: 0, max: 5 }) === 0) {
    const query = Object.fromEntries(params.map(([k, v]) => [wellFormed(k), wellFormed(v)]));
    return { method: 'GET', path: '/', query, rawQuery: form, headers: {}, body: Buffer.alloc(0) };
  }
  const headers = {
    'content-type': g(
      fc.constantFrom,
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded',
      'text/plain',
    ),
  };
  return { method: 'POST', path: '/', query: {}, rawQuery: '', headers, body: Buffer.from(form) };
}

/** A URI label percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes a client might send. */
function encodeLabel(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A rest-json or rest-xml request: labels in the path, members in the query string and headers, the rest in the body. */
function restRequest(
  g: Gen,
  model: ServiceModel,
  operation: string,
): { req: HttpRequest; pathParams: Record<string, string> } {
  const op = model.operations[operation];
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  const members = Object.entries(input?.members ?? {});
  const [template, fixedQuery = ''] = op.http.requestUri.split('?', 2);
  const pathParams: Record<string, string> = {};
  const path = template.replace(/\{([^}]+)\}/g, (_, label: string) => {
    const name = label.replace(/\+$/, '');
    const member = members.find(([n, ref]) => ref.location === 'uri' && (ref.locationName ?? n) === name);
    const text = scalarText(g, member ? model.shapes[member[1].shape] : undefined) || 'x';
    pathParams[name] = text;
    return label.endsWith('+') ? text.split('/').map(encodeLabel).join('/') : encodeLabel(text);
  });
  const query: Record<string, string | string[]> = {};
  for (const pair of fixedQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    query[k] = v;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const body: Record<string, unknown> = {};
  for (const [name, ref] of members) {
    if (g(fc.integer, { min: 0, max: 2 }) === 0 && !(input?.required ?? []).includes(name)) continue;
    const shape = model.shapes[ref.shape];
    const wire = ref.locationName ?? name;
    if (ref.location === 'querystring') {
      if (shape?.type === 'list')
        query[wire] = [scalarText(g, model.shapes[shape.member!.shape]), scalarText(g, undefined)].map(wellFormed);
      else if (shape?.type === 'map') query[wellFormed(oddString(g)) || 'k'] = wellFormed(scalarText(g, undefined));
      else query[wire] = wellFormed(scalarText(g, shape));
    } else if (ref.location === 'header') {
      headers[wire.toLowerCase()] = headerText(g, shape);
    } else if (ref.location === 'headers') {
      headers[`${wire.toLowerCase()}${g(fc.constantFrom, 'a', 'b-c')}`] = headerText(g, undefined);
    } else if (!ref.location) {
      body[wire] = jsonFor(g, model, ref.shape, 1);
    }
  }
  const payload = input?.payload;
  let text = payload ? jsonText(body[payload] ?? {}) : jsonText(body);
  if (g(fc.integer, { min: 0, max: 9 }) === 0)
    text = g(fc.constantFrom, '', '{', '[1]', 'null', jsonText(deepJsonText(g)));
  if (model.metadata.protocol === 'rest-xml' && op.input) {
    // The same members as XML: the input's root element (or the payload member's), members by locationName.
    headers['content-type'] = 'application/xml';
    const payloadRef = payload ? input?.members?.[payload] : undefined;
    text = payloadRef
      ? xmlFor(g, model, payloadRef, payloadRef.locationName ?? payload!, 1)
      : xmlFor(g, model, op.input, op.input.locationName ?? op.input.shape, 0);
    if (g(fc.integer, { min: 0, max: 9 }) === 0) text = noiseXml(g, op.input.locationName ?? 'Request');
  }
  const pairs = Object.entries(query).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]),
  );
  const rawQuery = new URLSearchParams(pairs).toString();
  // GET and HEAD carry no body (an HTTP server drops one, so it could never be signed as sent).
  const bodiless = op.http.method === 'GET' || op.http.method === 'HEAD';
  const req: HttpRequest = {
    method: op.http.method,
    path,
    query,
    rawQuery,
    headers,
    body: bodiless ? Buffer.alloc(0) : Buffer.from(text),
  };
  return { req, pathParams };
}

/** The request for one operation of one model, as its protocol carries it. */
export function fuzzRequest(g: Gen, service: ModelName, operation: string): FuzzRequest {
  const model = loadModel(service);
  let request: FuzzRequest;
  switch (model.metadata.protocol) {
    case 'query':
      request = { service, operation, req: queryRequest(g, model, operation), pathParams: {} };
      break;
    case 'rest-json':
    case 'rest-xml':
      request = { service, operation, ...restRequest(g, model, operation) };
      break;
    default:
      request = { service, operation, req: jsonRequest(g, model, operation), pathParams: {} };
  }
  const { req } = request;
  // Now and then a header a client may add (or forge), and, where the path carries nothing, an odd path.
  if (g(fc.integer, { min: 0, max: 3 }) === 0) {
    const name = g(fc.constantFrom, ...ODD_HEADERS);
    req.headers[name] = headerText(g, undefined);
  }
  const rest = model.metadata.protocol === 'rest-json' || model.metadata.protocol === 'rest-xml';
  if (!rest && g(fc.integer, { min: 0, max: 9 }) === 0) {
    req.path = g(fc.constantFrom, '/x', '/%2e%2e/', '//', '/%ED%A0%80', '/?', '/a%2');
  }
  return request;
}

/** Every modelled operation of the given services, as [service, operation] pairs. */
export function modelledOperations(services: readonly ModelName[] = vendoredModelNames()): [ModelName, string][] {
  return services.flatMap((service) =>
    Object.keys(loadModel(service).operations).map((op) => [service, op] as [ModelName, string]),
  );
}

/**
 * A random modelled operation of the given services, and the generator to build its request with (fuzzRequest,
 * inside the property, so fast-check records and shrinks every choice the request is made of).
 */
export function arbitraryOperation(
  services: readonly ModelName[] = vendoredModelNames(),
): fc.Arbitrary<[[ModelName, string], fc.GeneratorValue]> {
  return fc.tuple(fc.constantFrom(...modelledOperations(services)), fc.gen());
}
