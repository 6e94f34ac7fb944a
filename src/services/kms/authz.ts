// What the authorization layer needs from KMS: a key's ARN and policy, whether a grant allows a call, and the
// kms:* condition keys of a request.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { CallerIdentity } from '../../aws/identity.js';
import type { GrantConstraints } from '../../aws/generated/kms.js';
import { AwsError } from '../../aws/error.js';
import { keyArn, resolveKey, type KeyRow } from './keys.js';
import { readBlobHeader } from './ciphertext.js';
import { reusableQuery } from '../../store/reusable-query.js';
import { constraintsApply, constraintsHold, granteeMatches, narrowsGrant, type ChildGrant } from './grants.js';

/** What authorizing a request on a key reads of it. */
export interface KeyFacts {
  readonly keyId: string;
  readonly keyArn: string;
  readonly keyAccountId: string;
  readonly region: string;
  readonly policy: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly origin: string;
  readonly multiRegion: boolean;
  /** kms:MultiRegionKeyType, of a multi-Region key only. */
  readonly multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
}

/** What a key's condition keys read besides the key itself: its tags and the aliases pointing to it. */
export interface KeyLabels {
  /** aws:ResourceTag/<key>. */
  readonly tags: Readonly<Record<string, string>>;
  /** kms:ResourceAliases: `alias/<name>` of every alias of the key (in its account and Region). */
  readonly aliases: readonly string[];
}

// Read by the authorization of every request on a key: built once (see src/store/reusable-query.ts).
const keyTagsQuery = reusableQuery(2, (db: Kysely<Database>, keyId: string, region: string) =>
  // A multi-Region key's replicas share its id and have tags of their own.
  db.selectFrom('kms_tags').select(['tag_key', 'tag_value']).where('key_id', '=', keyId).where('region', '=', region),
);

const keyAliasesQuery = reusableQuery(3, (db: Kysely<Database>, keyId: string, accountId: string, region: string) =>
  db
    .selectFrom('kms_aliases')
    .select('alias_name')
    .where('key_id', '=', keyId)
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .orderBy('alias_name'),
);

const keyOwnerQuery = reusableQuery(2, (db: Kysely<Database>, keyId: string, region: string) =>
  db.selectFrom('kms_keys').select('account_id').where('key_id', '=', keyId).where('region', '=', region),
);

/** The key's tags and aliases (for aws:ResourceTag/* and kms:ResourceAliases), read together. */
export async function keyLabels(db: Kysely<Database>, key: KeyFacts): Promise<KeyLabels> {
  const [tags, aliases] = await Promise.all([
    keyTagsQuery.execute(db, key.keyId, key.region),
    keyAliasesQuery.execute(db, key.keyId, key.keyAccountId, key.region),
  ]);
  return {
    tags: Object.fromEntries(tags.map((t) => [t.tag_key, t.tag_value])),
    aliases: aliases.map((a) => a.alias_name),
  };
}

/**
 * The key's ARN and policy for a request, resolving aliases; undefined when the key does not exist (the handler then
 * answers NotFound). resolved is told of the key's row (for the request's handler, see request-keys.ts).
 */
export async function keyPolicyFor(
  db: Kysely<Database>,
  accountIdOfCaller: string,
  keyIdInput: string,
  region: string,
  partition: string,
  resolved?: (row: KeyRow) => void,
): Promise<KeyFacts | undefined> {
  try {
    const key = await resolveKey(db, { accountId: accountIdOfCaller, region, partition }, keyIdInput, {
      allowAlias: true,
      allowCrossAccount: true,
    });
    resolved?.(key);
    return {
      keyId: key.key_id,
      keyArn: key.arn,
      keyAccountId: key.account_id,
      region: key.region,
      policy: key.policy,
      keySpec: key.key_spec,
      keyUsage: key.key_usage,
      origin: key.origin,
      multiRegion: key.multi_region === 1,
      ...(key.multi_region === 1
        ? { multiRegionKeyType: key.primary_region === key.region ? ('PRIMARY' as const) : ('REPLICA' as const) }
        : {}),
    };
  } catch (err) {
    if (err instanceof AwsError && err.code === 'NotFoundException') return undefined;
    throw err;
  }
}

