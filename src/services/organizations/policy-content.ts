// Checks a policy's content for its type: size limits and grammar, with Organizations' errors.
import { AwsError } from '../../aws/error.js';
import { policyDocumentError } from '../../policy/validation/validate.js';
import { constraintViolation, policyTypeNotAvailable } from './errors.js';

/** The policy types Warden implements; AWS's other management policy types answer a clear error. */
export const SUPPORTED_POLICY_TYPES: ReadonlySet<string> = new Set([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
]);

/** AWS's content size limits, in characters. */
const MAX_CONTENT: Readonly<Record<string, number>> = {
  SERVICE_CONTROL_POLICY: 5120,
  RESOURCE_CONTROL_POLICY: 5120,
  TAG_POLICY: 10000,
};

/** How many policies of a type one root, OU or account may have attached. */
export const MAX_ATTACHMENTS: Readonly<Record<string, number>> = {
  SERVICE_CONTROL_POLICY: 5,
  RESOURCE_CONTROL_POLICY: 5,
  TAG_POLICY: 10,
};

export function assertSupportedType(type: string): void {
  if (!SUPPORTED_POLICY_TYPES.has(type)) throw policyTypeNotAvailable(type);
}

const malformed = (detail?: string) =>
  new AwsError(
    'MalformedPolicyDocumentException',
    `The provided policy document doesn't meet the requirements of the specified policy type.${detail ? ` ${detail}` : ''}`,
  );

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Tag policies: a JSON object whose value nodes use only AWS's operators. */
function tagPolicyError(content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return 'The policy is not valid JSON.';
  }
  if (!isObject(parsed)) return 'The policy must be a JSON object.';
  const walk = (node: Record<string, unknown>): string | undefined => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('@@')) {
        if (!['@@assign', '@@append', '@@remove', '@@operators_allowed_for_child_policies'].includes(key)) {
          return `Unknown operator ${key}.`;
        }
        continue;
      }
      if (!isObject(value)) return `The value of ${key} must be a JSON object.`;
      const inner = walk(value);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(parsed);
}

export function assertValidContent(type: string, content: string): void {
  if (content.length > (MAX_CONTENT[type] ?? 5120)) {
    throw constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      'The provided policy document exceeds the maximum size.',
    );
  }
  if (type === 'SERVICE_CONTROL_POLICY') {
    const error = policyDocumentError(content, 'scp');
    if (error) throw malformed(error);
  } else if (type === 'RESOURCE_CONTROL_POLICY') {
    const error = policyDocumentError(content, 'resource');
    if (error) throw malformed(error);
  } else if (type === 'TAG_POLICY') {
    const error = tagPolicyError(content);
    if (error) throw malformed(error);
  }
}
