// Row types of Inspector2's account status, findings and evaluation marks (created by ./migrations/0106_inspector2.ts), and its filters. Times are epoch ms.

/** Which resource types an account has Inspector scanning, per region (absent row: everything DISABLED). */
export interface Inspector2AccountStatusTable {
  account_id: string;
  region: string;
  /** Status per resource type (ENABLED / DISABLED): ec2, ecr, lambda, lambda_code, code_repository. */
  ec2: string;
  ecr: string;
  lambda: string;
  lambda_code: string;
  code_repository: string;
  updated_at: number;
}

/** One finding, in Inspector's own JSON (`body`), with the columns filters, sorts and re-evaluation use typed out. */
export interface Inspector2FindingsTable {
  finding_arn: string;
  account_id: string;
  region: string;
  /** What makes a finding the same one across evaluations: `<instance>|PKG|<vulnerabilityId>` or `<instance>|NET|<port>`. */
  finding_key: string;
  resource_id: string;
  type: string;
  status: string;
  severity: string;
  /** Severity's order for sorting: INFORMATIONAL 0 … CRITICAL 4, UNTRIAGED -1. */
  severity_rank: number;
  inspector_score: number | null;
  vulnerability_id: string | null;
  first_observed_at: number;
  last_observed_at: number;
  updated_at: number;
  /** The Finding as ListFindings answers it (timestamps as epoch seconds). */
  body: string;
}

/** What an instance's findings were last evaluated against: re-evaluated when either moves. */
export interface Inspector2InstanceEvalsTable {
  instance_id: string;
  account_id: string;
  region: string;
  /** The newest inventory item update seen (ssm_inventory_items.updated_at). */
  inventory_at: number;
  /** advisoriesChangedAt() at the time. */
  advisories_at: number;
  evaluated_at: number;
}

/** A finding filter (./migrations/0107_inspector2_filters.ts): `criteria` and `tags` are JSON. */
export interface Inspector2FiltersTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  /** NONE or SUPPRESS. */
  action: string;
  criteria: string;
  description: string | null;
  reason: string | null;
  tags: string;
  created_at: number;
  updated_at: number;
}

export interface Inspector2Tables {
  inspector2_account_status: Inspector2AccountStatusTable;
  inspector2_findings: Inspector2FindingsTable;
  inspector2_instance_evals: Inspector2InstanceEvalsTable;
  inspector2_filters: Inspector2FiltersTable;
}

/** Adds Inspector2's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Inspector2Tables' members into Database
  interface Database extends Inspector2Tables {}
}
