// Row types of GuardDuty's per-identity behaviour baselines (created by ../migrations/0093_guardduty_baselines.ts). Times are event-time epoch ms.

/** One identity a detector has profiled: how much, and since when, it has been seen. */
export interface GuardDutyBaselineIdentitiesTable {
  account_id: string;
  detector_id: string;
  /** The identity's key (baseline-keys.ts identityKeyOf): a user or role ARN, else a principal id; capped. */
  identity: string;
  first_seen: number;
  last_seen: number;
  /** Every record of the identity, allowed or denied. */
  events: number;
  /** Its successful IAM writes (non-read-only iam.amazonaws.com calls): "rarely seen doing IAM writes" reads this. */
  iam_writes: number;
  /** Values held of each kind (counted as they are added, recounted when a bound is exceeded). */
  api_values: number;
  network_values: number;
  agent_values: number;
  denied_values: number;
  kms_key_values: number;
}

/** One value an identity has been seen with: an API, a source network, a user agent, a recent denial or KMS key. */
export interface GuardDutyBaselineFeaturesTable {
  account_id: string;
  detector_id: string;
  identity: string;
  /** api | network | agent | denied | kms-key (see baseline-store.ts FEATURE_CAPS) */
  kind: string;
  /** The value, capped: `iam.amazonaws.com:ListUsers`, `203.0.113.0/24`, `aws-sdk-js`, a key ARN. */
  value: string;
  first_seen: number;
  last_seen: number;
  count: number;
}

export interface GuardDutyBaselineTables {
  guardduty_baseline_identities: GuardDutyBaselineIdentitiesTable;
  guardduty_baseline_features: GuardDutyBaselineFeaturesTable;
}

/** Adds the baseline tables to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges GuardDutyBaselineTables' members into Database
  interface Database extends GuardDutyBaselineTables {}
}
