// Converts JSON values to and from model shapes (json and rest-json bodies), with AWS's serialization errors.
import { AwsError } from '../error.js';
import type { ServiceModel, Shape, ShapeRef, TimestampFormat } from '../model.js';
import { jsonTextTooDeep, nestingTooDeep } from './nesting.js';
import { isPlainObject, setEntry, shapeOf, structureInfo } from './shapes.js';
import {
  decodeBase64,
  epochSeconds,
  formatIso8601,
  formatRfc822,
  parseTimestampText,
  toBytes,
  toDate,
} from './values.js';

const JAVA_TYPE: Readonly<Record<string, string>> = {
  string: 'String',
  integer: 'Integer',
  long: 'Long',
  float: 'Float',
  double: 'Double',
  boolean: 'Boolean',
  timestamp: 'Date',
  blob: 'ByteBuffer',
  bigdecimal: 'BigDecimal',
  biginteger: 'BigInteger',
};

/** A malformed body: AWS answers SerializationException (400) with the parser's words. */
export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, { status: 400, fault: 'Sender' });
}

/** How AWS's JSON parser names a token it did not expect for a scalar, e.g. NUMBER_VALUE. */
function tokenName(value: unknown): string {
  if (value === true) return 'TRUE_VALUE';
  if (value === false) return 'FALSE_VALUE';
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  return 'STRING_VALUE';
}

function mismatch(shape: Shape, value: unknown): AwsError {
  if (Array.isArray(value)) {
    if (shape.type === 'structure' || shape.type === 'map')
      return serializationError('Start of list found where not expected');
    return serializationError(`Unrecognized collection type class java.lang.${JAVA_TYPE[shape.type] ?? 'Object'}`);
  }
  if (isPlainObject(value)) return serializationError('Start of structure or map found where not expected');
  if (shape.type === 'structure' || shape.type === 'list' || shape.type === 'map') {
    return serializationError('Unexpected field type');
  }
  if (shape.type === 'blob') return serializationError('only base-64-encoded strings are convertible to bytes');
  if (shape.type === 'boolean' && typeof value === 'string') {
    return serializationError('Unexpected token received from parser');
  }
  return serializationError(`${tokenName(value)} cannot be converted to ${JAVA_TYPE[shape.type] ?? shape.type}`);
}

function timestampFormat(ref: ShapeRef, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  return ref.timestampFormat ?? shape.timestampFormat ?? fallback;
}

/**
 * Reads a JSON value as the shape says, keyed by member names (wire names may differ). null reads as
 * absent (undefined); members the model does not know are dropped, as AWS ignores them.
 */
export function readJson(model: ServiceModel, ref: ShapeRef, shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) throw mismatch(shape, value);
      if (shape.document) return value;
      const out: Record<string, unknown> = {};
      for (const member of structureInfo(model, shape).members) {
        if (!Object.hasOwn(value, member.wire)) continue;
        const v = readJson(model, member.ref, member.shape, value[member.wire]);
        if (v !== undefined) out[member.name] = v;
      }
      return out;
    }
    case 'list': {
      if (shape.document) return value;
      if (!Array.isArray(value)) throw mismatch(shape, value);
      const memberRef = shape.member as ShapeRef;
      const memberShape = shapeOf(model, memberRef);
      return value.map((item) => readJson(model, memberRef, memberShape, item) ?? null);
    }
    case 'map': {
      if (!isPlainObject(value)) throw mismatch(shape, value);
      const valueRef = shape.value as ShapeRef;
      const valueShape = shapeOf(model, valueRef);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const read = readJson(model, valueRef, valueShape, v);
        if (read !== undefined) setEntry(out, k, read);
      }
      return out;
    }
    case 'string':
      if (shape.document) return value;
      if (typeof value !== 'string') throw mismatch(shape, value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number') throw mismatch(shape, value);
      if (!Number.isInteger(value))
        throw serializationError(`DECIMAL_VALUE cannot be converted to ${JAVA_TYPE[shape.type]}`);
      if (shape.type === 'integer' ? value < -2147483648 || value > 2147483647 : !Number.isSafeInteger(value)) {
        throw serializationError(`NUMBER_VALUE cannot be converted to ${JAVA_TYPE[shape.type]}`);
      }
      return value;
    case 'float':
    case 'double':
      if (typeof value === 'string' && (value === 'NaN' || value === 'Infinity' || value === '-Infinity')) {
        return Number(value);
      }
      if (typeof value !== 'number') throw mismatch(shape, value);
      return value;
    case 'bigdecimal':
    case 'biginteger':
      if (typeof value !== 'number' && typeof value !== 'string') throw mismatch(shape, value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(shape, value);
      return value;
    case 'timestamp': {
      if (typeof value === 'number') {
        // Past ±8.64e15 ms a Date is invalid (and toISOString throws): such a number is no timestamp.
        const date = new Date(Math.round(value * 1000));
        if (Number.isNaN(date.getTime())) throw mismatch(shape, value);
        return date;
      }
      if (typeof value !== 'string') throw mismatch(shape, value);
      const date = parseTimestampText(value);
      if (!date) throw mismatch(shape, value);
      return date;
    }
    case 'blob': {
      if (typeof value !== 'string') throw mismatch(shape, value);
      const decoded = decodeBase64(value);
      if ('error' in decoded) throw serializationError(decoded.error);
      return decoded.bytes;
    }
    default:
      return value;
  }
}

/** Writes a handler's value as the shape's JSON: wire names, epoch-second timestamps, base64 blobs. */
export function writeJson(model: ServiceModel, ref: ShapeRef, shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (shape.document || typeof value !== 'object') return value;
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of structureInfo(model, shape).members) {
        const v = writeJson(model, member.ref, member.shape, record[member.name]);
        if (v !== undefined) out[member.wire] = v;
      }
      return out;
    }
    case 'list': {
      const memberRef = shape.member as ShapeRef;
      const memberShape = shapeOf(model, memberRef);
      const items = Array.isArray(value) ? value : [value];
      return items.map((item) => writeJson(model, memberRef, memberShape, item) ?? null);
    }
    case 'map': {
      const valueRef = shape.value as ShapeRef;
      const valueShape = shapeOf(model, valueRef);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const written = writeJson(model, valueRef, valueShape, v);
        if (written !== undefined) setEntry(out, k, written);
      }
      return out;
    }
    case 'timestamp': {
      const date = toDate(value);
      if (!date) throw new TypeError(`not a timestamp: ${String(value)}`);
      const format = timestampFormat(ref, shape, 'unixTimestamp');
      return format === 'iso8601' ? formatIso8601(date) : format === 'rfc822' ? formatRfc822(date) : epochSeconds(date);
    }
    case 'blob':
      return toBytes(value).toString('base64');
    case 'boolean':
      return value === true || value === 'true';
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(value);
      return Number.isFinite(n) ? n : String(n); // NaN and ±Infinity travel as strings
    }
    case 'string':
      return shape.document ? value : String(value);
    default:
      return value;
  }
}

/** Parses a JSON request body; empty means {}. Anything unparsable is a SerializationException. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  return parseJsonText(text);
}

/**
 * Parses JSON text from a request, refusing text nested past MAX_NESTING_DEPTH before it is parsed (AWS's parser
 * refuses it too, see nesting.ts): everything that walks the value afterwards recurses, so the bound comes first.
 */
export function parseJsonText(text: string): unknown {
  if (jsonTextTooDeep(text)) throw nestingTooDeep('json');
  try {
    return JSON.parse(text);
  } catch {
    throw serializationError('');
  }
}
