// The awsQuery protocol from the caller's side: model-shaped input as form parameters, <OpResponse> XML read back.
import { XMLParser } from 'fast-xml-parser';
import type { ServiceModel, Shape } from '../model.js';
import { MAX_NESTING_DEPTH } from '../protocols/nesting.js';
import { isPlainObject, shapeOf, structureInfo } from '../protocols/shapes.js';
import { formatIso8601, parseTimestampText } from '../protocols/values.js';

/** Form parameters for an operation's input: `Tags.member.1.Key=...`, as the server's query decoder reads them. */
export function encodeQueryInput(
  model: ServiceModel,
  operation: string,
  input: Record<string, unknown>,
): URLSearchParams {
  const op = model.operations[operation];
  if (!op) throw new Error(`${model.metadata.serviceId} has no operation ${operation}`);
  const params = new URLSearchParams({ Action: operation, Version: model.metadata.apiVersion });
  if (op.input) writeValue(model, params, '', shapeOf(model, op.input), input, 0);
  return params;
}

function writeValue(
  model: ServiceModel,
  params: URLSearchParams,
  name: string,
  shape: Shape,
  value: unknown,
  depth: number,
): void {
  if (value === undefined || value === null) return;
  if (depth > MAX_NESTING_DEPTH) throw new Error('input nested too deeply');
  const at = (suffix: string) => (name ? `${name}.${suffix}` : suffix);
  if (shape.type === 'structure') {
    if (!isPlainObject(value)) throw new Error(`${name || 'input'} must be an object`);
    for (const m of structureInfo(model, shape).members) {
      writeValue(model, params, at(m.wire), m.shape, value[m.name], depth + 1);
    }
  } else if (shape.type === 'list' && shape.member) {
    if (!Array.isArray(value)) throw new Error(`${name} must be a list`);
    const item = shapeOf(model, shape.member);
    const prefix = shape.flattened ? name : at(shape.member.locationName ?? 'member');
    value.forEach((v, i) => writeValue(model, params, `${prefix}.${i + 1}`, item, v, depth + 1));
  } else if (shape.type === 'map' && shape.key && shape.value) {
    if (!isPlainObject(value)) throw new Error(`${name} must be an object`);
    const prefix = shape.flattened ? name : at('entry');
    Object.entries(value).forEach(([k, v], i) => {
      params.append(`${prefix}.${i + 1}.${shape.key!.locationName ?? 'key'}`, k);
      writeValue(
        model,
        params,
        `${prefix}.${i + 1}.${shape.value!.locationName ?? 'value'}`,
        shapeOf(model, shape.value!),
        v,
        depth + 1,
      );
    });
  } else if (shape.type === 'timestamp') {
    params.append(name, formatIso8601(value instanceof Date ? value : new Date(String(value))));
  } else {
    params.append(name, String(value));
  }
}

// Every element parsed as a list, so one <member> and several read alike; text kept as text for the model to type.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: () => true,
});

type XmlNode = Record<string, unknown>;

/** Parses XML, refusing a document whose top element is not the one expected. */
function parseXml(text: string, root: string): XmlNode | undefined {
  const doc = parser.parse(text) as XmlNode;
  const top = doc[root];
  return Array.isArray(top) && isPlainObject(top[0]) ? top[0] : undefined;
}

/** The output of a successful call: `<OpResponse><OpResult>…` read through the output shape. */
export function decodeQueryOutput(model: ServiceModel, operation: string, body: string): Record<string, unknown> {
  const op = model.operations[operation];
  if (!op) throw new Error(`${model.metadata.serviceId} has no operation ${operation}`);
  const response = parseXml(body, `${operation}Response`);
  if (!response) throw new Error(`${operation}: the answer is not a ${operation}Response document`);
  if (!op.output) return {};
  const wrapper = op.output.resultWrapper;
  const result = wrapper ? (response[wrapper] as unknown[] | undefined)?.[0] : response;
  if (result === undefined || result === '') return {};
  return readValue(model, shapeOf(model, op.output), result, 0) as Record<string, unknown>;
}

function readValue(model: ServiceModel, shape: Shape, node: unknown, depth: number): unknown {
  if (depth > MAX_NESTING_DEPTH) throw new Error('answer nested too deeply');
  if (shape.type === 'structure') {
    const out: Record<string, unknown> = {};
    if (!isPlainObject(node)) return out;
    for (const m of structureInfo(model, shape).members) {
      const child = node[m.wire];
      if (!Array.isArray(child)) continue;
      const value =
        m.shape.type === 'list' && (m.shape.flattened || m.ref.flattened)
          ? child.map((c) => readValue(model, shapeOf(model, m.shape.member!), c, depth + 1))
          : readValue(model, m.shape, child[0], depth + 1);
      if (value !== undefined) out[m.name] = value;
    }
    return out;
  }
  if (shape.type === 'list' && shape.member) {
    if (!isPlainObject(node)) return [];
    const items = node[shape.member.locationName ?? 'member'];
    const item = shapeOf(model, shape.member);
    return Array.isArray(items) ? items.map((c) => readValue(model, item, c, depth + 1)) : [];
  }
  if (shape.type === 'map' && shape.key && shape.value) {
    const out: Record<string, unknown> = {};
    const entries = isPlainObject(node) ? node['entry'] : undefined;
    if (!Array.isArray(entries)) return out;
    for (const e of entries) {
      if (!isPlainObject(e)) continue;
      const key = (e[shape.key.locationName ?? 'key'] as unknown[] | undefined)?.[0];
      const value = (e[shape.value.locationName ?? 'value'] as unknown[] | undefined)?.[0];
      if (typeof key === 'string' && key !== '__proto__') {
        out[key] = readValue(model, shapeOf(model, shape.value), value, depth + 1);
      }
    }
    return out;
  }
  const text = typeof node === 'string' ? node : '';
  switch (shape.type) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return text === '' ? undefined : Number(text);
    case 'timestamp':
      return parseTimestampText(text);
    default:
      return text;
  }
}

/** `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error>` as code and message; undefined when not one. */
export function decodeQueryError(body: string): { code: string; message: string } | undefined {
  let response: XmlNode | undefined;
  try {
    response = parseXml(body, 'ErrorResponse');
  } catch {
    return undefined;
  }
  const error = (response?.['Error'] as unknown[] | undefined)?.[0];
  if (!isPlainObject(error)) return undefined;
  const text = (name: string) => {
    const v = (error[name] as unknown[] | undefined)?.[0];
    return typeof v === 'string' ? v : '';
  };
  return { code: text('Code'), message: text('Message') };
}
