// KMS requests decided as KMS does (KMS's authorization hooks): each key resolved (aliases and ciphertext blobs to
// the key's ARN), its key policy taking part as the resource policy, its kms:* condition keys added, and grants
// allowing what policy did not.
import type { CallerIdentity } from '../../aws/identity.js';
import type { GrantConstraints } from '../../aws/generated/kms.js';
import type { ResolvedCheck, ResolvedResource } from '../../core/authorization.js';
import type { RequestContext, ServiceAuthorization } from '../../core/runtime.js';
import { currentPolicyEpoch } from '../../authz/policy-epoch.js';
import { principalPolicies } from '../../authz/principal-cache.js';
import type { ChildGrant } from './grants.js';
import { allowingGrant, keyArnOfCiphertext, keyLabels, keyPolicyFor, kmsConditionKeys } from './authz.js';
import { keyArn, type KeyRow } from './keys.js';
import { rememberResolvedKey } from './request-keys.js';

const KEY_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//;

/**
 * The input member naming the key each action is checked on (KeyId unless listed); null when the input names
 * none (DeleteAlias acts only on the alias's current key, below).
 */
const KEY_MEMBER: Readonly<Record<string, string | null>> = {
  'kms:ReEncryptFrom': 'SourceKeyId',
  'kms:ReEncryptTo': 'DestinationKeyId',
  'kms:CreateAlias': 'TargetKeyId',
  'kms:UpdateAlias': 'TargetKeyId',
  'kms:DeleteAlias': null,
};

/**
 * Alias changes that also act on the key the alias points to now. KMS requires the permission "on the alias and on
 * all affected KMS keys" (KMS Developer Guide, "Controlling access to aliases"): UpdateAlias on the alias, the
 * current key and the new key; DeleteAlias on the alias and its current key. Without it, anyone allowed by IAM
 * could move `alias/prod-data` off a key whose policy never admitted them.
 */
const CURRENT_ALIAS_KEY = new Set(['kms:UpdateAlias', 'kms:DeleteAlias']);

/** Actions that name their key by the ciphertext blob when the input leaves the key out. */
const KEY_FROM_BLOB = new Set(['kms:Decrypt', 'kms:ReEncryptFrom']);

function blobBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && value !== '') return Buffer.from(value, 'base64');
  return undefined;
}

/** The key ARN, or the caller's key id / alias / ARN, that the check names; undefined when the input names none. */
async function keyReference(ctx: RequestContext, input: Readonly<Record<string, unknown>>, action: string) {
  const member = KEY_MEMBER[action];
  const given = member === null ? undefined : input[member ?? 'KeyId'];
  if (typeof given === 'string' && given !== '') return given;
  if (!KEY_FROM_BLOB.has(action)) return undefined;
  const blob = blobBytes(input.CiphertextBlob);
  if (blob === undefined) return undefined;
  return keyArnOfCiphertext(ctx.runtime.store.db, blob, ctx.region, ctx.partition);
}

/**
 * Every key the check acts on, as references keyPolicyFor resolves: an alias change's current key (by its alias
 * name, in the caller's account and region, as the handler reads it), then the key the input names.
 */
async function keyReferences(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  action: string,
): Promise<string[]> {
  const references: string[] = [];
  const alias = input.AliasName;
  if (CURRENT_ALIAS_KEY.has(action) && typeof alias === 'string' && alias.startsWith('alias/')) references.push(alias);
  const named = await keyReference(ctx, input, action);
  if (named !== undefined) references.push(named);
  return references;
}

/** Whether this check of a KMS request is about a key (and so is decided with the key's policy). */
function isKeyCheck(check: ResolvedCheck): boolean {
  if (CURRENT_ALIAS_KEY.has(check.action)) return true;
  return check.action.startsWith('kms:') && check.resources.some((r) => KEY_ARN.test(r.arn));
}

/**
 * What ReplicateKey needs in the replica Region besides kms:ReplicateKey on the primary key (ReplicateKey API
 * reference, "Required permissions"): kms:CreateKey, and kms:TagResource when it tags the replica, each "in an IAM
 * policy in the replica Region". The replica has no key policy yet, so only the caller's policies (and its
 * organization's) decide, with aws:RequestedRegion the replica Region: a policy or SCP confining KMS to some Regions
 * confines replicas too.
 */
const IN_REPLICA_REGION = new Set(['kms:CreateKey', 'kms:TagResource']);

async function inReplicaRegion(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  check: ResolvedCheck,
  primary: Awaited<ReturnType<typeof keyPolicyFor>>,
): Promise<ResolvedCheck> {
  const region = input.ReplicaRegion;
  // Validated against the model before authorization (a Region id); never absent here (the check's onlyWhen).
  if (typeof region !== 'string') return check;
  const context = { ...check.context, 'aws:RequestedRegion': region };
  if (check.action === 'kms:CreateKey') return { ...check, context };
  // The replica to be tagged: the primary's key id in the replica Region. No primary, no replica: the handler
  // answers NotFound as KMS does.
  if (primary === undefined) return { ...check, resources: [], context };
  const arn = keyArn(ctx.partition, region, primary.keyAccountId, primary.keyId);
  return { ...check, resources: [{ arn, display: arn, resourcePolicyRequired: false }], context };
}

/**
 * UpdatePrimaryRegion acts on two keys (its API reference, "Required permissions"): kms:UpdatePrimaryRegion on the
 * current primary key and on the replica key that becomes primary, each in its own Region and its own key policy. The
 * replica is the primary's key id in PrimaryRegion, decided with aws:RequestedRegion that Region as ReplicateKey's
 * replica-Region checks are. None when the Region holds no replica (the handler answers NotFound as KMS does).
 */
