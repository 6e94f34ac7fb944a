// GetAccountSummary: the account's IAM entity counts, counted from the tables, beside IAM's default quotas.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { ACCESS_KEYS_PER_USER } from '../credentials/access-keys.js';
import { countServerCertificates, SERVER_CERTIFICATES_PER_ACCOUNT } from '../credentials/server-certificates.js';
import { SIGNING_CERTIFICATES_PER_USER } from '../credentials/signing-certificates.js';
import { QUOTAS } from '../identities/quotas.js';
import {
  ATTACHMENTS_PER_ENTITY,
  INLINE_SIZE,
  MANAGED_POLICY_SIZE,
  POLICIES_PER_ACCOUNT,
  VERSIONS_PER_POLICY,
} from '../policies/quotas.js';
import { countProviders } from '../federation/providers.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** The quota GetAccountSummary reports that no other module enforces (reference_iam-quotas): policy versions in use. */
const POLICY_VERSIONS_IN_USE_QUOTA = 10000;
/** Session tokens from the global STS endpoint are version 1 unless SetSecurityTokenServicePreferences says v2. */
const GLOBAL_ENDPOINT_TOKEN_VERSION = 1;

type CountedTable =
  | 'iam_users'
  | 'iam_groups'
  | 'iam_roles'
  | 'iam_instance_profiles'
  | 'iam_policies'
  | 'iam_attachments'
  | 'iam_mfa_devices';

async function count(db: Db, table: CountedTable, accountId: string): Promise<number> {
  const row = await accountScope(db, accountId)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** MFA devices assigned to someone: a user, or (user_lc null but enabled) the root user. */
async function mfaInUse(db: Db, accountId: string, root: boolean): Promise<number> {
  let q = accountScope(db, accountId)
    .selectFrom('iam_mfa_devices')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('enabled_at', 'is not', null);
  q = root ? q.where('user_lc', 'is', null) : q.where('user_lc', 'is not', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Whether the root user has an access key: the account's keys that belong to no IAM user. */
async function rootHasAccessKey(db: Db, accountId: string): Promise<boolean> {
  const row = await accountScope(db, accountId)
    .selectFrom('access_keys')
    .select('access_key_id')
    .where('user_name', 'is', null)
    .where('principal_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the root user has a signing certificate: the account's certificates owned by the account itself. */
async function rootHasSigningCertificate(db: Db, accountId: string): Promise<boolean> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_signing_certificates')
    .select('certificate_id')
    .where('owner_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The SummaryMap, keyed as IAM keys it. */
export async function accountSummary(db: Db, accountId: string): Promise<Record<string, number>> {
  const [
    users,
    groups,
    roles,
    profiles,
    policies,
    attachments,
    devices,
    inUse,
    rootMfa,
    rootKey,
    providers,
    serverCertificates,
    rootCertificate,
  ] = await Promise.all([
    count(db, 'iam_users', accountId),
    count(db, 'iam_groups', accountId),
    count(db, 'iam_roles', accountId),
    count(db, 'iam_instance_profiles', accountId),
    count(db, 'iam_policies', accountId),
    count(db, 'iam_attachments', accountId),
    count(db, 'iam_mfa_devices', accountId),
    mfaInUse(db, accountId, false),
    mfaInUse(db, accountId, true),
    rootHasAccessKey(db, accountId),
    countProviders(db, accountId),
    countServerCertificates(db, accountId),
    rootHasSigningCertificate(db, accountId),
  ]);
  return {
    Users: users,
    UsersQuota: QUOTAS.UsersPerAccount,
    Groups: groups,
    GroupsQuota: QUOTAS.GroupsPerAccount,
    Roles: roles,
    RolesQuota: QUOTAS.RolesPerAccount,
    InstanceProfiles: profiles,
    InstanceProfilesQuota: QUOTAS.InstanceProfilesPerAccount,
    // Customer managed policies only: AWS-managed ones are not the account's.
    Policies: policies,
    PoliciesQuota: POLICIES_PER_ACCOUNT,
    // Each attachment of a managed policy to a user, group or role puts its default version in use.
    PolicyVersionsInUse: attachments,
    PolicyVersionsInUseQuota: POLICY_VERSIONS_IN_USE_QUOTA,
    ServerCertificates: serverCertificates,
    ServerCertificatesQuota: SERVER_CERTIFICATES_PER_ACCOUNT,
    AccountMFAEnabled: rootMfa > 0 ? 1 : 0,
    AccountAccessKeysPresent: rootKey ? 1 : 0,
    AccountSigningCertificatesPresent: rootCertificate ? 1 : 0,
    AttachedPoliciesPerUserQuota: ATTACHMENTS_PER_ENTITY,
    AttachedPoliciesPerGroupQuota: ATTACHMENTS_PER_ENTITY,
    AttachedPoliciesPerRoleQuota: ATTACHMENTS_PER_ENTITY,
    GroupsPerUserQuota: QUOTAS.GroupsPerUser,
    SigningCertificatesPerUserQuota: SIGNING_CERTIFICATES_PER_USER,
    AccessKeysPerUserQuota: ACCESS_KEYS_PER_USER,
    MFADevices: devices,
    MFADevicesInUse: inUse + rootMfa,
    UserPolicySizeQuota: INLINE_SIZE.user,
    GroupPolicySizeQuota: INLINE_SIZE.group,
    RolePolicySizeQuota: INLINE_SIZE.role,
    PolicySizeQuota: MANAGED_POLICY_SIZE,
    VersionsPerPolicyQuota: VERSIONS_PER_POLICY,
    AssumeRolePolicySizeQuota: QUOTAS.ACLSizePerRole,
    Providers: providers,
    GlobalEndpointTokenVersion: GLOBAL_ENDPOINT_TOKEN_VERSION,
  };
}

export const getAccountSummary: NonNullable<H['GetAccountSummary']> = async (ctx) => {
  return { SummaryMap: await accountSummary(ctx.runtime.store.db, ctx.identity.accountId) };
};
