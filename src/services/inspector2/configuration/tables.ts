// Row type of Inspector2's scan configuration (created by ../migrations/0166_inspector2_configuration.ts). Times are epoch ms.

/** One account's configuration in one Region; a null column was never set (its default applies). */
export interface Inspector2ConfigurationTable {
  account_id: string;
  region: string;
  /** EcrRescanDuration (push date). */
  ecr_rescan_duration: string | null;
  /** EcrPullDateRescanDuration. */
  ecr_pull_date_rescan_duration: string | null;
  /** EcrPullDateRescanMode. */
  ecr_pull_date_rescan_mode: string | null;
  ecr_updated_at: number | null;
  /** Ec2ScanMode. */
  ec2_scan_mode: string | null;
  ec2_updated_at: number | null;
}

export interface Inspector2ConfigurationTables {
  inspector2_configuration: Inspector2ConfigurationTable;
}

/** Adds the table to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Inspector2ConfigurationTables' members into Database
  interface Database extends Inspector2ConfigurationTables {}
}
