// Service-specific credentials: CodeCommit Git and Keyspaces passwords, Bedrock and CloudWatch Logs API keys.
// The secret is returned once (Create, Reset) and kept only as a scrypt hash: the services verify it, nobody reads it
// back, so unlike an access key secret (which signs, so must be recoverable) it need not be reversible.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type {
  IAMOperations,
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  statusType,
} from '../../../aws/generated/iam.js';
import { hashPassword } from '../../../auth/passwords.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import { epochToDate, pageOf } from '../common.js';
import { invalidInput, quotaExceeded, serviceCredentialNotFound, serviceNotSupported } from '../errors.js';
import { mutateIam } from '../mutate.js';
import type { IamServiceCredentialsTable, IamUsersTable } from '../tables.js';
import { newServiceCredentialId } from './credential-ids.js';
import { lockOwner, resolveUser } from './owner.js';
import { assertSettableStatus } from './status.js';

type H = Handlers<IAMOperations>;
type Db = Kysely<Database>;

/** IAM's quota: two credentials per user for each service. */
export const SERVICE_CREDENTIALS_PER_SERVICE = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The services IAM issues credentials for (CreateServiceSpecificCredential's reference): a user name and password
 * for CodeCommit and Keyspaces; a long-term API key (alias and secret, optionally expiring) for Bedrock and Logs.
 */
const SERVICES: Readonly<Record<string, 'password' | 'api-key'>> = {
  'codecommit.amazonaws.com': 'password',
  'cassandra.amazonaws.com': 'password',
  'bedrock.amazonaws.com': 'api-key',
  'logs.amazonaws.com': 'api-key',
};

function kindOf(serviceName: string): 'password' | 'api-key' {
  const kind = SERVICES[serviceName];
  if (kind === undefined) throw serviceNotSupported(serviceName);
  return kind;
}

/** A credential past its expiration date reads Expired, whatever it was set to. */
function statusAt(row: IamServiceCredentialsTable, now: number): statusType {
  if (row.expires_at !== null && Number(row.expires_at) <= now) return 'Expired';
  return row.status as statusType;
}

function metadata(userName: string, row: IamServiceCredentialsTable, now: number): ServiceSpecificCredentialMetadata {
  return {
    UserName: userName,
    Status: statusAt(row, now),
    ...(row.service_user_name !== null ? { ServiceUserName: row.service_user_name } : {}),
    ...(row.service_credential_alias !== null ? { ServiceCredentialAlias: row.service_credential_alias } : {}),
    CreateDate: epochToDate(Number(row.created_at)),
    ...(row.expires_at !== null ? { ExpirationDate: epochToDate(Number(row.expires_at)) } : {}),
    ServiceSpecificCredentialId: row.credential_id,
    ServiceName: row.service_name,
  };
}

/** The credential with its new secret, the one answer that carries it (the audit trail redacts it by the model). */
function withSecret(
  userName: string,
  row: IamServiceCredentialsTable,
  secret: string,
  now: number,
): ServiceSpecificCredential {
  const base = metadata(userName, row, now);
  return row.service_credential_alias !== null
    ? { ...base, ServiceCredentialSecret: secret }
    : { ...base, ServicePassword: secret };
}

/** A password: 32 random bytes in base64 (44 characters), as IAM's generated Git passwords look. */
function newSecret(row: Pick<IamServiceCredentialsTable, 'service_credential_alias'>): string {
  const random = randomBytes(32).toString('base64');
  // An API key carries its public alias, so the service can find the credential before it verifies the secret.
  if (row.service_credential_alias === null) return random;
  return `ABSK${Buffer.from(`${row.service_credential_alias}:${random}`).toString('base64')}`;
}

function credentialsOf(db: Db, accountId: string, user: IamUsersTable) {
  return accountScope(db, accountId)
    .selectFrom('iam_service_credentials')
    .selectAll()
    .where('user_id', '=', user.user_id)
    .orderBy('created_at')
    .orderBy('credential_id')
    .execute();
}

async function requireCredential(ctx: RequestContext, db: Db, credentialId: string, userName: string | undefined) {
  const user = await resolveUser(ctx, db, userName);
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('iam_service_credentials')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('user_id', '=', user.user_id)
    .executeTakeFirst();
  if (!row) throw serviceCredentialNotFound(credentialId);
  return { user, row };
}

/** `jane-at-123456789012`, then `jane+1-at-123456789012` for the user's second credential of the service. */
function serviceUserName(user: IamUsersTable, accountId: string, taken: Set<string | null>): string {
  const first = `${user.user_name}-at-${accountId}`;
  return taken.has(first) ? `${user.user_name}+1-at-${accountId}` : first;
}

export const createServiceSpecificCredential: NonNullable<H['CreateServiceSpecificCredential']> = async (
  ctx,
  input,
) => {
  const accountId = ctx.identity.accountId;
  const kind = kindOf(input.ServiceName);
  if (input.CredentialAgeDays !== undefined && kind !== 'api-key') {
    throw invalidInput(`CredentialAgeDays is not supported for service ${input.ServiceName}.`);
  }
  const now = ctx.receivedAt.getTime();
  const id = newServiceCredentialId();
  const { user, row, secret } = await mutateIam(ctx, async (trx) => {
    const user = await resolveUser(ctx, trx, input.UserName);
    await lockOwner(trx, accountId, { kind: 'user', user });
    const existing = (await credentialsOf(trx, accountId, user)).filter((c) => c.service_name === input.ServiceName);
    if (existing.length >= SERVICE_CREDENTIALS_PER_SERVICE) {
      throw quotaExceeded('ServiceSpecificCredentialsPerUserPerService', SERVICE_CREDENTIALS_PER_SERVICE);
    }
    const taken = new Set(existing.map((c) => c.service_user_name));
    const partial = {
      service_credential_alias: kind === 'api-key' ? `${user.user_name}+${id}` : null,
    };
    const secret = newSecret(partial);
    const row: IamServiceCredentialsTable = {
      account_id: accountId,
      credential_id: id,
      user_id: user.user_id,
      service_name: input.ServiceName,
      service_user_name: kind === 'password' ? serviceUserName(user, accountId, taken) : null,
      ...partial,
      secret_hash: await hashPassword(secret),
      status: 'Active',
      created_at: now,
      expires_at: input.CredentialAgeDays !== undefined ? now + input.CredentialAgeDays * DAY_MS : null,
    };
    await trx.insertInto('iam_service_credentials').values(row).execute();
    return { user, row, secret };
  });
  return { ServiceSpecificCredential: withSecret(user.user_name, row, secret, now) };
};

export const resetServiceSpecificCredential: NonNullable<H['ResetServiceSpecificCredential']> = async (ctx, input) => {
  const now = ctx.receivedAt.getTime();
  return mutateIam(ctx, async (trx) => {
    const { user, row } = await requireCredential(ctx, trx, input.ServiceSpecificCredentialId, input.UserName);
    const secret = newSecret(row);
    const hash = await hashPassword(secret);
    await trx
      .updateTable('iam_service_credentials')
      .set({ secret_hash: hash })
      .where('credential_id', '=', row.credential_id)
      .execute();
    return { ServiceSpecificCredential: withSecret(user.user_name, { ...row, secret_hash: hash }, secret, now) };
  });
};

export const updateServiceSpecificCredential: NonNullable<H['UpdateServiceSpecificCredential']> = async (
  ctx,
  input,
) => {
  assertSettableStatus(input.Status);
  const status = input.Status;
  await mutateIam(ctx, async (trx) => {
    const { row } = await requireCredential(ctx, trx, input.ServiceSpecificCredentialId, input.UserName);
    await trx
      .updateTable('iam_service_credentials')
      .set({ status })
      .where('credential_id', '=', row.credential_id)
      .execute();
  });
};

export const deleteServiceSpecificCredential: NonNullable<H['DeleteServiceSpecificCredential']> = async (
  ctx,
  input,
) => {
  await mutateIam(ctx, async (trx) => {
    const { row } = await requireCredential(ctx, trx, input.ServiceSpecificCredentialId, input.UserName);
    await trx.deleteFrom('iam_service_credentials').where('credential_id', '=', row.credential_id).execute();
  });
};

export const listServiceSpecificCredentials: NonNullable<H['ListServiceSpecificCredentials']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const now = ctx.receivedAt.getTime();
  if (input.ServiceName !== undefined) kindOf(input.ServiceName);
  let items: ServiceSpecificCredentialMetadata[];
  if (input.AllUsers === true) {
    if (input.UserName !== undefined) throw invalidInput('AllUsers cannot be specified together with UserName.');
    let q = accountScope(db, accountId)
      .selectFrom('iam_service_credentials as c')
      .innerJoin('iam_users as u', (j) =>
        j.onRef('u.user_id', '=', 'c.user_id').onRef('u.account_id', '=', 'c.account_id'),
      )
      .selectAll('c')
      .select('u.user_name');
    if (input.ServiceName !== undefined) q = q.where('c.service_name', '=', input.ServiceName);
    const rows = await q.orderBy('u.user_name').orderBy('c.created_at').orderBy('c.credential_id').execute();
    items = rows.map((r) => metadata(r.user_name, r, now));
  } else {
    const user = await resolveUser(ctx, db, input.UserName);
    const rows = await credentialsOf(db, accountId, user);
    items = rows
      .filter((r) => input.ServiceName === undefined || r.service_name === input.ServiceName)
      .map((r) => metadata(user.user_name, r, now));
  }
  return pageOf(ctx, 'ServiceSpecificCredentials', items, input);
};
