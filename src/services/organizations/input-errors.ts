// Organizations answers input that breaks the model's constraints with InvalidInputException and a Reason, not
// the protocol's ValidationException: the descriptor's inputError hook words the first violation as AWS does.
import type { AwsError } from '../../aws/error.js';
import type { InputViolation } from '../../aws/validate.js';
import { validationError } from '../../aws/validate.js';
import { loadModel } from '../../aws/model.js';
import { invalidInput } from './errors.js';

/**
 * Each reason with its message. INVALID_PATTERN's is the one AWS answers (seen in its CLI's and SDKs' reports, e.g.
 * boto/boto3#4565, aws-ia/terraform-aws-control_tower_account_factory#287); the others are the Reason list of the
 * model's InvalidInputException documentation.
 */
const REASONS = {
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_ENUM_POLICY_TYPE: 'You specified an invalid policy type string.',
  INVALID_LIST_MEMBER: 'You provided a list to a parameter that contains at least one invalid value.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
} as const;

type Reason = keyof typeof REASONS;

/** The enum shapes naming policy types: a bad one is INVALID_ENUM_POLICY_TYPE. */
const POLICY_TYPE_SHAPES = ['PolicyType', 'EffectivePolicyType'];

function reasonOf(v: InputViolation): Reason {
  switch (v.kind) {
    case 'required':
      return 'INPUT_REQUIRED';
    case 'maxLength':
      return 'MAX_LENGTH_EXCEEDED';
    case 'minLength':
      return 'MIN_LENGTH_EXCEEDED';
    case 'maxValue':
      return 'MAX_VALUE_EXCEEDED';
    case 'minValue':
      return 'MIN_VALUE_EXCEEDED';
    case 'enum': {
      const shapes = loadModel('organizations').shapes;
      return POLICY_TYPE_SHAPES.some((name) => shapes[name] === v.shape) ? 'INVALID_ENUM_POLICY_TYPE' : 'INVALID_ENUM';
    }
    case 'pattern':
      // A list's member (`tagKeys.1.member`) that breaks its pattern is a bad list member.
      return /\.member(\.|$)/.test(v.path) ? 'INVALID_LIST_MEMBER' : 'INVALID_PATTERN';
    default:
      return 'INVALID_LIST_MEMBER';
  }
}

/** Operations whose model lists InvalidInputException (today every one with input), computed once. */
let declaring: ReadonlySet<string> | undefined;
function declaresInvalidInput(operation: string): boolean {
  declaring ??= new Set(
    Object.entries(loadModel('organizations').operations)
      .filter(([, op]) => (op.errors ?? []).some((e) => e.shape === 'InvalidInputException'))
      .map(([name]) => name),
  );
  return declaring.has(operation);
}

/** The error Organizations answers for these violations of an operation's input. */
export function organizationsInputError(operation: string, violations: readonly InputViolation[]): AwsError {
  const first = violations[0];
  if (!first || !declaresInvalidInput(operation)) {
    return validationError(
      'json',
      violations.map((v) => v.message),
    );
  }
  const reason = reasonOf(first);
  return invalidInput(reason, REASONS[reason]);
}
