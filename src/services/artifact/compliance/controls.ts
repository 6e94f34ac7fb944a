// The audit checklist's controls: the CIS AWS Foundations Benchmark v3.0.0 IAM, logging and KMS recommendations that
// apply to what Warden serves, plus Warden's own (GuardDuty, WAF), each a small function of the account's facts.
import type { AccountFacts } from './facts.js';

export type ControlStatus = 'PASS' | 'FAIL';

export interface Control {
  /** The benchmark's number ("1.4"), or "W.n" for Warden's own controls. */
  id: string;
  title: string;
  section: 'IAM' | 'Logging' | 'Warden';
  remediation: string;
  /** The failing resources (ARNs or names); none means the control passes. */
  failing(facts: AccountFacts): string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** CIS 1.12: a credential unused this long should be disabled. */
export const UNUSED_CREDENTIAL_DAYS = 45;
/** CIS 1.14: access keys older than this should be rotated. */
export const KEY_ROTATION_DAYS = 90;
/** CIS 1.8: the shortest password policy length the benchmark accepts. */
export const MIN_PASSWORD_LENGTH = 14;
/** CIS 1.9: how many previous passwords the policy must remember. */
export const MIN_PASSWORD_REUSE_PREVENTION = 24;

function rootArn(f: AccountFacts): string {
  return `arn:${f.partition}:iam::${f.accountId}:root`;
}

/** A policy statement list, from a document stored as JSON (or URL-encoded JSON, as IAM's wire shows it). */
function statementsOf(document: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    try {
      parsed = JSON.parse(decodeURIComponent(document));
    } catch {
      return [];
    }
  }
  const s = (parsed as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(s) ? s : s === undefined ? [] : [s];
  return list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

function includesStar(value: unknown): boolean {
  return value === '*' || (Array.isArray(value) && value.includes('*'));
}

/** True when a statement allows every action on every resource ("*:*"), the grant CIS 1.16 forbids. */
export function grantsFullAdmin(document: string): boolean {
  return statementsOf(document).some(
    (st) => st.Effect === 'Allow' && includesStar(st.Action) && includesStar(st.Resource),
  );
}

/** Whether a credential last used (or, never used, created) at `since` has lain unused at least `days`. */
function idleFor(f: AccountFacts, since: number, days: number): boolean {
  return f.now - since >= days * DAY_MS;
}

export const CONTROLS: readonly Control[] = [
  {
    id: '1.4',
    title: "Ensure no 'root' user account access key exists",
    section: 'IAM',
    remediation:
      'Delete every access key of the root user (iam DeleteAccessKey signed as root) and give day-to-day work to IAM users or roles.',
    failing: (f) => f.rootKeys.map((k) => `${rootArn(f)} access key ${k.accessKeyId}`),
  },
  {
    id: '1.5',
    title: "Ensure MFA is enabled for the 'root' user account",
    section: 'IAM',
    remediation:
      'Create a virtual MFA device (CreateVirtualMFADevice) and enable it for the root user with two consecutive codes (EnableMFADevice).',
    failing: (f) => (f.rootMfa ? [] : [rootArn(f)]),
  },
  {
    id: '1.8',
    title: `Ensure IAM password policy requires minimum length of ${MIN_PASSWORD_LENGTH} or greater`,
    section: 'IAM',
    remediation: `Set an account password policy with MinimumPasswordLength of at least ${MIN_PASSWORD_LENGTH} (UpdateAccountPasswordPolicy).`,
    failing: (f) =>
      (f.passwordPolicy?.MinimumPasswordLength ?? 0) >= MIN_PASSWORD_LENGTH
        ? []
        : [`arn:${f.partition}:iam::${f.accountId}:password-policy`],
  },
  {
    id: '1.9',
    title: 'Ensure IAM password policy prevents password reuse',
    section: 'IAM',
    remediation: `Set PasswordReusePrevention to ${MIN_PASSWORD_REUSE_PREVENTION} in the account password policy (UpdateAccountPasswordPolicy).`,
    failing: (f) =>
      (f.passwordPolicy?.PasswordReusePrevention ?? 0) >= MIN_PASSWORD_REUSE_PREVENTION
        ? []
        : [`arn:${f.partition}:iam::${f.accountId}:password-policy`],
  },
  {
    id: '1.10',
    title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
    section: 'IAM',
    remediation:
      'Enable an MFA device for each listed user, or delete the login profile of a user who needs no console.',
    failing: (f) => f.users.filter((u) => u.password !== null && !u.mfa).map((u) => u.arn),
  },
  {
    id: '1.12',
    title: `Ensure credentials unused for ${UNUSED_CREDENTIAL_DAYS} days or greater are disabled`,
    section: 'IAM',
    remediation:
      'Delete the login profile of a user whose password has gone unused, and deactivate (UpdateAccessKey Inactive) or delete each unused access key.',
    failing: (f) =>
      f.users.flatMap((u) => [
        ...(u.password !== null && idleFor(f, u.password.lastUsedAt ?? u.password.createdAt, UNUSED_CREDENTIAL_DAYS)
          ? [`${u.arn} password`]
          : []),
        ...u.keys
          .filter((k) => k.active && idleFor(f, k.lastUsedAt ?? k.createdAt, UNUSED_CREDENTIAL_DAYS))
          .map((k) => `${u.arn} access key ${k.accessKeyId}`),
      ]),
  },
  {
    id: '1.13',
    title: 'Ensure there is only one active access key available for any single IAM user',
    section: 'IAM',
    remediation: 'Keep one active access key per user: deactivate or delete the others once nothing uses them.',
    failing: (f) => f.users.filter((u) => u.keys.filter((k) => k.active).length > 1).map((u) => u.arn),
  },
  {
    id: '1.14',
    title: `Ensure access keys are rotated every ${KEY_ROTATION_DAYS} days or less`,
    section: 'IAM',
    remediation:
      'Create a new access key, move its users to it, then deactivate and delete the old one (CreateAccessKey, UpdateAccessKey, DeleteAccessKey).',
    failing: (f) =>
      f.users.flatMap((u) =>
        u.keys
          .filter((k) => k.active && idleFor(f, k.createdAt, KEY_ROTATION_DAYS))
          .map((k) => `${u.arn} access key ${k.accessKeyId}`),
      ),
  },
  {
    id: '1.15',
    title: 'Ensure IAM users receive permissions only through groups',
    section: 'IAM',
    remediation:
      'Move each listed user into a group that holds the policies, then detach its managed policies (DetachUserPolicy) and delete its inline ones (DeleteUserPolicy).',
    failing: (f) => f.users.filter((u) => u.directPolicies.length > 0).map((u) => u.arn),
  },
  {
    id: '1.16',
    title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    section: 'IAM',
    remediation:
      'Detach the listed policies from every user, group and role and grant only the actions each needs instead.',
    failing: (f) =>
      f.attachedPolicies
        .filter((p) => grantsFullAdmin(p.document))
        .map((p) => `${p.arn} (attached to ${p.attachedTo.join(', ')})`),
  },
  {
    id: '1.17',
    title: 'Ensure a support role has been created to manage incidents with AWS Support',
    section: 'IAM',
    remediation:
      'Create a role your incident responders may assume and attach the AWS-managed AWSSupportAccess policy to it (AttachRolePolicy).',
    failing: (f) => (f.supportRoles.length > 0 ? [] : [`arn:${f.partition}:iam::${f.accountId}:root`]),
  },
  {
    id: '1.19',
    title: 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed',
    section: 'IAM',
    remediation: 'Delete each expired server certificate (DeleteServerCertificate) after moving its listeners off it.',
    failing: (f) => f.serverCertificates.filter((c) => c.expiresAt <= f.now).map((c) => c.arn),
  },
  {
    id: '3.1',
    title: 'Ensure CloudTrail is enabled in all regions',
    section: 'Logging',
    remediation:
      'Create a multi-Region trail (CreateTrail --is-multi-region-trail) and start it logging (StartLogging).',
    failing: (f) =>
      f.trails.some((t) => Number(t.is_multi_region_trail) === 1 && Number(t.is_logging) === 1)
        ? []
        : [`arn:${f.partition}:cloudtrail:*:${f.accountId}:trail/*`],
  },
  {
    id: '3.2',
    title: 'Ensure CloudTrail log file validation is enabled',
    section: 'Logging',
    remediation: 'Turn on log file validation for each listed trail (UpdateTrail --enable-log-file-validation).',
    failing: (f) => f.trails.filter((t) => Number(t.log_file_validation_enabled) !== 1).map((t) => t.arn),
  },
  {
    id: '3.5',
    title: 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs',
    section: 'Logging',
    remediation:
      'Give each listed trail a customer managed KMS key whose policy lets CloudTrail use it (UpdateTrail --kms-key-id).',
    failing: (f) => f.trails.filter((t) => !t.kms_key_id).map((t) => t.arn),
  },
  {
    id: '3.6',
    title: 'Ensure rotation for customer-created symmetric CMKs is enabled',
    section: 'Logging',
    remediation: 'Enable automatic rotation of each listed key (EnableKeyRotation).',
    failing: (f) =>
      f.kmsKeys
        .filter(
          (k) =>
            k.keySpec === 'SYMMETRIC_DEFAULT' &&
            k.origin === 'AWS_KMS' &&
            k.state !== 'PendingDeletion' &&
            !k.rotationEnabled,
        )
        .map((k) => k.arn),
  },
  {
    id: 'W.1',
    title: 'Ensure GuardDuty is enabled',
    section: 'Warden',
    remediation: 'Create a GuardDuty detector (CreateDetector --enable) in each region you use.',
    failing: (f) => (f.guardDutyRegions.length > 0 ? [] : [`arn:${f.partition}:guardduty:*:${f.accountId}:detector/*`]),
  },
  {
    id: 'W.2',
    title: 'Ensure every load balancer is protected by a web ACL',
    section: 'Warden',
    remediation: 'Associate a WAF web ACL with each listed load balancer (wafv2 AssociateWebACL).',
    failing: (f) => f.loadBalancers.filter((lb) => !lb.webAcl).map((lb) => lb.arn),
  },
];
