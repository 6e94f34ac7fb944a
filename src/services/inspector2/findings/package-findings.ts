// Package vulnerability findings of one instance: its packages' advisory matches grouped by vulnerability, in Inspector's shape.
import type { CvssScore, FixAvailable, Severity, VulnerablePackage } from '../../../aws/generated/inspector2.js';
import type { AdvisoryMatch } from '../advisories/matcher.js';
import type { StoredAdvisory } from '../advisories/advisory-store.js';
import { cvssRating, cvssScores } from '../advisories/cvss.js';
import type { InstalledPackage } from './installed-packages.js';

/** A finding's content before it is stored: what the evaluator compares and writes. */
export interface FindingDraft {
  /** Identity across evaluations (with the account and region). */
  key: string;
  type: 'PACKAGE_VULNERABILITY' | 'NETWORK_REACHABILITY';
  severity: Severity;
  inspectorScore?: number;
  vulnerabilityId?: string;
  title: string;
  description: string;
  /** The rest of the Finding (type-specific details, remediation, fixAvailable, inspectorScoreDetails). */
  fields: Record<string, unknown>;
}

const MAX_TEXT = 1024;
const cap = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** The id Inspector reports: the CVE the advisory is (its id, an alias, else an upstream id), or its own id. */
export function vulnerabilityIdOf(advisory: StoredAdvisory): string {
  const cve = (id: string) => id.startsWith('CVE-');
  if (cve(advisory.id)) return advisory.id;
  return advisory.aliases.find(cve) ?? advisory.upstream.find(cve) ?? advisory.id;
}

/**
 * The severity Inspector gives: the database's word (GitHub's, MODERATE as MEDIUM), else an Ubuntu priority, else the
 * rating of the newest complete CVSS vector (a base score of 0 is INFORMATIONAL), else UNTRIAGED.
 */
export function findingSeverity(advisory: StoredAdvisory, extra: AdvisoryMatch['affected']['severity']): Severity {
  switch (advisory.severityText) {
    case 'CRITICAL':
      return 'CRITICAL';
    case 'HIGH':
      return 'HIGH';
    case 'MODERATE':
    case 'MEDIUM':
      return 'MEDIUM';
    case 'LOW':
      return 'LOW';
  }
  const all = [...advisory.severity, ...extra];
  const ubuntu = all.find((s) => s.type === 'Ubuntu')?.score.toUpperCase();
  if (ubuntu === 'CRITICAL' || ubuntu === 'HIGH' || ubuntu === 'MEDIUM' || ubuntu === 'LOW') return ubuntu;
  if (ubuntu === 'NEGLIGIBLE') return 'LOW';
  const scored = cvssScores(all)[0];
  if (scored === undefined) return 'UNTRIAGED';
  const r = cvssRating(scored);
  return r === 'none' ? 'INFORMATIONAL' : (r.toUpperCase() as Severity);
}

/** How a package manager upgrades one package: the text Inspector puts in a vulnerable package's remediation. */
function upgradeCommand(p: InstalledPackage, fixed: string | undefined): string {
  const to = fixed === undefined ? '' : ` (to ${fixed} or later)`;
  switch (p.packageManager) {
    case 'OS':
      return `apt-get update && apt-get install --only-upgrade ${p.name}${to}`;
    case 'NPM':
      return fixed === undefined ? `npm update ${p.name}` : `npm install ${p.name}@${fixed}`;
    default:
      return fixed === undefined ? `pip install --upgrade ${p.name}` : `pip install --upgrade '${p.name}>=${fixed}'`;
  }
}

/** Debian fixed versions as Inspector writes them, with their epoch: `0:3.0.11-1~deb12u2`. */
function fixedInVersion(p: InstalledPackage, fixed: string | undefined): string {
  if (fixed === undefined) return 'NotAvailable';
  if (p.packageManager === 'OS' && !/^[0-9]+:/.test(fixed)) return `0:${fixed}`;
  return fixed;
}

