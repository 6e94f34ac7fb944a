// Key policies: AWS's default key policy, and the checks PutKeyPolicy and CreateKey apply to a new one.
import type { CallerIdentity } from '../../aws/identity.js';
import { kmsError } from './errors.js';
import { wildcardMatch } from '../../aws/wildcard.js';

/** The default key policy AWS attaches when CreateKey gets none: the account's root may do anything with the key. */
export function defaultKeyPolicy(partition: string, accountId: string): string {
  const policy = {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
  // AWS returns key policies pretty-printed with " : " separators.
  return JSON.stringify(policy, null, 2).replace(/": /g, '" : ');
}

const malformed = (message: string) => kmsError('MalformedPolicyDocumentException', message);

/**
 * Rejects a document that is not a policy, and (unless bypassed) one that would stop the caller from changing the
 * key policy again: AWS's policy lockout safety check.
 */
export function checkKeyPolicy(
  document: string,
  caller: CallerIdentity,
  bypassLockoutCheck: boolean | undefined,
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('The policy document is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformed('The policy document is not a JSON object.');
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements !== undefined ? [statements] : [];
  if (list.length === 0) throw malformed('The policy document has no statements.');
  for (const s of list) {
    if (typeof s !== 'object' || s === null)
      throw malformed('The policy document contains a statement that is not an object.');
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny')
      throw malformed('Policy contains a statement with an invalid Effect.');
    if (st.Principal === undefined && st.NotPrincipal === undefined) {
      throw malformed('Policy contains a statement with no principal.');
    }
    if (st.Action === undefined && st.NotAction === undefined)
      throw malformed('Policy contains a statement with no action.');
  }
  if (bypassLockoutCheck) return;
  const allows = list.some((s) => {
    const st = s as Record<string, unknown>;
    return (
      st.Effect === 'Allow' &&
      principalCovers(st.Principal, caller) &&
      actionCovers(st.Action, 'kms:PutKeyPolicy') &&
      st.Condition === undefined
    );
  });
  if (!allows) {
    throw malformed('The new key policy will not allow you to update the key policy in the future.');
  }
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function principalCovers(principal: unknown, caller: CallerIdentity): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = asList((principal as Record<string, unknown>).AWS);
  const root = `arn:${caller.partition}:iam::${caller.accountId}:root`;
  const issuer = caller.session?.issuer?.arn;
  return aws.some((p) => p === '*' || p === root || p === caller.accountId || p === caller.arn || p === issuer);
}

function actionCovers(action: unknown, wanted: string): boolean {
  // A linear matcher: a regular expression built from the policy's wildcards backtracks exponentially on `*?*?…`.
  return asList(action).some((a) => wildcardMatch(a, wanted, true));
}
