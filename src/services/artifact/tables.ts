// Row types of Artifact's tables (created by ./migrations/0120_artifact.ts, 0121_artifact_agreements.ts and
// 0150_artifact_inquiries.ts). Times are epoch ms.

/** One version of a report: Warden-made ones per account, operator-published ones for every account ("*"). */
export interface ArtifactReportVersionsTable {
  account_id: string;
  report_id: string;
  version: number;
  name: string;
  description: string;
  category: string;
  series: string;
  /** SHA-256 of what the version says (not of the PDF's bytes, which carry a creation date). */
  content_hash: string;
  /** The PDF, base64. */
  document: string;
  created_at: number;
}

/** GetTermForReport's tokens: single use (used_at set by the GetReport that spends it), expiring. */
export interface ArtifactTermTokensTable {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  token_hash: string;
  account_id: string;
  report_id: string;
  version: number;
  expires_at: number;
  used_at: number | null;
}

export interface ArtifactAccountSettingsTable {
  account_id: string;
  notification_subscription_status: string;
}

/**
 * An acceptance of one of Warden's agreements (./agreements.ts): by account_id for itself (org_id null), or by
 * account_id as its organization's management account for every account in org_id. Terminated rows stay.
 */
export interface ArtifactCustomerAgreementsTable {
  /** customer-agreement-<16 letters/digits> */
  id: string;
  agreement_id: string;
  account_id: string;
  org_id: string | null;
  /** ACTIVE | CUSTOMER_TERMINATED */
  state: string;
  effective_start: number;
  effective_end: number | null;
}

/** A compliance inquiry (./inquiries.ts), regional as its ARN is; tags are a JSON object. */
export interface ArtifactComplianceInquiriesTable {
  account_id: string;
  region: string;
  /** compliance-inquiry-<16 letters/digits> */
  id: string;
  name: string;
  /** TEXT | FILE */
  input_source: string;
  support_mode: string;
  status: string;
  status_message: string;
  client_token: string | null;
  tags: string;
  /** The latest PutComplianceInquiryFeedback naming no query, JSON. */
  feedback: string | null;
  created_at: number;
  updated_at: number;
}

/** One question of an inquiry, numbered from 1, with the passage answering it (JSON citations) and its feedback. */
export interface ArtifactInquiryQueriesTable {
  account_id: string;
  region: string;
  inquiry_id: string;
  query_id: number;
  query: string;
  response: string | null;
  citations: string;
  status: string;
  status_message: string;
  created_at: number;
  /** The latest PutComplianceInquiryFeedback for the query, JSON. */
  feedback: string | null;
}

/** A rendered ExportComplianceInquiry PDF, base64, downloadable through its presigned URL until expires_at. */
export interface ArtifactInquiryExportsTable {
  id: string;
  account_id: string;
  inquiry_id: string;
  document: string;
  expires_at: number;
}

export interface ArtifactTables {
  artifact_report_versions: ArtifactReportVersionsTable;
  artifact_term_tokens: ArtifactTermTokensTable;
  artifact_account_settings: ArtifactAccountSettingsTable;
  artifact_customer_agreements: ArtifactCustomerAgreementsTable;
  artifact_compliance_inquiries: ArtifactComplianceInquiriesTable;
  artifact_inquiry_queries: ArtifactInquiryQueriesTable;
  artifact_inquiry_exports: ArtifactInquiryExportsTable;
}

/** Adds Artifact's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges ArtifactTables' members into Database
  interface Database extends ArtifactTables {}
}
