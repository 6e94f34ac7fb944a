// Row type of Inspector2's findings reports and SBOM exports (created by ../migrations/0130_inspector2_reports.ts). Times are epoch ms.

export interface Inspector2ReportsTable {
  /** A UUID, as AWS's report ids are. */
  report_id: string;
  account_id: string;
  region: string;
  /** FINDINGS (CreateFindingsReport) or SBOM (CreateSbomExport). */
  kind: string;
  /** CSV / JSON, or CYCLONEDX_1_4 / SPDX_2_3. */
  format: string;
  /** IN_PROGRESS, SUCCEEDED, FAILED or CANCELLED. */
  status: string;
  error_code: string | null;
  error_message: string | null;
  /** The Destination as given (bucketName, keyPrefix, kmsKeyArn), JSON. */
  destination: string;
  /** The filterCriteria / resourceFilterCriteria as given, JSON, or null. */
  criteria: string | null;
  /** JSON string[]: the accounts whose findings or resources the report may contain, fixed when it was created. */
  accounts: string;
  /** The process that runs the report (a random id per start): another process's IN_PROGRESS report is orphaned. */
  worker: string;
  created_at: number;
  /** Moved while the report is written; a stale one means its process stopped. */
  heartbeat_at: number;
  finished_at: number | null;
}

export interface Inspector2ReportTables {
  inspector2_reports: Inspector2ReportsTable;
}

/** Adds the reports table to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Inspector2ReportTables' members into Database
  interface Database extends Inspector2ReportTables {}
}
