// The account state the compliance checklist judges, read once from the services' tables (IAM, CloudTrail, KMS,
// GuardDuty, ELBv2, WAF) so every control is a pure function of these facts.
import type { Kysely } from 'kysely';
import type { PasswordPolicy } from '../../../aws/generated/iam.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database, TrailsTable } from '../../../store/schema.js';
import { accountPasswordPolicy } from '../../iam/account/password-policy.js';

type Db = Kysely<Database>;

export interface KeyFact {
  accessKeyId: string;
  active: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface UserFact {
  name: string;
  arn: string;
  createdAt: number;
  /** Null when the user has no console password. */
  password: { createdAt: number; lastUsedAt: number | null } | null;
  mfa: boolean;
  keys: KeyFact[];
  /** Managed policies attached to the user itself and inline policies in it (not through groups). */
  directPolicies: string[];
}

export interface PolicyFact {
  arn: string;
  document: string;
  /** Where it is attached, as "user/name", "group/name" or "role/name". */
  attachedTo: string[];
}

export interface KmsKeyFact {
  arn: string;
  keySpec: string;
  keyUsage: string;
  origin: string;
  state: string;
  rotationEnabled: boolean;
}

export interface AccountFacts {
  accountId: string;
  partition: string;
  now: number;
  rootKeys: KeyFact[];
  rootMfa: boolean;
  passwordPolicy: PasswordPolicy | undefined;
  users: UserFact[];
  /** Managed policies attached to at least one user, group or role, with their default version's document. */
  attachedPolicies: PolicyFact[];
  /** Roles (by name) with the AWS-managed AWSSupportAccess policy attached. */
  supportRoles: string[];
  serverCertificates: { name: string; arn: string; expiresAt: number }[];
  trails: Pick<
    TrailsTable,
    'name' | 'arn' | 'is_multi_region_trail' | 'is_logging' | 'log_file_validation_enabled' | 'kms_key_id'
  >[];
  kmsKeys: KmsKeyFact[];
  /** Regions holding an enabled GuardDuty detector. */
  guardDutyRegions: string[];
  /** Load balancers with, for each, whether a web ACL is associated with it. */
  loadBalancers: { arn: string; webAcl: boolean }[];
}

/** The ARN of the AWS-managed policy CIS asks a support role to hold. */
export function supportPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AWSSupportAccess`;
}

function pathed(partition: string, accountId: string, kind: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:${kind}${path}${name}`;
}

