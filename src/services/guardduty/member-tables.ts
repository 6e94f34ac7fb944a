// Row types of GuardDuty's multi-account and publishing tables (migrations 0095 and 0096). Times are epoch ms.

/** One administrator's member in one Region; the member account reads its invitation from the same row. */
export interface GuardDutyMembersTable {
  /** The administrator account. */
  account_id: string;
  region: string;
  member_account_id: string;
  email: string;
  /** Created | Invited | Enabled | Disabled | Removed | Resigned | EmailVerificationFailed */
  relationship: string;
  invitation_id: string | null;
  invited_at: number | null;
  /** What the member sees of the invitation: PENDING | DECLINED | ACCEPTED, or null (none, or deleted). */
  invitation_state: string | null;
  /** 1: added by the organization's delegated administrator (no invitation needed). */
  via_organization: number;
  created_at: number;
  updated_at: number;
}

/** A delegated administrator's organization configuration in one Region. */
export interface GuardDutyOrgConfigTable {
  account_id: string;
  region: string;
  /** NEW | ALL | NONE */
  auto_enable_members: string;
  /** JSON [{ Name, AutoEnable }] of the organization's features. */
  features: string;
  /** When AutoEnableOrganizationMembers last changed: NEW covers accounts that join after it. */
  updated_at: number;
}

export interface GuardDutyPublishingDestinationsTable {
  account_id: string;
  detector_id: string;
  id: string;
  region: string;
  /** arn:<partition>:s3:::<bucket>[/<prefix>] */
  destination_arn: string;
  kms_key_arn: string;
  /** PENDING_VERIFICATION | PUBLISHING | UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY | STOPPED */
  status: string;
  failure_started_at: number | null;
  /** Findings created up to this time are exported. */
  new_cursor: number;
  /** Findings updated up to this time are exported. */
  update_cursor: number;
  /** When updates were last exported: the next batch waits the detector's FindingPublishingFrequency. */
  updates_published_at: number;
  created_at: number;
  updated_at: number;
}

export interface GuardDutyMemberTables {
  guardduty_members: GuardDutyMembersTable;
  guardduty_org_config: GuardDutyOrgConfigTable;
  guardduty_publishing_destinations: GuardDutyPublishingDestinationsTable;
}

/** Adds these tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges GuardDutyMemberTables' members into Database
  interface Database extends GuardDutyMemberTables {}
}
