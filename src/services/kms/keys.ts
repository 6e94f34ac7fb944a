// Finding a key from any identifier AWS accepts, checking its state, and showing it as KeyMetadata.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { KeyMetadata } from '../../aws/generated/kms.js';
import type { KmsKeysTable } from './tables.js';
import { algorithmsFor } from './specs.js';
import { invalidKeyId, invalidState, keyNotFound, kmsError, notFound } from './errors.js';
import { accountScope } from '../../store/account-scope.js';
import { reusableQuery } from '../../store/reusable-query.js';

export type KeyRow = KmsKeysTable;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MRK = /^mrk-[0-9a-f]{32}$/;
const KEY_ARN = /^arn:([^:]+):kms:([^:]*):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:([^:]+):kms:([^:]*):(\d{12}):(alias\/.+)$/;

export function isKeyId(id: string): boolean {
  return UUID.test(id) || MRK.test(id);
}

export function keyArn(partition: string, region: string, accountId: string, keyId: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`;
}

export function aliasArn(partition: string, region: string, accountId: string, aliasName: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:${aliasName}`;
}

export interface Where {
  accountId: string;
  region: string;
  partition: string;
}

export interface ResolveOptions {
  /** Whether an alias name or alias ARN identifies the key for this operation. */
  allowAlias?: boolean;
  /** Whether a key ARN in another account is acceptable (cryptographic operations, DescribeKey, grants). */
  allowCrossAccount?: boolean;
}

/** A key by account, id and Region; built once, as every call on a key reads it (authorization, then its handler). */
const keyRowQuery = reusableQuery(3, (db: Kysely<Database>, accountId: string, keyId: string, region: string) =>
  accountScope(db, accountId)
    .selectFrom('kms_keys')
    .selectAll()
    .where('key_id', '=', keyId)
    .where('region', '=', region),
);

/**
 * The key a KeyId parameter names: key id, key ARN, or (where allowed) alias name or alias ARN. Keys whose deletion
 * window has ended are deleted here first, so they are gone the moment the window closes.
 */
export async function resolveKey(
  db: Kysely<Database>,
  where: Where,
  input: string,
  opts: ResolveOptions = {},
): Promise<KeyRow> {
  let accountId = where.accountId;
  let keyId: string;
  const keyArnMatch = KEY_ARN.exec(input);
  const aliasArnMatch = ALIAS_ARN.exec(input);
  if (keyArnMatch) {
    const [, , region, account, id] = keyArnMatch;
    if (region !== where.region) throw notFound(`Invalid arn ${region}`);
    if (account !== where.accountId && !opts.allowCrossAccount) throw invalidKeyId(input);
    if (!isKeyId(id)) throw invalidKeyId(input);
    accountId = account;
    keyId = id;
  } else if (opts.allowAlias && (input.startsWith('alias/') || aliasArnMatch)) {
    let aliasName = input;
    if (aliasArnMatch) {
      const [, , region, account, name] = aliasArnMatch;
      if (region !== where.region) throw notFound(`Invalid arn ${region}`);
      if (account !== where.accountId && !opts.allowCrossAccount) throw invalidKeyId(input);
      accountId = account;
      aliasName = name;
    }
    const alias = await accountScope(db, accountId)
      .selectFrom('kms_aliases')
      .select('key_id')
      .where('region', '=', where.region)
      .where('alias_name', '=', aliasName)
      .executeTakeFirst();
    if (!alias) throw notFound(`Alias ${aliasArn(where.partition, where.region, accountId, aliasName)} is not found.`);
    keyId = alias.key_id;
  } else if (isKeyId(input)) {
    keyId = input;
  } else {
    throw invalidKeyId(input);
  }
  const arn = keyArn(where.partition, where.region, accountId, keyId);
  // The caller's account, or the ARN's where the operation accepts another account's key (its key policy decides).
  const row = await keyRowQuery.executeTakeFirst(db, accountId, keyId, where.region);
  if (!row) throw keyNotFound(arn);
  const now = Date.now();
  if (await deleteIfDue(db, row, now)) throw keyNotFound(arn);
  return expireMaterialIfDue(db, row, now);
}

/** Imported material with a ValidTo date is deleted when that date passes; the key then waits for new material. */
async function expireMaterialIfDue(db: Kysely<Database>, row: KeyRow, now: number): Promise<KeyRow> {
  if (row.expiration_model !== 'KEY_MATERIAL_EXPIRES' || row.valid_to === null || row.valid_to > now) return row;
  await db.updateTable('kms_key_materials').set({ material_wrapped: '' }).where('key_id', '=', row.key_id).execute();
  const keyState = row.key_state === 'PendingDeletion' ? row.key_state : 'PendingImport';
  await db
    .updateTable('kms_keys')
    .set({ key_state: keyState, expiration_model: null, valid_to: null })
    .where('key_id', '=', row.key_id)
    .execute();
  return { ...row, key_state: keyState, expiration_model: null, valid_to: null };
}

/** Whether the key's current material exists (imported material may have been deleted or may have expired). */
export async function hasCurrentMaterial(db: Kysely<Database>, row: KeyRow): Promise<boolean> {
  if (row.current_version === null) return false;
  const m = await db
    .selectFrom('kms_key_materials')
    .select('material_wrapped')
    .where('key_id', '=', row.key_id)
    .where('version', '=', row.current_version)
    .executeTakeFirst();
  return m !== undefined && m.material_wrapped !== '';
}

/** Deletes a key (and everything hanging off it) whose deletion window has passed; true when it did. */
export async function deleteIfDue(db: Kysely<Database>, row: KeyRow, now: number): Promise<boolean> {
  if (row.key_state !== 'PendingDeletion' || row.deletion_at === null || row.deletion_at > now) return false;
  await purgeKey(db, row, now);
  return true;
}

