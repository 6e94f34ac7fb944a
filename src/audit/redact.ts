// Turns a call's input or output into CloudTrail's requestParameters/responseElements shape with no secret left in it.
import type { ServiceModel, Shape } from '../aws/model.js';

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
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isBinary(value: unknown): boolean {
  return value instanceof Uint8Array || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !isBinary(value) && !(value instanceof Date)
  );
}

/**
 * Walks value along the model's shape: sensitive shapes and denied member names become HIDDEN, blobs are left
 * out (raw bytes never enter a record), timestamps become ISO strings, members the shape does not declare are
 * dropped and structure members are renamed to CloudTrail's lower camel case. Map keys are data and stay as they are.
 * Returns undefined for a value that leaves nothing to show.
 */
export function redactByShape(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape: Shape | undefined = model.shapes[shapeName];
  if (!shape) return redactLoose(value);
  if (shape.sensitive) return HIDDEN;
  switch (shape.type) {
    case 'structure': {
      if (shape.document || !isPlainObject(value)) return redactLoose(value);
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!(name in value)) continue;
        const member = value[name];
        if (member === undefined || member === null) continue;
        const redacted = mustHide(name, member) ? HIDDEN : redactByShape(model, ref.shape, member);
        if (redacted !== undefined) out[recordMemberName(name)] = redacted;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return redactLoose(value);
      const memberShape = shape.member?.shape;
      const items = value.map((item) => (memberShape ? redactByShape(model, memberShape, item) : redactLoose(item)));
      return items.filter((item) => item !== undefined);
    }
    case 'map': {
      if (!isPlainObject(value)) return redactLoose(value);
      const valueShape = shape.value?.shape;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const redacted = valueShape ? redactByShape(model, valueShape, item) : redactLoose(item);
        if (redacted !== undefined) out[key] = redacted;
      }
      return out;
    }
    case 'blob':
      return undefined;
    case 'timestamp':
      return value instanceof Date ? isoSeconds(value) : value;
    default:
      return redactLoose(value);
  }
}

/**
 * Redaction without a model, for what handlers hand over in AuditNotes and for values the model does not type:
 * denied names are hidden at any depth, blobs dropped, dates written as ISO strings. Keys keep their spelling.
 */
export function redactLoose(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (isBinary(value)) return undefined;
  if (value instanceof Date) return isoSeconds(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(redactLoose).filter((item) => item !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined || item === null) continue;
      const redacted = mustHide(key, item) ? HIDDEN : redactLoose(item);
      if (redacted !== undefined) out[key] = redacted;
    }
    return out;
  }
  return value;
}
