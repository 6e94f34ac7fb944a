// Severity words and CVSS vectors of an advisory, as Inspector reports them: the database's word, else the rating of
// the newest CVSS vector's base score, else "unknown".
import type { OsvSeverity } from '../inspector2/advisories/osv-record.js';
import { cvssRating, cvssScores } from '../inspector2/advisories/cvss.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

const RANK: Readonly<Record<Severity, number>> = { unknown: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The higher of two severities ("unknown" lowest). */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The advisory's severity: its database's word (GitHub's LOW / MODERATE / HIGH / CRITICAL), else an Ubuntu priority
 * (negligible counted as low), else the rating of the newest complete CVSS vector's base score (v4, then v3.1,
 * v3.0, v2; a score of 0 rated low), else unknown.
 */
export function severityOf(severityText: string | undefined, severities: readonly OsvSeverity[]): Severity {
  switch (severityText) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MODERATE':
    case 'MEDIUM':
      return 'medium';
    case 'LOW':
      return 'low';
  }
  const ubuntu = severities.find((s) => s.type === 'Ubuntu')?.score.toLowerCase();
  if (ubuntu === 'critical' || ubuntu === 'high' || ubuntu === 'medium' || ubuntu === 'low') return ubuntu;
  if (ubuntu === 'negligible') return 'low';
  const scored = cvssScores(severities)[0];
  if (scored === undefined) return 'unknown';
  const rating = cvssRating(scored);
  return rating === 'none' ? 'low' : rating;
}

/** CycloneDX's rating method for a CVSS vector: CVSSv2, CVSSv3, CVSSv31 or CVSSv4; undefined for other severities. */
export function cvssMethod(s: OsvSeverity): string | undefined {
  if (s.type === 'CVSS_V2') return 'CVSSv2';
  if (s.type === 'CVSS_V4') return 'CVSSv4';
  if (s.type === 'CVSS_V3') return s.score.startsWith('CVSS:3.1/') ? 'CVSSv31' : 'CVSSv3';
  return undefined;
}
