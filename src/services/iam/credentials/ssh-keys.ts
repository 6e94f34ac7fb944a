// SSH public keys for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey (SSH or PEM), ListSSHPublicKeys,
// UpdateSSHPublicKey and DeleteSSHPublicKey; at most five per user, each key once per user.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, SSHPublicKey, SSHPublicKeyMetadata, statusType } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { epochToDate, pageOf } from '../common.js';
import { duplicateSshKey, quotaExceeded, sshKeyNotFound } from '../errors.js';
import { mutateIam } from '../mutate.js';
import type { IamSshPublicKeysTable, IamUsersTable } from '../tables.js';
import { newSshPublicKeyId } from './credential-ids.js';
import { lockOwner, resolveUser } from './owner.js';
import { encodeSshKey, parseSshPublicKey } from './ssh-key-format.js';
import { assertSettableStatus } from './status.js';

type H = Handlers<IAMOperations>;
type Db = Kysely<Database>;

/** IAM's quota: five SSH public keys per user. */
export const SSH_PUBLIC_KEYS_PER_USER = 5;

/** The user's keys by key id, the order IAM lists them in. */
function keysOf(db: Db, accountId: string, user: IamUsersTable): Promise<IamSshPublicKeysTable[]> {
  return accountScope(db, accountId)
    .selectFrom('iam_ssh_public_keys')
    .selectAll()
    .where('user_id', '=', user.user_id)
    .orderBy('ssh_public_key_id')
    .execute();
}

/** The key when it is this user's: another user's key (or another account's) answers the same NoSuchEntity. */
async function requireKey(db: Db, accountId: string, user: IamUsersTable, keyId: string) {
  const key = await accountScope(db, accountId)
    .selectFrom('iam_ssh_public_keys')
    .selectAll()
    .where('ssh_public_key_id', '=', keyId)
    .where('user_id', '=', user.user_id)
    .executeTakeFirst();
  if (!key) throw sshKeyNotFound(keyId);
  return key;
}

function keyView(user: IamUsersTable, key: IamSshPublicKeysTable, body: string): SSHPublicKey {
  return {
    UserName: user.user_name,
    SSHPublicKeyId: key.ssh_public_key_id,
    Fingerprint: key.fingerprint,
    SSHPublicKeyBody: body,
    Status: key.status as statusType,
    UploadDate: epochToDate(Number(key.uploaded_at)),
  };
}

export const uploadSSHPublicKey: NonNullable<H['UploadSSHPublicKey']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
  const upload = async (trx: Db) => {
    const user = await resolveUser(ctx, trx, input.UserName);
    await lockOwner(trx, accountId, { kind: 'user', user });
    const keys = await keysOf(trx, accountId, user);
    if (keys.some((k) => k.fingerprint === parsed.fingerprint)) throw duplicateSshKey();
    if (keys.length >= SSH_PUBLIC_KEYS_PER_USER) throw quotaExceeded('SSHPublicKeysPerUser', SSH_PUBLIC_KEYS_PER_USER);
    const row: IamSshPublicKeysTable = {
      account_id: accountId,
      ssh_public_key_id: newSshPublicKeyId(),
      user_id: user.user_id,
      body: input.SSHPublicKeyBody,
      ssh_blob: parsed.blob.toString('base64'),
      fingerprint: parsed.fingerprint,
      status: 'Active',
      uploaded_at: ctx.receivedAt.getTime(),
    };
    await trx.insertInto('iam_ssh_public_keys').values(row).execute();
    return keyView(user, row, row.body);
  };
  try {
    return { SSHPublicKey: await mutateIam(ctx, upload) };
  } catch (err) {
    // The same key uploaded twice at once: the unique index lets one in.
    if (isUniqueViolation(err)) throw duplicateSshKey();
    throw err;
  }
};

export const getSSHPublicKey: NonNullable<H['GetSSHPublicKey']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const user = await resolveUser(ctx, db, input.UserName);
  const key = await requireKey(db, ctx.identity.accountId, user, input.SSHPublicKeyId);
  const body = encodeSshKey(Buffer.from(key.ssh_blob, 'base64'), input.Encoding);
  return { SSHPublicKey: keyView(user, key, body) };
};

export const listSSHPublicKeys: NonNullable<H['ListSSHPublicKeys']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const user = await resolveUser(ctx, db, input.UserName);
  const keys = await keysOf(db, ctx.identity.accountId, user);
  const items = keys.map((k): SSHPublicKeyMetadata => ({
    UserName: user.user_name,
    SSHPublicKeyId: k.ssh_public_key_id,
    Status: k.status as statusType,
    UploadDate: epochToDate(Number(k.uploaded_at)),
  }));
  return pageOf(ctx, 'SSHPublicKeys', items, input);
};

export const updateSSHPublicKey: NonNullable<H['UpdateSSHPublicKey']> = async (ctx, input) => {
  assertSettableStatus(input.Status);
  const status = input.Status;
  await mutateIam(ctx, async (trx) => {
    const user = await resolveUser(ctx, trx, input.UserName);
    const key = await requireKey(trx, ctx.identity.accountId, user, input.SSHPublicKeyId);
    await trx
      .updateTable('iam_ssh_public_keys')
      .set({ status })
      .where('ssh_public_key_id', '=', key.ssh_public_key_id)
      .execute();
  });
};

export const deleteSSHPublicKey: NonNullable<H['DeleteSSHPublicKey']> = async (ctx, input) => {
  await mutateIam(ctx, async (trx) => {
    const user = await resolveUser(ctx, trx, input.UserName);
    const key = await requireKey(trx, ctx.identity.accountId, user, input.SSHPublicKeyId);
    await trx.deleteFrom('iam_ssh_public_keys').where('ssh_public_key_id', '=', key.ssh_public_key_id).execute();
  });
};
