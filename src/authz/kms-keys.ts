// KMS requests decided as KMS does: each key resolved (aliases and ciphertext blobs to the key's ARN), its key
// policy taking part as the resource policy, its kms:* condition keys added, and grants allowing what policy did not.
import type { CallerIdentity } from '../aws/identity.js';
import type { RequestContext } from '../services/types.js';
import { grantAllows, keyArnOfCiphertext, keyPolicyFor, kmsConditionKeys } from '../services/kms/authz.js';
import type { ResolvedCheck, ResolvedResource } from './resolve-resources.js';

const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//;

/** The input member naming the key each action is checked on (KeyId unless listed). */
const KEY_MEMBER: Readonly<Record<string, string>> = {
  'kms:ReEncryptFrom': 'SourceKeyId',
  'kms:ReEncryptTo': 'DestinationKeyId',
  'kms:CreateAlias': 'TargetKeyId',
  'kms:UpdateAlias': 'TargetKeyId',
};

/** Actions that name their key by the ciphertext blob when the input leaves the key out. */
const KEY_FROM_BLOB = new Set(['kms:Decrypt', 'kms:ReEncryptFrom']);

function blobBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && value !== '') return Buffer.from(value, 'base64');
  return undefined;
}

/** The key ARN, or the caller's key id / alias / ARN, that the check names; undefined when the input names none. */
async function keyReference(ctx: RequestContext, input: Readonly<Record<string, unknown>>, action: string) {
  const given = input[KEY_MEMBER[action] ?? 'KeyId'];
  if (typeof given === 'string' && given !== '') return given;
  if (!KEY_FROM_BLOB.has(action)) return undefined;
  const blob = blobBytes(input.CiphertextBlob);
  if (blob === undefined) return undefined;
  return keyArnOfCiphertext(ctx.runtime.store.db, blob, ctx.region, ctx.partition);
}

/** Whether this check of a KMS request is about a key (and so is decided with the key's policy). */
function isKeyCheck(check: ResolvedCheck): boolean {
  return check.action.startsWith('kms:') && check.resources.some((r) => KEY_ARN.test(r.arn));
}

/**
 * Replaces the key resource of every KMS check with the key the request really acts on, carrying its key policy,
 * its account and its kms:* condition keys. A key that does not exist is left out of the decision, so the handler
 * answers NotFoundException as KMS does rather than AccessDenied. One key policy read per key named.
 */
export async function resolveKmsKeys(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  checks: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  if (ctx.service !== 'kms') return [...checks];
  const db = ctx.runtime.store.db;
  const cache = new Map<string, Awaited<ReturnType<typeof keyPolicyFor>>>();
  const out: ResolvedCheck[] = [];
  for (const check of checks) {
    if (!isKeyCheck(check)) {
      out.push(check);
      continue;
    }
    const reference = await keyReference(ctx, input, check.action);
    if (reference === undefined) {
      // Nothing names a key (the handler rejects the request): only the resources that are not keys are decided.
      out.push({ ...check, resources: check.resources.filter((r) => !KEY_ARN.test(r.arn)) });
      continue;
    }
    if (!cache.has(reference)) {
      cache.set(reference, await keyPolicyFor(db, ctx.identity.accountId, reference, ctx.region, ctx.partition));
    }
    const key = cache.get(reference);
    const others = check.resources.filter((r) => !KEY_ARN.test(r.arn));
    if (key === undefined) {
      out.push({ ...check, resources: others });
      continue;
    }
    const resource: ResolvedResource = {
      arn: key.keyArn,
      display: key.keyArn,
      kmsKey: { policy: key.policy, account: key.keyAccountId },
      context: kmsConditionKeys(ctx.operation, input, key, ctx.identity),
    };
    out.push({ ...check, resources: [...others, resource] });
  }
  return out;
}

/** The grant operation an action stands for (`kms:ReEncryptFrom` → `ReEncryptFrom`). */
function grantOperation(action: string): string {
  return action.slice(action.indexOf(':') + 1);
}

function encryptionContextOf(input: Readonly<Record<string, unknown>>, action: string) {
  const member =
    action === 'kms:ReEncryptFrom'
      ? 'SourceEncryptionContext'
      : action === 'kms:ReEncryptTo'
        ? 'DestinationEncryptionContext'
        : 'EncryptionContext';
  const value = input[member];
  return value !== null && typeof value === 'object' ? (value as Record<string, string>) : undefined;
}

/**
 * Whether an active grant lets the caller do what the policies left implicitly denied on this key: a grant for the
 * caller (or, for a role session, its role) including the operation, its constraints met by the request's context.
 */
export async function grantPermits(
  ctx: RequestContext,
  identity: CallerIdentity,
  input: Readonly<Record<string, unknown>>,
  action: string,
  resource: ResolvedResource,
): Promise<boolean> {
  if (resource.kmsKey === undefined) return false;
  const tokens = Array.isArray(input.GrantTokens) ? (input.GrantTokens as string[]) : undefined;
  return grantAllows(
    ctx.runtime.store.db,
    resource.arn,
    identity.arn,
    grantOperation(action),
    encryptionContextOf(input, action),
    tokens,
  );
}
