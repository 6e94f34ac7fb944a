// SearchVulnerabilities: one CVE as Inspector describes it, built from every imported OSV advisory that is or names it.
import type {
  SearchVulnerabilitiesRequest,
  SearchVulnerabilitiesResponse,
  Vulnerability,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { pageOfList } from '../../../store/pagination.js';
import { advisoriesNamingCve, ecosystemsOf } from '../advisories/advisory-search.js';
import type { StoredAdvisory } from '../advisories/advisory-store.js';
import { cvssScores, type CvssScore } from '../advisories/cvss.js';
import { invalidToken } from '../errors.js';
import { findingSeverity } from '../findings/package-findings.js';

/** The model's bounds on the Vulnerability's lists. */
const MAX_LIST = 100;

/** A platform name from an OSV ecosystem, as Inspector spells platforms: `Debian:12` → `DEBIAN_12`, `npm` → `NPM`. */
export function platformOf(ecosystem: string): string {
  return ecosystem
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The advisory that speaks for the CVE first: the CVE's own record (OSV's copy of NVD's), else the oldest id. */
function byPreference(cve: string, advisories: readonly StoredAdvisory[]): StoredAdvisory[] {
  return [...advisories].sort((a, b) => Number(b.id === cve) - Number(a.id === cve) || (a.id < b.id ? -1 : 1));
}

const unique = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** The CVE's Vulnerability: texts and scores from the preferred advisory that has them, lists merged from all. */
export function vulnerabilityOf(
  cve: string,
  advisories: readonly StoredAdvisory[],
  ecosystems: readonly string[],
): Vulnerability {
  const ordered = byPreference(cve, advisories);
  const v: Vulnerability = { id: cve, source: 'OSV' as Vulnerability['source'] };
  const cwes = unique(ordered.flatMap((a) => a.cwes.map((n) => `CWE-${n}`)));
  if (cwes.length > 0) v.cwes = cwes;
  const described = ordered.find((a) => a.details !== undefined || a.summary !== undefined);
  if (described !== undefined) v.description = described.details ?? described.summary;
  // Each CVSS version from the first advisory that scores it (v3.1 before v3.0 within one advisory).
  const scores = ordered.flatMap((a) => cvssScores(a.severity));
  const first = (pick: (s: CvssScore) => boolean) => scores.find(pick);
  const asCvss = (s: CvssScore | undefined) =>
    s === undefined ? undefined : { baseScore: s.baseScore, scoringVector: s.vector };
  const cvss4 = asCvss(first((s) => s.version === '4.0'));
  const cvss3 = asCvss(first((s) => s.version === '3.1' || s.version === '3.0'));
  const cvss2 = asCvss(first((s) => s.version === '2.0'));
  if (cvss4) v.cvss4 = cvss4;
  if (cvss3) v.cvss3 = cvss3;
  if (cvss2) v.cvss2 = cvss2;
  const related = unique(ordered.flatMap((a) => [a.id, ...a.aliases, ...a.upstream])).filter((id) => id !== cve);
  if (related.length > 0) v.relatedVulnerabilities = related.slice(0, MAX_LIST);
  // The vendor's word when an advisory gives one, else the rating its vectors imply, as package findings report it.
  const worded = ordered.find((a) => a.severityText !== undefined);
  const severity =
    worded?.severityText ??
    findingSeverity(
      ordered[0]!,
      ordered.slice(1).flatMap((a) => a.severity),
    );
  if (severity !== 'UNTRIAGED') v.vendorSeverity = severity.slice(0, 64);
  const published = ordered.map((a) => a.published).filter((t): t is number => t !== undefined);
  if (published.length > 0) v.vendorCreatedAt = new Date(Math.min(...published));
  v.vendorUpdatedAt = new Date(Math.max(...ordered.map((a) => a.modified)));
  v.sourceUrl = `https://osv.dev/vulnerability/${ordered[0]!.id}`;
  const refs = unique(ordered.flatMap((a) => a.references.map((r) => r.url)));
  if (refs.length > 0) v.referenceUrls = refs.slice(0, MAX_LIST);
  v.detectionPlatforms = unique(ecosystems.map(platformOf).filter((p) => p.length > 0)).slice(0, MAX_LIST);
  // EPSS, CISA KEV, ATIG and observed exploits come from sources OSV does not carry: left out rather than guessed.
  return v;
}

export async function searchVulnerabilities(
  ctx: RequestContext,
  input: SearchVulnerabilitiesRequest,
): Promise<SearchVulnerabilitiesResponse> {
  const db = ctx.runtime.store.db;
  // The model allows exactly one id, a CVE (validated before this runs).
  const cve = input.filterCriteria.vulnerabilityIds[0]!;
  const advisories = await advisoriesNamingCve(db, cve);
  const found =
    advisories.length === 0
      ? []
      : [
          vulnerabilityOf(
            cve,
            advisories,
            await ecosystemsOf(
              db,
              advisories.map((a) => a.id),
            ),
          ),
        ];
  // An empty token is a first request, as the model's minimum length of 0 allows.
  const page = pageOfList(ctx, found, {
    token: input.nextToken === '' ? undefined : input.nextToken,
    limit: 1,
    filters: { vulnerabilityIds: input.filterCriteria.vulnerabilityIds },
    errors: { invalid: invalidToken },
  });
  const out: SearchVulnerabilitiesResponse = { vulnerabilities: page.items };
  if (page.next !== undefined) out.nextToken = page.next;
  return out;
}
