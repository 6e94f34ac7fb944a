// Row types of the vulnerability advisories Inspector matches packages against (created by
// ../migrations/0105_inspector_advisories.ts). Advisories are the same for every account: no account_id. Times are epoch ms.

export interface InspectorAdvisoriesTable {
  /** The OSV id (GHSA-…, DSA-…, PYSEC-…). */
  id: string;
  /** OSV `modified`: a re-import replaces the stored advisory only when this moves forward. */
  modified: number;
  published: number | null;
  /** OSV `withdrawn`: a withdrawn advisory matches nothing. */
  withdrawn: number | null;
  /** JSON string[]: CVE ids and other aliases. */
  aliases: string;
  /** JSON string[]: upstream advisory ids. */
  upstream: string;
  summary: string | null;
  details: string | null;
  /** JSON {type, score}[]: the advisory's severities (CVSS vectors) as OSV gives them. */
  severity: string;
  /** The severity word its database gave it (database_specific.severity), when any. */
  severity_text: string | null;
  /** JSON {type, url}[]. */
  refs: string;
  /** JSON number[]: CWE ids from database_specific.cwe_ids. */
  cwes: string;
  imported_at: number;
}

export interface InspectorAdvisoryPackagesTable {
  advisory_id: string;
  /** Position in the advisory's `affected` list. */
  ordinal: number;
  /** As the advisory names it: "Debian:12", "npm", "PyPI". */
  ecosystem: string;
  /** The ecosystem without its release: the lookup key with name_key. */
  ecosystem_base: string;
  name: string;
  /** The name as looked up (PyPI names normalized; see ecosystems.ts). */
  name_key: string;
  purl: string | null;
  /** JSON OsvRange[]. */
  ranges: string;
  /** JSON string[]. */
  versions: string;
  /** JSON {type, score}[]: this package's own severities, when the advisory gives them per package. */
  severity: string;
}

/** One name (alias or upstream id) an advisory goes by (../migrations/0165_inspector_advisory_aliases.ts). */
export interface InspectorAdvisoryAliasesTable {
  alias: string;
  advisory_id: string;
}

export interface InspectorAdvisoryTables {
  inspector_advisories: InspectorAdvisoriesTable;
  inspector_advisory_packages: InspectorAdvisoryPackagesTable;
  inspector_advisory_aliases: InspectorAdvisoryAliasesTable;
}

/** Adds the advisory tables to the store's Database type (see src/store/schema.ts). */
declare module '../../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges InspectorAdvisoryTables' members into Database
  interface Database extends InspectorAdvisoryTables {}
}