/** Deletes every key in the account and region whose deletion window has passed. */
export async function sweepDueKeys(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  now: number,
): Promise<void> {
  const due = await accountScope(db, accountId)
    .selectFrom('kms_keys')
    .selectAll()
    .where('region', '=', region)
    .where('key_state', '=', 'PendingDeletion')
    .where('deletion_at', '<=', now)
    .execute();
  for (const row of due) await purgeKey(db, row, now);
}

/**
 * Deletes the key in its region with its aliases, tags, grants and usage record. The material (shared by a
 * multi-Region key's regions) goes with the last of them; a primary waiting in PendingReplicaDeletion for this, its
 * last replica, starts its own waiting period now (ScheduleKeyDeletion's documented behaviour).
 */
async function purgeKey(db: Kysely<Database>, row: KeyRow, now: number): Promise<void> {
  const { key_id: keyId, region } = row;
  await db.deleteFrom('kms_aliases').where('key_id', '=', keyId).where('region', '=', region).execute();
  await db.deleteFrom('kms_tags').where('key_id', '=', keyId).where('region', '=', region).execute();
  await db.deleteFrom('kms_grants').where('key_arn', '=', row.arn).execute();
  await db.deleteFrom('kms_key_last_usage').where('key_id', '=', keyId).where('region', '=', region).execute();
  await db.deleteFrom('kms_keys').where('key_id', '=', keyId).where('region', '=', region).execute();
  const others = await db.selectFrom('kms_keys').selectAll().where('key_id', '=', keyId).execute();
  if (others.length === 0) {
    await db.deleteFrom('kms_key_materials').where('key_id', '=', keyId).execute();
    await db.deleteFrom('kms_import_tokens').where('key_id', '=', keyId).execute();
    return;
  }
  const primary = others.find((k) => k.region === k.primary_region);
  if (primary?.key_state === 'PendingReplicaDeletion' && others.length === 1) {
    await db
      .updateTable('kms_keys')
      .set({ key_state: 'PendingDeletion', deletion_at: now + (primary.pending_window_days ?? 30) * DAY_MS })
      .where('key_id', '=', keyId)
      .where('region', '=', primary.region)
      .execute();
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The KMSInvalidStateException / DisabledException a key in this state answers to an operation needing it usable. */
export function requireUsable(row: KeyRow): void {
  switch (row.key_state) {
    case 'Enabled':
      return;
    case 'Disabled':
      throw kmsError('DisabledException', `${row.arn} is disabled.`);
    default:
      throw stateError(row);
  }
}

/** For management operations: anything but a key pending deletion. */
export function requireNotPendingDeletion(row: KeyRow): void {
  if (row.key_state === 'PendingDeletion' || row.key_state === 'PendingReplicaDeletion') throw stateError(row);
}

export function stateError(row: KeyRow) {
  const words: Record<string, string> = {
    PendingDeletion: 'pending deletion',
    PendingReplicaDeletion: 'pending replica deletion',
    PendingImport: 'pending import',
    Disabled: 'disabled',
    Enabled: 'enabled',
  };
  return invalidState(`${row.arn} is ${words[row.key_state] ?? row.key_state}.`);
}

/** Whether the row is a multi-Region replica (not its set's primary). */
export function isReplica(row: KeyRow): boolean {
  return row.multi_region === 1 && row.primary_region !== row.region;
}

/**
 * KeyMetadata exactly as DescribeKey shows it. `related` are every region's key of a multi-Region key (this one
 * included), for its MultiRegionConfiguration; without them the key is shown as the only one of its set.
 */
export function keyMetadata(row: KeyRow, currentMaterialId?: string, related: readonly KeyRow[] = [row]): KeyMetadata {
  const meta: KeyMetadata = {
    AWSAccountId: row.account_id,
    KeyId: row.key_id,
    Arn: row.arn,
    CreationDate: new Date(row.created_at),
    Enabled: row.key_state === 'Enabled',
    Description: row.description,
    KeyUsage: row.key_usage as KeyMetadata['KeyUsage'],
    KeyState: row.key_state as KeyMetadata['KeyState'],
    Origin: row.origin as KeyMetadata['Origin'],
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: row.key_spec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: row.key_spec as KeyMetadata['KeySpec'],
    ...(algorithmsFor(row.key_spec, row.key_usage) as Partial<KeyMetadata>),
    MultiRegion: row.multi_region === 1,
  };
  if (row.key_state === 'PendingDeletion' && row.deletion_at !== null) meta.DeletionDate = new Date(row.deletion_at);
  if (row.expiration_model !== null) meta.ExpirationModel = row.expiration_model as KeyMetadata['ExpirationModel'];
  if (row.valid_to !== null) meta.ValidTo = new Date(row.valid_to);
  if (row.key_state === 'PendingReplicaDeletion' && row.pending_window_days !== null) {
    meta.PendingDeletionWindowInDays = row.pending_window_days;
  }
  if (row.multi_region === 1) {
    const primaryRegion = row.primary_region ?? row.region;
    const primaryArn = row.arn.replace(`:kms:${row.region}:`, `:kms:${primaryRegion}:`);
    meta.MultiRegionConfiguration = {
      MultiRegionKeyType: isReplica(row) ? 'REPLICA' : 'PRIMARY',
      PrimaryKey: { Arn: primaryArn, Region: primaryRegion },
      ReplicaKeys: related
        .filter((k) => k.region !== primaryRegion)
        .sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0))
        .map((k) => ({ Arn: k.arn, Region: k.region })),
    };
  }
  if (row.key_spec === 'SYMMETRIC_DEFAULT' && currentMaterialId !== undefined)
    meta.CurrentKeyMaterialId = currentMaterialId;
  return meta;
}