async function newPrimaryKey(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  primary: NonNullable<Awaited<ReturnType<typeof keyPolicyFor>>>,
): Promise<ResolvedResource | undefined> {
  const region = input.PrimaryRegion;
  if (typeof region !== 'string' || region === primary.region) return undefined;
  const db = ctx.runtime.store.db;
  const replica = await keyPolicyFor(db, primary.keyAccountId, primary.keyId, region, ctx.partition);
  if (replica === undefined || replica.region !== region) return undefined;
  const keys = kmsConditionKeys(ctx.operation, input, replica, ctx.identity, await keyLabels(db, replica));
  return {
    arn: replica.keyArn,
    display: replica.keyArn,
    resourcePolicy: { document: replica.policy, id: `key policy of ${replica.keyArn}`, account: replica.keyAccountId },
    context: { ...keys, 'aws:RequestedRegion': region },
  };
}

/**
 * Replaces the key resource of every KMS check with the key the request really acts on, carrying its key policy,
 * its account and its kms:* condition keys. A key that does not exist is left out of the decision, so the handler
 * answers NotFoundException as KMS does rather than AccessDenied. One key policy read per key named, kept for the
 * request's handler (request-keys.ts).
 */
export async function resolveKmsKeys(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  checks: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  const db = ctx.runtime.store.db;
  const cache = new Map<string, Awaited<ReturnType<typeof keyPolicyFor>>>();
  const out: ResolvedCheck[] = [];
  for (const check of checks) {
    if (ctx.operation === 'ReplicateKey' && IN_REPLICA_REGION.has(check.action)) {
      const keyId = typeof input.KeyId === 'string' ? input.KeyId : '';
      const primary =
        keyId === '' ? undefined : await keyPolicyFor(db, ctx.identity.accountId, keyId, ctx.region, ctx.partition);
      out.push(await inReplicaRegion(ctx, input, check, primary));
      continue;
    }
    if (!isKeyCheck(check)) {
      out.push(check);
      continue;
    }
    const references = await keyReferences(ctx, input, check.action);
    const others = check.resources.filter((r) => !KEY_ARN.test(r.arn));
    // Nothing names a key (the handler rejects the request), or no key named exists (the handler answers
    // NotFound as KMS does): only the resources that are not keys are decided, plus any key that does exist.
    const keys: ResolvedResource[] = [];
    for (const reference of references) {
      if (!cache.has(reference)) {
        // Resolved as the handler resolves it (the caller's account and Region, aliases and other accounts' key
        // ARNs allowed), so the handler takes this row instead of reading the key again.
        const remember = (row: KeyRow) => rememberResolvedKey(ctx, reference, row);
        cache.set(
          reference,
          await keyPolicyFor(db, ctx.identity.accountId, reference, ctx.region, ctx.partition, remember),
        );
      }
      const key = cache.get(reference);
      if (key === undefined || keys.some((k) => k.arn === key.keyArn)) continue;
      keys.push({
        arn: key.keyArn,
        display: key.keyArn,
        resourcePolicy: { document: key.policy, id: `key policy of ${key.keyArn}`, account: key.keyAccountId },
        context: kmsConditionKeys(ctx.operation, input, key, ctx.identity, await keyLabels(db, key)),
      });
      if (check.action === 'kms:UpdatePrimaryRegion') {
        const replica = await newPrimaryKey(ctx, input, key);
        if (replica !== undefined) keys.push(replica);
      }
    }
    out.push({ ...check, resources: [...others, ...keys] });
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
): Promise<boolean | { by: string }> {
  if (resource.resourcePolicy === undefined) return false;
  // A grant names its grantee by ARN; a session whose role or user is gone must not inherit a grant made to a
  // new principal of the same name (the identity store binds callers to their unique id).
  if (identity.type !== 'Root') {
    const db = ctx.runtime.store.db;
    if ((await principalPolicies(ctx.runtime, identity, await currentPolicyEpoch(db, identity))).orphaned) return false;
  }
  const tokens = Array.isArray(input.GrantTokens) ? (input.GrantTokens as string[]) : undefined;
  const grantId = await allowingGrant(
    ctx.runtime.store.db,
    resource.arn,
    identity.arn,
    grantOperation(action),
    encryptionContextOf(input, action),
    tokens,
    action === 'kms:CreateGrant' ? requestedGrant(input) : undefined,
  );
  return grantId === undefined ? false : { by: `grant ${grantId}` };
}

/** The grant a CreateGrant request asks for (its operations and constraints), which a parent grant must cover. */
function requestedGrant(input: Readonly<Record<string, unknown>>): ChildGrant | undefined {
  const operations = input.Operations;
  if (!Array.isArray(operations) || !operations.every((op) => typeof op === 'string')) return undefined;
  const constraints = input.Constraints;
  const given = constraints !== null && typeof constraints === 'object' ? (constraints as GrantConstraints) : null;
  return { operations, constraints: given };
}

/**
 * KMS's hooks: every key a request acts on is decided with its key policy, which binds the account's root user too
 * (a key policy can lock root out of a key), and grants allow what the policies left implicitly denied.
 */
export const kmsAuthorization: ServiceAuthorization = {
  resolveResources: resolveKmsKeys,
  resourcePoliciesBindRoot: true,
  grantAllows: grantPermits,
};
