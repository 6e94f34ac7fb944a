// One bound on how deeply a request's values may nest, shared by the codecs, the validator and the audit trail.
import { AwsError } from '../error.js';

/**
 * The deepest nesting (objects and arrays not yet closed; the outermost counts 1) a request may carry.
 *
 * AWS's JSON services read bodies with Jackson, whose StreamReadConstraints refuse a document nested deeper than
 * 1000 by default (jackson-core 2.15+, "Maximum Nesting depth: default 1000"); the failure is a parse failure, which
 * those services answer as they answer any malformed body: SerializationException (400). Every walk Warden makes
 * over a request's values (decoding, validation, redaction, the audit row) recurses at most this deep, far inside
 * Node's stack, so nesting can never turn into a stack overflow, an HTTP 500 and a call missing from the trail.
 */
export const MAX_NESTING_DEPTH = 1000;

/** Query services answer ValidationError, the JSON and rest-json ones ValidationException. */
export type NestingStyle = 'query' | 'json';

/**
 * The answer to input nested past the bound. JSON bodies: AWS's answer to a body its parser refuses, a
 * SerializationException with no message (as for any malformed JSON). Query input has no nesting of its own
 * (names are flat, and no query model's shapes recurse), so the bound can only be met by a future recursive
 * model; it is then worded as the query services word a broken constraint.
 */
export function nestingTooDeep(style: NestingStyle): AwsError {
  if (style === 'json') return new AwsError('SerializationException', '', { status: 400, fault: 'Sender' });
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value failed to satisfy constraint: Member must have nesting depth less than or equal to ${MAX_NESTING_DEPTH}`,
    { status: 400, fault: 'Sender' },
  );
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text opens more than `limit` objects/arrays at once, read in one pass without parsing (so before
 * anything recursive sees it). Brackets inside strings do not count. Malformed text is measured as far as it goes;
 * the parser refuses it afterwards anyway.
 */
export function jsonTextTooDeep(text: string, limit = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  return !(value instanceof Date) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/**
 * Whether a value nests objects/arrays more than `limit` deep (the value itself counts 1), measured without
 * recursion. Dates and binary values are leaves. A value that refers to itself is infinitely deep.
 */
export function valueTooDeep(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  if (!isContainer(value)) return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(node)) {
      if (isContainer(child)) stack.push([child, depth + 1]);
    }
  }
  return false;
}
