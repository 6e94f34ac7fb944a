// The awsQuery protocol (IAM, STS): form-encoded input, <OpResponse><OpResult> XML output, <ErrorResponse> errors.
import { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel, Shape, ShapeRef } from '../model.js';
import { validateInput } from '../validate.js';
import type { Codec } from './codec-contract.js';
import { resolveError } from './errors.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from './nesting.js';
import { operationOf } from './operations.js';
import { queryParams } from './params.js';
import { setEntry, shapeOf, structureInfo } from './shapes.js';
import { describeType, parseScalarText } from './values.js';
import { escapeXml, XmlWriter } from './xml.js';

/** Segments of a parameter name one level of nesting can take: a map value is `.entry.N.value`. */
const SEGMENTS_PER_LEVEL = 3;
/** The most segments a walk bounded by MAX_NESTING_DEPTH reads of any name, whatever the shapes. */
const MAX_KEY_SEGMENTS = SEGMENTS_PER_LEVEL * MAX_NESTING_DEPTH + 1;

const keySegmentsOf = new WeakMap<Shape, number>();

/**
 * The most dot-separated segments a parameter name for a value of this shape takes below its own name
 * (`Tags` → `.member.1.Key` is 3), Infinity when the shapes recurse. Computed once per shape.
 */
function keySegments(model: ServiceModel, shape: Shape, visiting = new Set<Shape>()): number {
  const known = keySegmentsOf.get(shape);
  if (known !== undefined) return known;
  if (visiting.has(shape)) return Infinity;
  visiting.add(shape);
  let segments = 0;
  const below = (ref: ShapeRef | undefined) => (ref ? keySegments(model, shapeOf(model, ref), visiting) : 0);
  if (shape.type === 'structure') {
    for (const member of structureInfo(model, shape).members) segments = Math.max(segments, 1 + below(member.ref));
  } else if (shape.type === 'list') {
    segments = (shape.flattened ? 1 : 2) + below(shape.member); // `.member.N` (flattened: `.N`)
  } else if (shape.type === 'map') {
    segments = (shape.flattened ? 2 : 3) + below(shape.value); // `.entry.N.value` (flattened: `.N.value`)
  }
  visiting.delete(shape);
  keySegmentsOf.set(shape, segments);
  return segments;
}

/** Rebuilds nested input from flat names like `Tags.member.1.Key` by walking the input shape. */
class QueryDecoder {
  /** The dotted prefixes of the parameter names, as deep as the walk can ask: `Tags`, `Tags.member`, ... */
  private readonly prefixes = new Set<string>();

  constructor(
    private readonly model: ServiceModel,
    private readonly params: ReadonlyMap<string, string>,
    input: Shape,
  ) {
    // Only prefixes the walk can ask for are recorded (a few segments for most operations; a recursive shape is
    // bounded by MAX_NESTING_DEPTH): a name of thousands of dots must not cost thousands of long prefixes.
    const maxSegments = Math.min(keySegments(model, input), MAX_KEY_SEGMENTS);
    for (const name of params.keys()) {
      let segments = 1;
      for (let dot = name.indexOf('.'); dot >= 0 && segments < maxSegments; dot = name.indexOf('.', dot + 1)) {
        this.prefixes.add(name.slice(0, dot));
        segments++;
      }
    }
  }

  private present(key: string): boolean {
    return this.params.has(key) || this.prefixes.has(key);
  }

  /** The input structure (depth 1); every structure, list and map below it is one level deeper. */
  structure(shape: Shape, prefix: string, depth = 1): Record<string, unknown> {
    if (depth > MAX_NESTING_DEPTH) throw nestingTooDeep('query');
    const out: Record<string, unknown> = {};
    for (const member of structureInfo(this.model, shape).members) {
      const value = this.value(member.ref, member.shape, prefix ? `${prefix}.${member.wire}` : member.wire, depth);
      if (value !== undefined) out[member.name] = value;
    }
    return out;
  }

  /** The value at key, inside a container at `depth`. */
  private value(ref: ShapeRef, shape: Shape, key: string, depth: number): unknown {
    switch (shape.type) {
      case 'structure':
        return this.prefixes.has(key) ? this.structure(shape, key, depth + 1) : undefined;
      case 'list':
        return this.present(key) ? this.list(ref, shape, key, depth + 1) : undefined;
      case 'map':
        return this.prefixes.has(key) ? this.map(ref, shape, key, depth + 1) : undefined;
      default: {
        const text = this.params.get(key);
        return text === undefined ? undefined : this.scalar(shape, text, key);
      }
    }
  }

