// Access keys: CreateAccessKey (the secret shown once, stored wrapped), UpdateAccessKey, DeleteAccessKey,
// ListAccessKeys and GetAccessKeyLastUsed, for IAM users and the root user, at most two keys each.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { AccessKey, AccessKeyMetadata, IAMOperations } from '../../../aws/generated/iam.js';
import { newAccessKeyId, newSecretAccessKey } from '../../../aws/ids.js';
import { findAccessKey, insertAccessKey } from '../../../auth/access-keys.js';
import type { AccessKeysTable, Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { epochToDate, pageOf } from '../common.js';
import { accessKeyNotFound, quotaExceeded, validationError } from '../errors.js';
import { lockOwner, resolveOwner, type CredentialOwner } from './owner.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** IAM's quota: two access keys per user, the root user included. */
export const ACCESS_KEYS_PER_USER = 2;

/** The owner's keys, oldest first. Root keys are the account's keys with no user name. */
async function keysOf(db: Db, accountId: string, owner: CredentialOwner): Promise<AccessKeysTable[]> {
  let q = accountScope(db, accountId).selectFrom('access_keys').selectAll();
  q = owner.kind === 'root' ? q.where('user_name', 'is', null) : q.where('principal_id', '=', owner.user.user_id);
  return q.orderBy('created_at').orderBy('access_key_id').execute();
}

function ownedBy(key: AccessKeysTable, accountId: string, owner: CredentialOwner): boolean {
  if (key.account_id !== accountId) return false;
  return owner.kind === 'root' ? key.user_name === null : key.principal_id === owner.user.user_id;
}

/**
 * The key, when it belongs to the owner the call names (or implies): a key of another user, another account or
 * nobody answers the same NoSuchEntity, so key ids of others cannot be probed.
 */
async function requireOwnedKey(ctx: RequestContext, db: Db, accessKeyId: string, userName: string | undefined) {
  const accountId = ctx.identity.accountId;
  const owner = await resolveOwner(ctx, db, userName, true);
  const key = await findAccessKey(db, accessKeyId);
  if (!key || !ownedBy(key, accountId, owner)) throw accessKeyNotFound(accessKeyId);
  return key;
}

function metadata(key: AccessKeysTable): AccessKeyMetadata {
  return {
    ...(key.user_name !== null ? { UserName: key.user_name } : {}),
    AccessKeyId: key.access_key_id,
    Status: key.status as AccessKeyMetadata['Status'],
    CreateDate: epochToDate(key.created_at),
  };
}

/** UpdateAccessKey turns keys on and off; Expired belongs to other credential kinds and is refused as AWS does. */
function assertSettableStatus(status: string): asserts status is 'Active' | 'Inactive' {
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [Active, Inactive]',
    );
  }
}

export const createAccessKey: NonNullable<H['CreateAccessKey']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const accessKeyId = newAccessKeyId('AKIA');
  const secretAccessKey = newSecretAccessKey();
  const createdAt = ctx.receivedAt.getTime();
  const owner = await mutateIam(ctx, async (trx) => {
    const found = await resolveOwner(ctx, trx, input.UserName, true);
    await lockOwner(trx, accountId, found);
    if ((await keysOf(trx, accountId, found)).length >= ACCESS_KEYS_PER_USER) {
      throw quotaExceeded('AccessKeysPerUser', ACCESS_KEYS_PER_USER);
    }
    await insertAccessKey(trx, ctx.runtime.secrets, {
      accessKeyId,
      secretAccessKey,
      accountId,
      userName: found.kind === 'user' ? found.user.user_name : null,
      principalId: found.kind === 'user' ? found.user.user_id : accountId,
      createdAt,
    });
    return found;
  });
  // The only time the secret leaves the server; the audit pipeline redacts it (the model marks it sensitive).
  const key = {
    ...(owner.kind === 'user' ? { UserName: owner.user.user_name } : {}),
    AccessKeyId: accessKeyId,
    Status: 'Active',
    SecretAccessKey: secretAccessKey,
    CreateDate: epochToDate(createdAt),
  } as AccessKey;
  return { AccessKey: key };
};

export const updateAccessKey: NonNullable<H['UpdateAccessKey']> = async (ctx, input) => {
  assertSettableStatus(input.Status);
  const status = input.Status;
  await mutateIam(ctx, async (trx) => {
    const key = await requireOwnedKey(ctx, trx, input.AccessKeyId, input.UserName);
    await trx.updateTable('access_keys').set({ status }).where('access_key_id', '=', key.access_key_id).execute();
  });
};

export const deleteAccessKey: NonNullable<H['DeleteAccessKey']> = async (ctx, input) => {
  await mutateIam(ctx, async (trx) => {
    const key = await requireOwnedKey(ctx, trx, input.AccessKeyId, input.UserName);
    await trx.deleteFrom('access_keys').where('access_key_id', '=', key.access_key_id).execute();
  });
};

export const listAccessKeys: NonNullable<H['ListAccessKeys']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const owner = await resolveOwner(ctx, db, input.UserName, true);
  const keys = await keysOf(db, ctx.identity.accountId, owner);
  return pageOf(ctx, 'AccessKeyMetadata', keys.map(metadata), input);
};

export const getAccessKeyLastUsed: NonNullable<H['GetAccessKeyLastUsed']> = async (ctx, input) => {
  const key = await findAccessKey(ctx.runtime.store.db, input.AccessKeyId);
  if (!key || key.account_id !== ctx.identity.accountId) throw accessKeyNotFound(input.AccessKeyId);
  return {
    ...(key.user_name !== null ? { UserName: key.user_name } : {}),
    // Never used: IAM answers "N/A" for the service and region and leaves the date out.
    AccessKeyLastUsed:
      key.last_used_at === null
        ? { ServiceName: 'N/A', Region: 'N/A' }
        : {
            LastUsedDate: epochToDate(key.last_used_at),
            ServiceName: key.last_used_service ?? 'N/A',
            Region: key.last_used_region ?? 'N/A',
          },
  };
};
