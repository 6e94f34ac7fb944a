// Severity words and CVSS vectors of an advisory, as Inspector reports them. No CVSS calculator is a dependency yet,
// so vectors are reported as given and the severity is the word the advisory's database gave (else "unknown").
import type { OsvSeverity } from '../inspector2/advisories/osv-record.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

const RANK: Readonly<Record<Severity, number>> = { unknown: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The higher of two severities ("unknown" lowest). */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The advisory's severity: its database's word (GitHub's LOW / MODERATE / HIGH / CRITICAL), else an Ubuntu priority
 * (negligible counted as low), else unknown.
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
  return 'unknown';
}

/** CycloneDX's rating method for a CVSS vector: CVSSv2, CVSSv3, CVSSv31 or CVSSv4; undefined for other severities. */
export function cvssMethod(s: OsvSeverity): string | undefined {
  if (s.type === 'CVSS_V2') return 'CVSSv2';
  if (s.type === 'CVSS_V4') return 'CVSSv4';
  if (s.type === 'CVSS_V3') return s.score.startsWith('CVSS:3.1/') ? 'CVSSv31' : 'CVSSv3';
  return undefined;
}