function vulnerablePackage(p: InstalledPackage, fixed: string | undefined): VulnerablePackage {
  const out: VulnerablePackage = { name: p.name, version: p.version };
  if (p.epoch !== undefined) out.epoch = p.epoch;
  if (p.release !== undefined) out.release = p.release;
  if (p.arch !== undefined) out.arch = p.arch.toUpperCase();
  out.packageManager = p.packageManager;
  out.fixedInVersion = fixedInVersion(p, fixed);
  out.remediation = upgradeCommand(p, fixed);
  return out;
}

/** One finding per vulnerability the instance's packages have, every affected package listed in it. */
export function packageFindings(
  instanceId: string,
  packages: readonly InstalledPackage[],
  matches: readonly AdvisoryMatch[][],
): FindingDraft[] {
  const byVuln = new Map<string, { advisory: StoredAdvisory; hits: { p: InstalledPackage; m: AdvisoryMatch }[] }>();
  for (const [i, list] of matches.entries())
    for (const m of list) {
      const id = vulnerabilityIdOf(m.advisory);
      const g = byVuln.get(id) ?? { advisory: m.advisory, hits: [] };
      if (!g.hits.some((h) => h.p.name === packages[i]!.name && h.p.version === packages[i]!.version))
        g.hits.push({ p: packages[i]!, m });
      byVuln.set(id, g);
    }
  const out: FindingDraft[] = [];
  for (const [vulnerabilityId, { advisory, hits }] of [...byVuln].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const severity = findingSeverity(advisory, hits[0]!.m.affected.severity);
    const scores = cvssScores([...advisory.severity, ...hits[0]!.m.affected.severity]);
    const cvss: CvssScore[] = scores.map((s) => ({
      baseScore: s.baseScore,
      scoringVector: s.vector,
      version: s.version,
      source: 'OSV',
    }));
    const fixedCount = hits.filter((h) => h.m.fixedVersion !== undefined).length;
    const fixAvailable: FixAvailable = fixedCount === hits.length ? 'YES' : fixedCount === 0 ? 'NO' : 'PARTIAL';
    const names = [...new Set(hits.map((h) => h.p.name))].sort();
    const title = cap(`${vulnerabilityId} - ${names.join(', ')}`);
    const description = cap(advisory.details ?? advisory.summary ?? vulnerabilityId);
    const related = [advisory.id, ...advisory.aliases, ...advisory.upstream].filter((id) => id !== vulnerabilityId);
    const details: Record<string, unknown> = {
      vulnerabilityId,
      source: 'OSV',
      sourceUrl: `https://osv.dev/vulnerability/${advisory.id}`,
      vulnerablePackages: hits.map((h) => vulnerablePackage(h.p, h.m.fixedVersion)),
      cvss,
      referenceUrls: advisory.references.slice(0, 50).map((r) => r.url),
      relatedVulnerabilities: [...new Set(related)].slice(0, 50),
      vendorSeverity: advisory.severityText ?? (severity === 'UNTRIAGED' ? 'UNTRIAGED' : severity),
    };
    if (advisory.published !== undefined) details.vendorCreatedAt = advisory.published / 1000;
    details.vendorUpdatedAt = advisory.modified / 1000;
    const fields: Record<string, unknown> = {
      packageVulnerabilityDetails: details,
      remediation: {
        recommendation: {
          text:
            fixAvailable === 'NO'
              ? 'None Provided'
              : `Upgrade ${names.join(', ')} to a version that fixes ${vulnerabilityId}.`,
        },
      },
      fixAvailable,
      exploitAvailable: 'NO',
    };
    const top = scores[0];
    if (top !== undefined)
      fields.inspectorScoreDetails = {
        adjustedCvss: {
          scoreSource: 'OSV',
          cvssSource: 'OSV',
          version: top.version,
          score: top.baseScore,
          scoringVector: top.vector,
          adjustments: [],
        },
      };
    out.push({
      key: `${instanceId}|PKG|${vulnerabilityId}`,
      type: 'PACKAGE_VULNERABILITY',
      severity,
      inspectorScore: top?.baseScore,
      vulnerabilityId,
      title,
      description,
      fields,
    });
  }
  return out;
}
