// Row types of what the stateless trail detections remember (created by ../migrations/0092_guardduty_detection.ts).

/** The account password policy a detector last saw set (UpdateAccountPasswordPolicy), to tell a weakening. */
export interface GuardDutyPasswordPoliciesTable {
  account_id: string;
  detector_id: string;
  /** JSON PasswordPolicyRules (password-policy-change.ts). */
  policy: string;
  /** The event time (epoch ms) of the record that set it. */
  event_time: number;
}

export interface GuardDutyDetectionTables {
  guardduty_password_policies: GuardDutyPasswordPoliciesTable;
}

/** Adds the tables to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the tables' members into Database
  interface Database extends GuardDutyDetectionTables {}
}
