// Row types of WAFv2's tables (created by ./migrations/0070_wafv2.ts). Times are epoch ms.

/** One web ACL, rule group, IP set or regex pattern set: its whole model-shaped JSON in `body`. */
export interface Wafv2ResourcesTable {
  arn: string;
  account_id: string;
  region: string;
  /** REGIONAL or CLOUDFRONT. */
  scope: string;
  /** webacl, rulegroup, ipset or regexpatternset: the ARN's resource type. */
  kind: string;
  id: string;
  name: string;
  description: string | null;
  lock_token: string;
  /** JSON of the model's WebACL / RuleGroup / IPSet / RegexPatternSet shape, as Get* returns it. */
  body: string;
  /** WCUs: a rule group's declared capacity, a web ACL's computed one; null for sets. */
  capacity: number | null;
  created_at: number;
  updated_at: number;
}

/** What a web ACL or rule group refers to by ARN: a referenced resource cannot be deleted. */
export interface Wafv2ReferencesTable {
  account_id: string;
  from_arn: string;
  to_arn: string;
}

export interface Wafv2TagsTable {
  account_id: string;
  arn: string;
  tag_key: string;
  tag_value: string;
}

/** A protected resource (a load balancer) and the one web ACL associated with it. */
export interface Wafv2AssociationsTable {
  resource_arn: string;
  account_id: string;
  region: string;
  web_acl_arn: string;
  created_at: number;
}

export interface Wafv2Tables {
  wafv2_resources: Wafv2ResourcesTable;
  wafv2_references: Wafv2ReferencesTable;
  wafv2_tags: Wafv2TagsTable;
  wafv2_associations: Wafv2AssociationsTable;
}

/** Adds WAFv2's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges Wafv2Tables' members into Database
  interface Database extends Wafv2Tables {}
}
