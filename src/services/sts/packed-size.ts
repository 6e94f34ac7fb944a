// PackedPolicySize: how much of a session's packed allowance its session policies and session tags take.
//
// AWS packs a session's policies and tags into a compressed binary form whose layout and limit it does not
// publish; it reports the result as a percentage (PackedPolicySize) and refuses a session above 100%
// (PackedPolicyTooLarge). Warden approximates it, deterministically:
//   policies  the inline policy with the whitespace between JSON tokens removed, plus each managed policy ARN,
//             counted in UTF-8 bytes against POLICY_ALLOWANCE_BYTES;
//   tags      every session tag's key and value, counted in UTF-8 bytes against TAG_ALLOWANCE_BYTES.
// The percentage reported is the larger of the two, rounded up (any policy or tag is at least 1%). Observed AWS
// figures put action-heavy policies of 1,300-1,700 characters above 100%, which a 1 KiB allowance reproduces;
// transitive tag keys do not count, as AWS documents.
import { AwsError } from '../../aws/error.js';

export const POLICY_ALLOWANCE_BYTES = 1024;
export const TAG_ALLOWANCE_BYTES = 512;

export interface PackedInput {
  policy?: string;
  policyArns?: readonly string[];
  tags?: Readonly<Record<string, string>>;
}

function percent(bytes: number, allowance: number): number {
  return Math.ceil((bytes * 100) / allowance);
}

/** The policy's JSON with insignificant whitespace removed (its text is already known to be valid JSON). */
function compact(policy: string): string {
  return JSON.stringify(JSON.parse(policy));
}

export function packedPolicyPercent(input: PackedInput): number {
  let bytes = input.policy !== undefined ? Buffer.byteLength(compact(input.policy)) : 0;
  for (const arn of input.policyArns ?? []) bytes += Buffer.byteLength(arn);
  return percent(bytes, POLICY_ALLOWANCE_BYTES);
}

export function packedTagsPercent(tags: Readonly<Record<string, string>> | undefined): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(tags ?? {})) bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  return percent(bytes, TAG_ALLOWANCE_BYTES);
}

/** The PackedPolicySize to report, or AWS's PackedPolicyTooLarge (policies are judged before tags). */
export function packedPolicySize(input: PackedInput): number {
  const policies = packedPolicyPercent(input);
  if (policies > 100) {
    throw new AwsError(
      'PackedPolicyTooLarge',
      `Packed policy consumes ${policies}% of allotted space, please use smaller policy.`,
      { status: 400 },
    );
  }
  const tags = packedTagsPercent(input.tags);
  if (tags > 100) {
    throw new AwsError('PackedPolicyTooLarge', `Packed size of session tags consumes ${tags}% of allotted space.`, {
      status: 400,
    });
  }
  return Math.max(policies, tags);
}
