// Stealth:IAMUser/PasswordPolicyChange: the account password policy deleted, or replaced by a weaker one.
import type { CloudTrailRecord } from '../../../audit/record.js';
import { accountScope } from '../../../store/account-scope.js';
import { actorName, apiCallFinding, SEVERITY } from './api-call-finding.js';
import './detection-tables.js';
import { param, succeeded } from './record-facts.js';
import type { DetectionScope, TrailDetection } from './types.js';

export const PASSWORD_POLICY_CHANGE = 'Stealth:IAMUser/PasswordPolicyChange';

const CALLS = new Set(['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy']);

/** An account password policy's rules, with IAM's values for parameters an update leaves out. */
export interface PasswordPolicyRules {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days; 0: passwords never expire. */
  maxPasswordAge: number;
  /** Previous passwords that may not be reused; 0: none remembered. */
  passwordReusePrevention: number;
  hardExpiry: boolean;
}

/**
 * What an account without a custom policy is held to, as IAM documents its default: 8 characters at least. An
 * update is compared with it when the detector has not seen the policy set before.
 */
const IAM_DEFAULT: PasswordPolicyRules = {
  minimumPasswordLength: 8,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: 0,
  passwordReusePrevention: 0,
  hardExpiry: false,
};

const int = (v: unknown, fallback: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100_000 ? v : fallback;

/** The rules an UpdateAccountPasswordPolicy sets (every parameter it leaves out takes IAM's default). */
export function rulesOf(record: Readonly<CloudTrailRecord>): PasswordPolicyRules {
  return {
    minimumPasswordLength: int(param(record, 'minimumPasswordLength'), 6),
    requireSymbols: param(record, 'requireSymbols') === true,
    requireNumbers: param(record, 'requireNumbers') === true,
    requireUppercaseCharacters: param(record, 'requireUppercaseCharacters') === true,
    requireLowercaseCharacters: param(record, 'requireLowercaseCharacters') === true,
    allowUsersToChangePassword: param(record, 'allowUsersToChangePassword') === true,
    maxPasswordAge: int(param(record, 'maxPasswordAge'), 0),
    passwordReusePrevention: int(param(record, 'passwordReusePrevention'), 0),
    hardExpiry: param(record, 'hardExpiry') === true,
  };
}

/** Passwords expire later under `next` (0 is never). */
function expiresLater(before: number, next: number): boolean {
  if (before === 0) return false;
  return next === 0 || next > before;
}

/**
 * Whether `next` is weaker than `before` in any rule GuardDuty names: fewer characters, a character class no
 * longer required, later (or no) expiry, fewer passwords remembered, or expired passwords no longer locked.
 */
export function weakens(before: PasswordPolicyRules, next: PasswordPolicyRules): boolean {
  return (
    next.minimumPasswordLength < before.minimumPasswordLength ||
    (before.requireSymbols && !next.requireSymbols) ||
    (before.requireNumbers && !next.requireNumbers) ||
    (before.requireUppercaseCharacters && !next.requireUppercaseCharacters) ||
    (before.requireLowercaseCharacters && !next.requireLowercaseCharacters) ||
    expiresLater(before.maxPasswordAge, next.maxPasswordAge) ||
    next.passwordReusePrevention < before.passwordReusePrevention ||
    (before.hardExpiry && !next.hardExpiry)
  );
}

async function previousRules(scope: DetectionScope): Promise<PasswordPolicyRules | undefined> {
  const row = await accountScope(scope.db, scope.detector.accountId)
    .selectFrom('guardduty_password_policies')
    .select('policy')
    .where('detector_id', '=', scope.detector.id)
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    return { ...IAM_DEFAULT, ...(JSON.parse(row.policy) as Partial<PasswordPolicyRules>) };
  } catch {
    return undefined;
  }
}

/** Remembers the policy the detector last saw set (an older record, from an import, does not replace a newer one). */
async function remember(scope: DetectionScope, rules: PasswordPolicyRules | undefined): Promise<void> {
  const db = accountScope(scope.db, scope.detector.accountId);
  if (!rules) {
    await db.deleteFrom('guardduty_password_policies').where('detector_id', '=', scope.detector.id).execute();
    return;
  }
  const policy = JSON.stringify(rules);
  await db
    .insertInto('guardduty_password_policies')
    .values({ detector_id: scope.detector.id, policy, event_time: scope.at })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'detector_id'])
        .doUpdateSet({ policy, event_time: scope.at })
        .where('guardduty_password_policies.event_time', '<=', scope.at),
    )
    .execute();
}

export const passwordPolicyChange: TrailDetection = {
  name: 'password-policy-change',
  findingTypes: [PASSWORD_POLICY_CHANGE],
  async detect(scope, record) {
    if (!succeeded(record, 'iam.amazonaws.com', CALLS)) return [];
    let weakened: boolean;
    if (record.eventName === 'DeleteAccountPasswordPolicy') {
      weakened = true;
      await remember(scope, undefined);
    } else {
      const next = rulesOf(record);
      weakened = weakens((await previousRules(scope)) ?? IAM_DEFAULT, next);
      await remember(scope, next);
    }
    if (!weakened) return [];
    return [
      apiCallFinding(scope, record, {
        type: PASSWORD_POLICY_CHANGE,
        severity: SEVERITY.LOW,
        title: 'Account password policy was weakened.',
        description:
          `The password policy of account ${scope.detector.accountId} was weakened by ${actorName(record)} ` +
          `calling ${record.eventName}.`,
      }),
    ];
  },
};
