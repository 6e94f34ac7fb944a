// Turns a call's input or output into CloudTrail's requestParameters/responseElements shape with no secret left in it.
import type { ServiceModel, Shape } from '../aws/model.js';
import { MAX_NESTING_DEPTH } from '../aws/protocols/nesting.js';

/** What CloudTrail writes in place of a value it must not show. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Member names whose values never reach a record, whatever the model says: the models do not flag every secret
 * (STS session tokens, MFA codes, IAM's AuthenticationCode1/2 are plain strings there). Compared after
 * lower-casing and dropping everything but letters and digits.
 */
const DENIED_NAMES = new Set([
  'secretaccesskey',
  'sessiontoken',
  'password',
  'oldpassword',
  'newpassword',
  'plaintext',
  'keymaterial',
  'base32stringseed',
  'qrcodepng',
  'authenticationcode1',
  'authenticationcode2',
  'tokencode',
  'samlassertion',
  'webidentitytoken',
  'sharedsecret',
  'clientsecret',
  // Systems Manager's CreateActivation answers with the code a host registers with: as good as a password.
  'activationcode',
]);
const DENIED_PREFIXES = ['privatekey'];
const DENIED_SUFFIXES = ['password', 'secretaccesskey', 'secret'];

export function isDeniedName(name: string): boolean {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    DENIED_NAMES.has(key) ||
    DENIED_PREFIXES.some((prefix) => key.startsWith(prefix)) ||
    DENIED_SUFFIXES.some((suffix) => key.endsWith(suffix))
  );
}

/** A flag or a count is never a secret: `AllowUsersToChangePassword: true` stays visible. */
function mustHide(name: string, value: unknown): boolean {
  return typeof value !== 'boolean' && typeof value !== 'number' && isDeniedName(name);
}

/** CloudTrail names members in lower camel case: `UserName` becomes `userName`, `SAMLAssertion` `sAMLAssertion`. */
export function recordMemberName(name: string): string {
  return name.length === 0 ? name : name[0].toLowerCase() + name.slice(1);
}

/** Seconds-precision ISO 8601 in UTC, as every time in a record is written. */
export function isoSeconds(date: Date): string {
  // Every record carries its call's time to the second, and a busy server writes thousands a second: the last
  // second's text is kept (toISOString alone costs ~1 µs on Node 20).
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastSecondText;
  const text = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Number.isFinite(second)) {
    lastSecond = second;
    lastSecondText = text;
  }
  return text;
}
let lastSecond = NaN;
let lastSecondText = '';

function isBinary(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !isBinary(value) && !(value instanceof Date);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isContainer(value) && !Array.isArray(value);
}

/**
 * What stands in for a part of a value nested deeper than a record may go (CloudTrail's own marker for a field it
 * truncated is `omitted: true`). Decoded input never gets there (the codecs refuse nesting past MAX_NESTING_DEPTH);
 * handler outputs and notes are bounded here, so no record can be too deep to write or to read back.
 */
export const OMITTED: Readonly<Record<string, unknown>> = Object.freeze({ omitted: true });

/**
 * Walks value along the model's shape: sensitive shapes and denied member names become HIDDEN, blobs are left
 * out (raw bytes never enter a record), timestamps become ISO strings, members the shape does not declare are
 * dropped and structure members are renamed to CloudTrail's lower camel case. Map keys are data and stay as they are.
 * Anything nested past MAX_NESTING_DEPTH becomes OMITTED. Returns undefined for a value that leaves nothing to show.
 */
export function redactByShape(model: ServiceModel, shapeName: string, value: unknown): unknown {
  return redactShaped(model, shapeName, value, 1);
}

/** redactByShape of a value at `depth` (the top-level value is 1). */
function redactShaped(model: ServiceModel, shapeName: string, value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return undefined;
  const shape: Shape | undefined = model.shapes[shapeName];
  if (!shape) return redactAny(value, depth);
  if (shape.sensitive) return HIDDEN;
  if (depth > MAX_NESTING_DEPTH && isContainer(value)) return { ...OMITTED };
  switch (shape.type) {
    case 'structure': {
      if (shape.document || !isPlainObject(value)) return redactAny(value, depth);
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!(name in value)) continue;
        const member = value[name];
        if (member === undefined || member === null) continue;
        const redacted = mustHide(name, member) ? HIDDEN : redactShaped(model, ref.shape, member, depth + 1);
        if (redacted !== undefined) out[recordMemberName(name)] = redacted;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return redactAny(value, depth);
      const memberShape = shape.member?.shape;
      const out: unknown[] = [];
      for (const item of value) {
        const redacted = memberShape ? redactShaped(model, memberShape, item, depth + 1) : redactAny(item, depth + 1);
        if (redacted !== undefined) out.push(redacted);
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(value)) return redactAny(value, depth);
      const valueShape = shape.value?.shape;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const redacted = valueShape ? redactShaped(model, valueShape, item, depth + 1) : redactAny(item, depth + 1);
        if (redacted !== undefined) out[key] = redacted;
      }
      return out;
    }
    case 'blob':
      return undefined;
    case 'timestamp':
      return value instanceof Date ? isoSeconds(value) : value;
    default:
      return redactAny(value, depth);
  }
}

/**
 * Redaction without a model, for what handlers hand over in AuditNotes and for values the model does not type:
 * denied names are hidden at any depth, blobs dropped, dates written as ISO strings, anything nested past
 * MAX_NESTING_DEPTH replaced by OMITTED. Keys keep their spelling.
 */
export function redactLoose(value: unknown): unknown {
  return redactAny(value, 1);
}

/** redactLoose of a value at `depth` (the top-level value is 1). */
function redactAny(value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return undefined;
  if (isBinary(value)) return undefined;
  if (value instanceof Date) return isoSeconds(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (depth > MAX_NESTING_DEPTH) return { ...OMITTED };
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const redacted = redactAny(item, depth + 1);
      if (redacted !== undefined) out.push(redacted);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined || item === null) continue;
    const redacted = mustHide(key, item) ? HIDDEN : redactAny(item, depth + 1);
    if (redacted !== undefined) out[key] = redacted;
  }
  return out;
}

/**
 * A copy of value no deeper than `limit` (the value itself is depth 1), made without recursion: a container at the
 * deepest level that holds containers of its own becomes OMITTED. Values within the limit need not be passed (they
 * would be copied for nothing); valueTooDeep tells them apart.
 */
export function truncateDeep(value: unknown, limit: number): unknown {
  if (!isContainer(value)) return value;
  const emptyLike = (source: object): Record<string, unknown> => (Array.isArray(source) ? [] : {}) as never;
  const flat = (source: object) => Object.values(source).every((child) => !isContainer(child));
  if (limit <= 1 && !flat(value)) return { ...OMITTED };
  const root = emptyLike(value);
  const pending: [source: object, target: Record<string, unknown>, depth: number][] = [[value, root, 1]];
  while (pending.length > 0) {
    const [source, target, depth] = pending.pop()!;
    for (const [key, child] of Object.entries(source)) {
      if (!isContainer(child)) {
        target[key] = child;
      } else if (depth + 1 > limit || (depth + 1 === limit && !flat(child))) {
        target[key] = { ...OMITTED };
      } else {
        const copy = emptyLike(child);
        target[key] = copy;
        pending.push([child, copy, depth + 1]);
      }
    }
  }
  return root;
}
