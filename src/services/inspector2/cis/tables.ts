// Row types of Inspector2's CIS scan tables (created by ../migrations/0140_inspector2_cis.ts). Times are epoch ms.

/** A CIS scan configuration: `schedule`, `targets` and `tags` are the API's JSON shapes. */
export interface Inspector2CisConfigurationsTable {
  arn: string;
  account_id: string;
  region: string;
  scan_name: string;
  security_level: string;
  schedule: string;
  targets: string;
  tags: string;
  /** When the schedule next starts a scan; null once a oneTime configuration has run. */
  next_run_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One run of a configuration, with the configuration's name, level and targets as they were when it started. */
export interface Inspector2CisScansTable {
  scan_arn: string;
  account_id: string;
  region: string;
  configuration_arn: string;
  scan_name: string;
  security_level: string;
  /** 1 when started by a oneTime schedule: it may complete from a report received shortly before it began. */
  one_time: number;
  targets: string;
  scheduled_by: string;
  /** IN_PROGRESS, COMPLETED. */
  status: string;
  started_at: number;
  /** Targets with no report by then end TIMED_OUT. */
  deadline_at: number;
  finished_at: number | null;
  failed_checks: number;
  total_checks: number;
}

/** A managed instance a scan targets; target_status is null while it awaits its report. */
export interface Inspector2CisScanTargetsTable {
  scan_arn: string;
  instance_id: string;
  account_id: string;
  region: string;
  platform: string | null;
  /** The instance's tags when the scan started, as {key: [value]} JSON. */
  tags: string;
  /** COMPLETED, TIMED_OUT, CANCELLED, or null while in progress. */
  target_status: string | null;
  /** SCAN_IN_PROGRESS, UNSUPPORTED_OS, SSM_UNMANAGED, or null. */
  status_reason: string | null;
  /** When the CIS inventory the target completed from was received. */
  inventory_at: number | null;
  passed: number;
  failed: number;
  skipped: number;
}

/** One check's result on one target of a scan. */
export interface Inspector2CisScanResultsTable {
  scan_arn: string;
  instance_id: string;
  account_id: string;
  check_id: string;
  title: string;
  level: string;
  /** PASSED, FAILED, SKIPPED. */
  status: string;
  detail: string;
  platform: string | null;
}

export interface Inspector2CisTables {
  inspector2_cis_configurations: Inspector2CisConfigurationsTable;
  inspector2_cis_scans: Inspector2CisScansTable;
  inspector2_cis_scan_targets: Inspector2CisScanTargetsTable;
  inspector2_cis_scan_results: Inspector2CisScanResultsTable;
}

/** Adds the CIS tables to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Inspector2CisTables' members into Database
  interface Database extends Inspector2CisTables {}
}