  /** `Name.member.N` (1-based, contiguous), or `Name.N` when flattened; `Name=` alone is an empty list. */
  private list(ref: ShapeRef, shape: Shape, key: string, depth: number): unknown[] {
    if (depth > MAX_NESTING_DEPTH) throw nestingTooDeep('query');
    const memberRef = shape.member as ShapeRef;
    const memberShape = shapeOf(this.model, memberRef);
    let itemPrefix: string;
    if (shape.flattened || ref.flattened) {
      itemPrefix = memberRef.locationName ? replaceLastSegment(key, memberRef.locationName) : key;
    } else {
      itemPrefix = `${key}.${memberRef.locationName ?? 'member'}`;
    }
    const items: unknown[] = [];
    for (let i = 1; this.present(`${itemPrefix}.${i}`); i++) {
      items.push(this.value(memberRef, memberShape, `${itemPrefix}.${i}`, depth) ?? null);
    }
    return items;
  }

  /** `Name.entry.N.key` / `Name.entry.N.value` (names from the key/value locationName when set). */
  private map(ref: ShapeRef, shape: Shape, key: string, depth: number): Record<string, unknown> {
    if (depth > MAX_NESTING_DEPTH) throw nestingTooDeep('query');
    const keyRef = shape.key as ShapeRef;
    const valueRef = shape.value as ShapeRef;
    const valueShape = shapeOf(this.model, valueRef);
    const entryPrefix = shape.flattened || ref.flattened ? key : `${key}.entry`;
    const keyName = keyRef.locationName ?? 'key';
    const valueName = valueRef.locationName ?? 'value';
    const out: Record<string, unknown> = {};
    for (let i = 1; this.present(`${entryPrefix}.${i}`); i++) {
      const entryKey = this.params.get(`${entryPrefix}.${i}.${keyName}`);
      if (entryKey === undefined) continue;
      const value = this.value(valueRef, valueShape, `${entryPrefix}.${i}.${valueName}`, depth);
      if (value !== undefined) setEntry(out, entryKey, value);
    }
    return out;
  }

  private scalar(shape: Shape, text: string, key: string): unknown {
    const value = parseScalarText(shape, text);
    if (value === undefined) {
      throw new AwsError(
        'ValidationError',
        `Invalid value '${text}' for parameter ${key}: expected ${describeType(shape)}.`,
        {
          status: 400,
          fault: 'Sender',
        },
      );
    }
    return value;
  }
}

function replaceLastSegment(key: string, name: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? name : `${key.slice(0, dot + 1)}${name}`;
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

function namespaceAttribute(model: ServiceModel): string {
  const ns = model.metadata.xmlNamespace;
  return ns ? ` xmlns="${escapeXml(ns)}"` : '';
}

export const queryCodec: Codec = {
  decodeInput(model: ServiceModel, operation: string, req: HttpRequest): Record<string, unknown> {
    const op = operationOf(model, operation);
    if (!op.input) return {};
    const shape = shapeOf(model, op.input);
    const input = new QueryDecoder(model, queryParams(req), shape).structure(shape, '');
    validateInput(model, op.input, input, 'query');
    return input;
  },

  encodeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): HttpResponse {
    const op = operationOf(model, operation);
    const xml = new XmlWriter(model).raw(`<${operation}Response${namespaceAttribute(model)}>`);
    if (op.output) {
      const wrapper = op.output.resultWrapper ?? `${operation}Result`;
      xml.raw(`<${wrapper}>`).members(shapeOf(model, op.output), output).raw(`</${wrapper}>`);
    }
    xml.raw('<ResponseMetadata>').element('RequestId', requestId).raw('</ResponseMetadata>');
    xml.raw(`</${operation}Response>`);
    return { status: 200, headers: xmlHeaders(requestId), body: xml.toString() };
  },

  encodeError(model: ServiceModel, err: AwsError, requestId: string): HttpResponse {
    const { status, fault, shape } = resolveError(model, err);
    const xml = new XmlWriter(model).raw(`<ErrorResponse${namespaceAttribute(model)}><Error>`);
    xml.element('Type', fault).element('Code', err.code).element('Message', err.message);
    for (const [name, value] of Object.entries(err.fields ?? {})) {
      if (value === undefined || value === null || name === 'Type' || name === 'Code' || name === 'Message') continue;
      const member = shape ? structureInfo(model, shape.shape).byName.get(name) : undefined;
      if (member) xml.member(member.wire, member.ref, member.shape, value);
      else xml.element(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    xml.raw('</Error>').element('RequestId', requestId).raw('</ErrorResponse>');
    return { status, headers: { ...xmlHeaders(requestId), ...err.headers }, body: xml.toString() };
  },
};
