// Row types of the Organizations tables (created by ./migrations/0020_organizations.ts). Times are epoch ms.

export interface OrgOrganizationsTable {
  id: string;
  /** One organization per management account; a member belongs to at most one (org_accounts). */
  management_account_id: string;
  /** ALL | CONSOLIDATED_BILLING */
  feature_set: string;
  created_at: number;
}

export interface OrgRootsTable {
  id: string;
  org_id: string;
  name: string;
  /** JSON array of the enabled policy types: [{ Type, Status }]. */
  policy_types: string;
}

export interface OrgUnitsTable {
  id: string;
  org_id: string;
  /** The root (r-...) or OU (ou-...) holding it. */
  parent_id: string;
  name: string;
  created_at: number;
}

/** Membership of an account in an organization; names and emails live in `accounts`. */
export interface OrgAccountsTable {
  account_id: string;
  org_id: string;
  parent_id: string;
  /** INVITED | CREATED */
  joined_method: string;
  joined_at: number;
}

export interface OrgCreateAccountStatusTable {
  id: string;
  org_id: string;
  account_name: string;
  email: string;
  role_name: string;
  /** The id the account takes when the request succeeds (not shown before). */
  account_id: string;
  /** IN_PROGRESS | SUCCEEDED | FAILED */
  state: string;
  failure_reason: string | null;
  /** JSON array of the Tags given to CreateAccount. */
  tags: string;
  requested_at: number;
  completed_at: number | null;
}

export interface OrgPoliciesTable {
  id: string;
  org_id: string;
  /** SERVICE_CONTROL_POLICY | RESOURCE_CONTROL_POLICY | TAG_POLICY */
  type: string;
  name: string;
  description: string;
  content: string;
  created_at: number;
}

/** A policy attached to a root, OU or account. AWS-managed policies (p-FullAWSAccess) are attached per org. */
export interface OrgPolicyAttachmentsTable {
  org_id: string;
  policy_id: string;
  target_id: string;
  policy_type: string;
  /** When it was attached (epoch ms; 0 for attachments older than 0021): management policies merge in this order. */
  attached_at: number;
}

export interface OrgHandshakesTable {
  id: string;
  org_id: string;
  /** INVITE | ENABLE_ALL_FEATURES | APPROVE_ALL_FEATURES */
  action: string;
  /** REQUESTED | OPEN | ACCEPTED | DECLINED | CANCELED | EXPIRED */
  state: string;
  /** The invited account's id. */
  target_account_id: string;
  notes: string | null;
  requested_at: number;
  expires_at: number;
  /** APPROVE_ALL_FEATURES: the ENABLE_ALL_FEATURES handshake it answers (null otherwise). */
  parent_id: string | null;
}

/** The organization's resource-based delegation policy (PutResourcePolicy); at most one per organization. */
export interface OrgResourcePoliciesTable {
  org_id: string;
  /** rp-… */
  id: string;
  content: string;
  updated_at: number;
}

export interface OrgDelegatedAdminsTable {
  org_id: string;
  account_id: string;
  service_principal: string;
  registered_at: number;
}

export interface OrgServiceAccessTable {
  org_id: string;
  service_principal: string;
  enabled_at: number;
}

export interface OrgTagsTable {
  org_id: string;
  /** An account id, OU id, root id or policy id. */
  resource_id: string;
  tag_key: string;
  tag_value: string;
}

/** The root user's console password of accounts made with `warden create-account --password`. */
export interface AccountRootPasswordsTable {
  account_id: string;
  /** scrypt hash (src/auth/passwords.ts). */
  password_hash: string;
  created_at: number;
}

export interface OrganizationsTables {
  org_organizations: OrgOrganizationsTable;
  org_roots: OrgRootsTable;
  org_units: OrgUnitsTable;
  org_accounts: OrgAccountsTable;
  org_create_account_status: OrgCreateAccountStatusTable;
  org_policies: OrgPoliciesTable;
  org_policy_attachments: OrgPolicyAttachmentsTable;
  org_handshakes: OrgHandshakesTable;
  org_delegated_admins: OrgDelegatedAdminsTable;
  org_service_access: OrgServiceAccessTable;
  org_tags: OrgTagsTable;
  org_resource_policies: OrgResourcePoliciesTable;
  account_root_passwords: AccountRootPasswordsTable;
}

/** Adds Organizations's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges OrganizationsTables' members into Database
  interface Database extends OrganizationsTables {}
}
