// Row types of Inspector2's organization tables (created by ../migrations/0145_inspector2_members.ts). Times are epoch ms.

/** One delegated administrator's member in one Region; `account_id` is the administrator. */
export interface Inspector2MembersTable {
  account_id: string;
  region: string;
  member_account_id: string;
  /** ENABLED: associated, its findings, coverage and status visible to the administrator. */
  relationship: string;
  created_at: number;
  updated_at: number;
}

/** A delegated administrator's organization configuration in one Region. */
export interface Inspector2OrgConfigTable {
  account_id: string;
  region: string;
  /** JSON AutoEnable: the scan types enabled for each account as it is associated. */
  auto_enable: string;
  updated_at: number;
}

export interface Inspector2MemberTables {
  inspector2_members: Inspector2MembersTable;
  inspector2_org_config: Inspector2OrgConfigTable;
}

/** Adds these tables to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Inspector2MemberTables' members into Database
  interface Database extends Inspector2MemberTables {}
}
