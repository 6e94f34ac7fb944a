// Scalar conversions the protocols share: timestamps in AWS's three formats, base64 blobs, handler outputs.
import type { Shape, TimestampFormat } from '../model.js';

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH_SECONDS = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** ISO 8601 as AWS writes it: whole seconds as `2024-01-01T00:00:00Z`, milliseconds only when present. */
export function formatIso8601(date: Date): string {
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

/** RFC 822 / IMF-fixdate, as HTTP headers carry dates: `Mon, 01 Jan 2024 00:00:00 GMT`. */
export function formatRfc822(date: Date): string {
  return date.toUTCString();
}

/** Seconds since the epoch, fractional when the date has milliseconds (JSON protocols' default). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** Renders a date in a protocol's text form (query, querystring, headers, XML). */
export function formatTimestampText(date: Date, format: TimestampFormat): string {
  if (format === 'unixTimestamp') return String(epochSeconds(date));
  if (format === 'rfc822') return formatRfc822(date);
  return formatIso8601(date);
}

/** Parses a timestamp written as text: ISO 8601, epoch seconds or an HTTP date; undefined when it is none. */
export function parseTimestampText(text: string): Date | undefined {
  const trimmed = text.trim();
  let millis: number;
  if (EPOCH_SECONDS.test(trimmed)) millis = Number(trimmed) * 1000;
  else if (ISO_8601.test(trimmed)) millis = Date.parse(trimmed.replace(' ', 'T'));
  else if (/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC|[+-]\d{4})$/.test(trimmed)) {
    millis = Date.parse(trimmed);
  } else return undefined;
  // Finite is not enough: past ±8.64e15 ms a Date is invalid, and toISOString throws on it.
  return Number.isFinite(millis) ? validDate(new Date(millis)) : undefined;
}

/** Decodes standard base64 strictly; the error text is the one AWS's JSON services give. */
export function decodeBase64(text: string): { bytes: Buffer } | { error: string } {
  if (text.length % 4 !== 0) {
    return { error: `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}` };
  }
  if (!BASE64.test(text)) return { error: 'Invalid Base64 character detected' };
  return { bytes: Buffer.from(text, 'base64') };
}

/** A handler's timestamp as a Date: Dates pass, strings are parsed, numbers are epoch seconds. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  if (typeof value === 'string') return parseTimestampText(value) ?? validDate(new Date(value));
  return undefined;
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A handler's blob as bytes: Buffers and typed arrays as they are, strings as their UTF-8 bytes. */
export function toBytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(String(value), 'utf8');
}

const JAVA_INT_MIN = -2147483648;
const JAVA_INT_MAX = 2147483647;

/**
 * Converts a scalar written as text (query parameters, URI labels, query strings, headers) to the
 * shape's type; undefined when the text is not a value of that type.
 */
export function parseScalarText(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'string':
    case 'bigdecimal':
    case 'biginteger':
      return text;
    case 'integer':
    case 'long': {
      if (!/^[+-]?\d+$/.test(text)) return undefined;
      const n = Number(text);
      if (shape.type === 'integer' ? n < JAVA_INT_MIN || n > JAVA_INT_MAX : !Number.isSafeInteger(n)) return undefined;
      return n;
    }
    case 'float':
    case 'double': {
      if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return Number(text);
      const n = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : undefined;
    }
    case 'timestamp':
      return parseTimestampText(text);
    case 'blob': {
      const decoded = decodeBase64(text);
      return 'bytes' in decoded ? decoded.bytes : undefined;
    }
    default:
      return undefined;
  }
}

/** How parseScalarText's failures are described: "an integer", "a boolean", ... */
export function describeType(shape: Shape): string {
  switch (shape.type) {
    case 'integer':
    case 'long':
      return 'an integer';
    case 'float':
    case 'double':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'timestamp':
      return 'a timestamp';
    case 'blob':
      return 'base64-encoded data';
    default:
      return `a ${shape.type}`;
  }
}
