// Row types of GuardDuty's tables (created by ./migrations/0090_guardduty.ts and 0091_guardduty_lists.ts). Times are epoch ms.

export interface GuardDutyDetectorsTable {
  account_id: string;
  region: string;
  id: string;
  /** ENABLED | DISABLED */
  status: string;
  publishing_frequency: string;
  /** JSON DetectorFeatureConfigurationResult[] as GetDetector answers it. */
  features: string;
  created_at: number;
  updated_at: number;
}

export interface GuardDutyTagsTable {
  account_id: string;
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

export interface GuardDutyFindingsTable {
  account_id: string;
  detector_id: string;
  id: string;
  /** Finding type + resource/actor key: a repeat of the same activity aggregates into this finding. */
  aggregation_key: string;
  /** The exact GuardDuty Finding JSON (SDK member names). */
  finding: string;
  created_at: number;
  updated_at: number;
}

export interface GuardDutyFiltersTable {
  account_id: string;
  detector_id: string;
  name: string;
  /** NOOP | ARCHIVE */
  action: string;
  rank: number;
  description: string | null;
  /** JSON FindingCriteria. */
  criteria: string;
  created_at: number;
  updated_at: number;
}

export interface GuardDutyIpListsTable {
  account_id: string;
  detector_id: string;
  id: string;
  /** IPSET (trusted) | THREAT_INTEL_SET */
  kind: string;
  name: string;
  format: string;
  location: string;
  /** INACTIVE | ACTIVATING | ACTIVE | ERROR */
  status: string;
  expected_bucket_owner: string | null;
  /** Bumped by every change, so a load started before it cannot overwrite what came after. */
  generation: number;
  created_at: number;
  updated_at: number;
}

export interface GuardDutyTables {
  guardduty_ip_lists: GuardDutyIpListsTable;
  guardduty_detectors: GuardDutyDetectorsTable;
  guardduty_tags: GuardDutyTagsTable;
  guardduty_findings: GuardDutyFindingsTable;
  guardduty_filters: GuardDutyFiltersTable;
}

/** Adds GuardDuty's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges GuardDutyTables' members into Database
  interface Database extends GuardDutyTables {}
}