/** Reads every fact the checklist needs for one account. */
export async function loadAccountFacts(
  db: Db,
  accountId: string,
  opts: { partition?: string; now?: number } = {},
): Promise<AccountFacts> {
  const partition = opts.partition ?? 'aws';
  const now = opts.now ?? Date.now();
  const scope = accountScope(db, accountId);
  const [
    users,
    profiles,
    devices,
    keys,
    passwordPolicy,
    attachments,
    inline,
    certificates,
    trails,
    kmsKeys,
    detectors,
    loadBalancers,
    associations,
  ] = await Promise.all([
    scope.selectFrom('iam_users').selectAll().orderBy('name_lc').execute(),
    scope.selectFrom('iam_login_profiles').select(['user_lc', 'created_at']).execute(),
    scope.selectFrom('iam_mfa_devices').select('user_lc').where('enabled_at', 'is not', null).execute(),
    scope.selectFrom('access_keys').selectAll().orderBy('created_at').orderBy('access_key_id').execute(),
    accountPasswordPolicy(db, accountId),
    scope.selectFrom('iam_attachments').select(['entity_type', 'entity_lc', 'policy_arn']).execute(),
    scope.selectFrom('iam_inline_policies').select(['entity_type', 'entity_lc', 'policy_name']).execute(),
    scope
      .selectFrom('iam_server_certificates')
      .select(['server_certificate_name', 'path', 'expires_at'])
      .orderBy('name_lc')
      .execute(),
    scope
      .selectFrom('trails')
      .select(['name', 'arn', 'is_multi_region_trail', 'is_logging', 'log_file_validation_enabled', 'kms_key_id'])
      .orderBy('name')
      .execute(),
    scope
      .selectFrom('kms_keys')
      .select(['arn', 'key_spec', 'key_usage', 'origin', 'key_state', 'rotation_enabled'])
      .orderBy('arn')
      .execute(),
    scope.selectFrom('guardduty_detectors').select('region').where('status', '=', 'ENABLED').execute(),
    scope.selectFrom('elbv2_load_balancers').select('arn').orderBy('arn').execute(),
    scope.selectFrom('wafv2_associations').select('resource_arn').execute(),
  ]);

  // Attached managed policies with their default version's document (AWS-managed ones live under account "aws").
  const attachedArns = [...new Set(attachments.map((a) => a.policy_arn))];
  const documents =
    attachedArns.length === 0
      ? []
      : await db
          .selectFrom('iam_policies as p')
          .innerJoin('iam_policy_versions as v', (j) =>
            j.onRef('v.policy_arn', '=', 'p.arn').onRef('v.version_id', '=', 'p.default_version_id'),
          )
          .select(['p.arn', 'v.document'])
          .where('p.arn', 'in', attachedArns)
          .execute();
  const roleNames = new Map<string, string>();
  if (attachments.some((a) => a.entity_type === 'role')) {
    for (const r of await scope.selectFrom('iam_roles').select(['name_lc', 'role_name']).execute()) {
      roleNames.set(r.name_lc, r.role_name);
    }
  }
  const attachedTo = (arn: string) =>
    attachments.filter((a) => a.policy_arn === arn).map((a) => `${a.entity_type}/${a.entity_lc}`);

  const profileOf = new Map(profiles.map((p) => [p.user_lc, Number(p.created_at)]));
  const mfaUsers = new Set(devices.map((d) => d.user_lc));
  const keyFact = (k: (typeof keys)[number]): KeyFact => ({
    accessKeyId: k.access_key_id,
    active: k.status === 'Active',
    createdAt: Number(k.created_at),
    lastUsedAt: k.last_used_at === null ? null : Number(k.last_used_at),
  });
  const supportArn = supportPolicyArn(partition);
  const associated = new Set(associations.map((a) => a.resource_arn));

  return {
    accountId,
    partition,
    now,
    rootKeys: keys.filter((k) => k.user_name === null && k.principal_id === accountId).map(keyFact),
    rootMfa: mfaUsers.has(null),
    passwordPolicy,
    users: users.map((u): UserFact => {
      const profileCreated = profileOf.get(u.name_lc);
      return {
        name: u.user_name,
        arn: pathed(partition, accountId, 'user', u.path, u.user_name),
        createdAt: Number(u.created_at),
        password:
          profileCreated === undefined
            ? null
            : {
                createdAt: profileCreated,
                lastUsedAt: u.password_last_used === null ? null : Number(u.password_last_used),
              },
        mfa: mfaUsers.has(u.name_lc),
        keys: keys.filter((k) => k.principal_id === u.user_id && k.user_name !== null).map(keyFact),
        directPolicies: [
          ...attachments.filter((a) => a.entity_type === 'user' && a.entity_lc === u.name_lc).map((a) => a.policy_arn),
          ...inline
            .filter((p) => p.entity_type === 'user' && p.entity_lc === u.name_lc)
            .map((p) => `inline:${p.policy_name}`),
        ],
      };
    }),
    attachedPolicies: documents.map((d) => ({ arn: d.arn, document: d.document, attachedTo: attachedTo(d.arn) })),
    supportRoles: attachments
      .filter((a) => a.entity_type === 'role' && a.policy_arn === supportArn)
      .map((a) => roleNames.get(a.entity_lc) ?? a.entity_lc),
    serverCertificates: certificates.map((c) => ({
      name: c.server_certificate_name,
      arn: pathed(partition, accountId, 'server-certificate', c.path, c.server_certificate_name),
      expiresAt: Number(c.expires_at),
    })),
    trails,
    kmsKeys: kmsKeys.map((k) => ({
      arn: k.arn,
      keySpec: k.key_spec,
      keyUsage: k.key_usage,
      origin: k.origin,
      state: k.key_state,
      rotationEnabled: Number(k.rotation_enabled) === 1,
    })),
    guardDutyRegions: [...new Set(detectors.map((d) => d.region))].sort(),
    loadBalancers: loadBalancers.map((lb) => ({ arn: lb.arn, webAcl: associated.has(lb.arn) })),
  };
}
