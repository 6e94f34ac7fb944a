// Checks a policy's content for its type: size limits and grammar, with Organizations' errors.
import { AwsError } from '../../aws/error.js';
import { policyDocumentError } from '../../policy/validation/validate.js';
import { constraintViolation, policyTypeNotAvailable } from './errors.js';
import { policyTypeSpec } from './policy-types.js';

/** How many policies of a type one root, OU or account may have attached. */
export function maxAttachments(type: string): number {
  return policyTypeSpec(type)?.maxAttachments ?? 5;
}

/** Every type of the model is served; a name outside it never passes input validation, this is the backstop. */
export function assertSupportedType(type: string): void {
  if (!policyTypeSpec(type)) throw policyTypeNotAvailable(type);
}

const malformed = (detail?: string) =>
  new AwsError(
    'MalformedPolicyDocumentException',
    `The provided policy document doesn't meet the requirements of the specified policy type.${detail ? ` ${detail}` : ''}`,
  );

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const VALUE_OPERATORS = new Set(['@@assign', '@@append', '@@remove']);
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const CHILD_CONTROL_VALUES = new Set(['@@all', '@@none', '@@assign', '@@append', '@@remove']);
/** Deeper than any documented management policy; bounds the walk over untrusted JSON. */
export const MAX_POLICY_DEPTH = 16;

/**
 * The management policy syntax shared by every management type ("Policy syntax and inheritance for management
 * policy types"): a JSON object whose keys hold objects, values set only through @@assign, @@append and @@remove,
 * and child control through @@operators_allowed_for_child_policies with a list of operators, @@all or @@none.
 */
export function managementPolicyError(content: string, topLevelKeys?: readonly string[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return 'The policy is not valid JSON.';
  }
  if (!isObject(parsed)) return 'The policy must be a JSON object.';
  if (topLevelKeys) {
    for (const key of Object.keys(parsed)) {
      if (!topLevelKeys.includes(key) && key !== CHILD_CONTROL) {
        return `The policy's top-level key must be ${topLevelKeys.join(' or ')}, not ${key}.`;
      }
    }
  }
  const walk = (node: Record<string, unknown>, depth: number): string | undefined => {
    if (depth > MAX_POLICY_DEPTH) return 'The policy is nested too deeply.';
    for (const [key, value] of Object.entries(node)) {
      if (key === CHILD_CONTROL) {
        if (!Array.isArray(value) || value.length === 0 || !value.every((v) => CHILD_CONTROL_VALUES.has(String(v)))) {
          return `${CHILD_CONTROL} takes a list of @@all, @@none, @@assign, @@append or @@remove.`;
        }
        continue;
      }
      if (key.startsWith('@@')) {
        if (!VALUE_OPERATORS.has(key)) return `Unknown operator ${key}.`;
        if ((key === '@@append' || key === '@@remove') && !Array.isArray(value)) {
          return `${key} applies only to multi-valued settings (a JSON array).`;
        }
        continue;
      }
      if (!isObject(value)) return `The value of ${key} must be a JSON object.`;
      const inner = walk(value, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(parsed, 1);
}

export function assertValidContent(type: string, content: string): void {
  const spec = policyTypeSpec(type);
  if (!spec) throw policyTypeNotAvailable(type);
  if (content.length > spec.maxSize) {
    throw constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      'The provided policy document exceeds the maximum size.',
    );
  }
  const error =
    type === 'SERVICE_CONTROL_POLICY'
      ? policyDocumentError(content, 'scp')
      : type === 'RESOURCE_CONTROL_POLICY'
        ? policyDocumentError(content, 'resource')
        : managementPolicyError(content, spec.topLevelKeys);
  if (error) throw malformed(error);
}