/**
 * The ARN of the key a symmetric ciphertext blob names (Decrypt and ReEncrypt without a KeyId), for keyPolicyFor;
 * undefined when the blob is not one of Warden's or its key does not exist in this region.
 */
export async function keyArnOfCiphertext(
  db: Kysely<Database>,
  blob: Uint8Array,
  region: string,
  partition: string,
): Promise<string | undefined> {
  const header = readBlobHeader(blob);
  if (!header) return undefined;
  const owner = await keyOwnerQuery.executeTakeFirst(db, header.keyId, region);
  return owner ? keyArn(partition, region, owner.account_id, header.keyId) : undefined;
}

/**
 * The id of an active grant on keyArn that lets `grantee` (principal ARN) perform `operation` with this encryption
 * context (constraints checked where they apply), or undefined when none does. For CreateGrant, `child` is the grant
 * asked for: a grant only lets its grantee create grants narrower than itself (see narrowsGrant); without `child` no
 * grant allows CreateGrant. Grants take effect at once in Warden, so grant tokens are accepted but never needed.
 */
export async function allowingGrant(
  db: Kysely<Database>,
  keyArn: string,
  granteeArn: string,
  operation: string,
  encryptionContext: Record<string, string> | undefined,
  _grantTokens?: string[],
  child?: ChildGrant,
): Promise<string | undefined> {
  const grants = await db.selectFrom('kms_grants').selectAll().where('key_arn', '=', keyArn).execute();
  const found = grants.find((g) => {
    if (!granteeMatches(g.grantee_principal, granteeArn)) return false;
    const operations = JSON.parse(g.operations) as string[];
    if (!operations.includes(operation)) return false;
    const constraints: GrantConstraints | null = g.constraints === null ? null : JSON.parse(g.constraints);
    if (operation === 'CreateGrant') return child !== undefined && narrowsGrant(operations, constraints, child);
    return !constraintsApply(operation) || constraintsHold(constraints, encryptionContext);
  });
  return found?.grant_id;
}

/** Whether an active grant allows the call ({@link allowingGrant}). */
export async function grantAllows(
  db: Kysely<Database>,
  keyArn: string,
  granteeArn: string,
  operation: string,
  encryptionContext: Record<string, string> | undefined,
  grantTokens?: string[],
  child?: ChildGrant,
): Promise<boolean> {
  return (await allowingGrant(db, keyArn, granteeArn, operation, encryptionContext, grantTokens, child)) !== undefined;
}

const ENCRYPTION_OPERATIONS = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

