// Row type of WAFv2's logging configurations (created by ./migrations/0071_wafv2_logging.ts). Times are epoch ms.

export interface Wafv2LoggingConfigsTable {
  web_acl_arn: string;
  /** CUSTOMER: the one log scope a customer writes. */
  log_scope: string;
  account_id: string;
  region: string;
  /** REGIONAL or CLOUDFRONT: the web ACL's. */
  scope: string;
  /** JSON of the model's LoggingConfiguration, as GetLoggingConfiguration returns it. */
  body: string;
  updated_at: number;
}

/** Adds the table to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  interface Database {
    wafv2_logging_configs: Wafv2LoggingConfigsTable;
  }
}