/** kms:* condition keys for the request, as AWS documents them for each operation. */
export function kmsConditionKeys(
  operation: string,
  input: any,
  key: {
    keySpec: string;
    keyUsage: string;
    origin?: string;
    multiRegion?: boolean;
    multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  },
  caller: CallerIdentity,
  labels?: KeyLabels,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    'kms:CallerAccount': caller.accountId,
    'kms:KeySpec': key.keySpec,
    'kms:KeyUsage': key.keyUsage,
    'kms:CustomerMasterKeySpec': key.keySpec,
    'kms:CustomerMasterKeyUsage': key.keyUsage,
  };
  if (key.origin !== undefined) out['kms:KeyOrigin'] = key.origin;
  if (key.multiRegion !== undefined) out['kms:MultiRegion'] = String(key.multiRegion);
  if (key.multiRegionKeyType !== undefined) out['kms:MultiRegionKeyType'] = key.multiRegionKeyType;
  // The key's own tags and aliases (KMS Developer Guide, "ABAC for AWS KMS"): absent when it has none.
  for (const [k, v] of Object.entries(labels?.tags ?? {})) out[`aws:ResourceTag/${k}`] = v;
  if (labels !== undefined && labels.aliases.length > 0) out['kms:ResourceAliases'] = [...labels.aliases];
  const i = input ?? {};

  const context: Record<string, string> | undefined =
    operation === 'ReEncrypt'
      ? { ...i.SourceEncryptionContext, ...i.DestinationEncryptionContext }
      : i.EncryptionContext;
  if (context && Object.keys(context).length > 0) {
    for (const [k, v] of Object.entries(context)) out[`kms:EncryptionContext:${k}`] = v;
    out['kms:EncryptionContextKeys'] = Object.keys(context);
  }
  if (ENCRYPTION_OPERATIONS.has(operation)) {
    const algorithm = operation === 'ReEncrypt' ? i.DestinationEncryptionAlgorithm : i.EncryptionAlgorithm;
    out['kms:EncryptionAlgorithm'] = algorithm ?? 'SYMMETRIC_DEFAULT';
  }
  if (operation === 'ReEncrypt' && typeof i.SourceKeyId === 'string') {
    out['kms:ReEncryptOnSameKey'] = String(i.SourceKeyId === i.DestinationKeyId);
  }
  if (i.SigningAlgorithm !== undefined) out['kms:SigningAlgorithm'] = i.SigningAlgorithm;
  if (operation === 'Sign' || operation === 'Verify') out['kms:MessageType'] = i.MessageType ?? 'RAW';
  if (i.MacAlgorithm !== undefined) out['kms:MacAlgorithm'] = i.MacAlgorithm;
  if (i.KeyPairSpec !== undefined) out['kms:DataKeyPairSpec'] = i.KeyPairSpec;
  if (operation === 'DeriveSharedSecret' && i.KeyAgreementAlgorithm !== undefined) {
    out['kms:KeyAgreementAlgorithm'] = i.KeyAgreementAlgorithm;
  }
  if (operation === 'ReplicateKey' && i.ReplicaRegion !== undefined) out['kms:ReplicaRegion'] = i.ReplicaRegion;
  if (operation === 'UpdatePrimaryRegion' && i.PrimaryRegion !== undefined) out['kms:PrimaryRegion'] = i.PrimaryRegion;
  if (operation === 'CreateGrant') {
    out['kms:GrantOperations'] = i.Operations ?? [];
    if (i.GranteePrincipal !== undefined) out['kms:GranteePrincipal'] = i.GranteePrincipal;
    if (i.RetiringPrincipal !== undefined) out['kms:RetiringPrincipal'] = i.RetiringPrincipal;
    const constraints = i.Constraints ?? {};
    const types = ['EncryptionContextEquals', 'EncryptionContextSubset'].filter((t) => constraints[t] !== undefined);
    if (types.length > 0) out['kms:GrantConstraintType'] = types;
    const grantContext = { ...constraints.EncryptionContextSubset, ...constraints.EncryptionContextEquals };
    for (const [k, v] of Object.entries(grantContext)) out[`kms:EncryptionContext:${k}`] = v as string;
    if (Object.keys(grantContext).length > 0) out['kms:EncryptionContextKeys'] = Object.keys(grantContext);
    out['kms:GrantIsForAWSResource'] = 'false';
  }
  const keyIdInput: unknown = i.KeyId ?? i.DestinationKeyId;
  if (typeof keyIdInput === 'string') {
    const alias = /^(?:arn:[^:]+:kms:[^:]*:\d{12}:)?(alias\/.+)$/.exec(keyIdInput);
    if (alias) out['kms:RequestAlias'] = alias[1];
  }
  if (i.BypassPolicyLockoutSafetyCheck !== undefined) {
    out['kms:BypassPolicyLockoutSafetyCheck'] = String(i.BypassPolicyLockoutSafetyCheck);
  }
  if (operation === 'EnableKeyRotation') out['kms:RotationPeriodInDays'] = String(i.RotationPeriodInDays ?? 365);
  if (operation === 'ScheduleKeyDeletion') {
    out['kms:ScheduleKeyDeletionPendingWindowInDays'] = String(i.PendingWindowInDays ?? 30);
  }
  if (operation === 'GetParametersForImport') {
    if (i.WrappingAlgorithm !== undefined) out['kms:WrappingAlgorithm'] = i.WrappingAlgorithm;
    if (i.WrappingKeySpec !== undefined) out['kms:WrappingKeySpec'] = i.WrappingKeySpec;
  }
  if (operation === 'ImportKeyMaterial') {
    out['kms:ExpirationModel'] =
      i.ExpirationModel ?? (i.ValidTo !== undefined ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE');
    if (i.ValidTo !== undefined) out['kms:ValidTo'] = String(Math.floor(new Date(i.ValidTo).getTime() / 1000));
  }
  if (operation === 'CreateAlias' || operation === 'UpdateAlias' || operation === 'DeleteAlias') {
    if (i.AliasName !== undefined) out['kms:RequestAlias'] = i.AliasName;
  }
  return out;
}
