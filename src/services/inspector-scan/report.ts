// Builds ScanSbom's answer from the matches: a CycloneDX 1.5 document with vulnerabilities, or Inspector's own JSON.
import { randomUUID } from 'node:crypto';
import type { AdvisoryMatch } from '../inspector2/advisories/matcher.js';
import type { OsvSeverity } from '../inspector2/advisories/osv-record.js';
import type { OutputComponent } from './sbom-input.js';
import { cvssMethod, severityOf, worse, type Severity } from './severity.js';
import { cvssScore } from '../inspector2/advisories/cvss.js';

const NS = 'amazon:inspector:sbom_scanner';
/** Inspector's per-component notes (the namespace's `info` and `warning` properties). */
export const SCANNED_CLEAN = 'Component scanned: no vulnerabilities found.';
export const SKIPPED = 'Component skipped: no rules found.';
/** Reference URLs kept per vulnerability. */
const MAX_ADVISORY_URLS = 100;

/** One component's outcome: its matches, or that nothing could be checked for it. */
export interface ComponentResult {
  component: OutputComponent;
  /** Whether the component's package was checked (a supported purl the advisories know). */
  scanned: boolean;
  matches: AdvisoryMatch[];
  /** Debian and Ubuntu fixed versions are reported with their epoch ("0:3.0.11-1~deb12u2"), as Inspector does. */
  debian: boolean;
}

/** One vulnerability (a CVE, or the advisory's id when it names none) and the components it affects. */
interface Vulnerability {
  id: string;
  advisories: AdvisoryMatch['advisory'][];
  severities: OsvSeverity[];
  severity: Severity;
  affects: { component: OutputComponent; fixedVersion?: string }[];
}

/** The id Inspector reports: the CVE the advisory is (its id, an alias, else an upstream id), or its own id. */
function vulnerabilityId(advisory: AdvisoryMatch['advisory']): string {
  const cve = (id: string) => id.startsWith('CVE-');
  if (cve(advisory.id)) return advisory.id;
  return advisory.aliases.find(cve) ?? advisory.upstream.find(cve) ?? advisory.id;
}

const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');

function withEpoch(version: string): string {
  return version.includes(':') ? version : `0:${version}`;
}

/** Groups the matches by vulnerability, in order of first appearance. */
function vulnerabilities(results: readonly ComponentResult[]): Vulnerability[] {
  const byId = new Map<string, Vulnerability>();
  for (const r of results)
    for (const m of r.matches) {
      const id = vulnerabilityId(m.advisory);
      let v = byId.get(id);
      if (v === undefined) byId.set(id, (v = { id, advisories: [], severities: [], severity: 'unknown', affects: [] }));
      if (!v.advisories.some((a) => a.id === m.advisory.id)) v.advisories.push(m.advisory);
      for (const s of [...m.advisory.severity, ...m.affected.severity])
        if (!v.severities.some((t) => t.type === s.type && t.score === s.score)) v.severities.push(s);
      v.severity = worse(
        v.severity,
        severityOf(m.advisory.severityText, [...m.advisory.severity, ...m.affected.severity]),
      );
      if (!v.affects.some((a) => a.component === r.component)) {
        const fixed = m.fixedVersion === undefined ? undefined : r.debian ? withEpoch(m.fixedVersion) : m.fixedVersion;
        v.affects.push({ component: r.component, fixedVersion: fixed });
      }
    }
  return [...byId.values()];
}

function urls(v: Vulnerability): string[] {
  const out: string[] = [];
  for (const a of v.advisories)
    for (const r of a.references) if (out.length < MAX_ADVISORY_URLS && !out.includes(r.url)) out.push(r.url);
  return out;
}

const first = <T>(v: Vulnerability, pick: (a: AdvisoryMatch['advisory']) => T | undefined) =>
  v.advisories.map(pick).find((x) => x !== undefined);
const earliest = (v: Vulnerability, pick: (a: AdvisoryMatch['advisory']) => number | undefined) => {
  const times = v.advisories.map(pick).filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.min(...times);
};
const cwes = (v: Vulnerability) => [...new Set(v.advisories.flatMap((a) => a.cwes))];
const osvSource = (id: string) => ({ name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` });

function counts(vulns: readonly Vulnerability[]): Record<Severity, number> {
  const c: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const v of vulns) c[v.severity]++;
  return c;
}

/** The CycloneDX 1.5 answer: the components with Inspector's notes, the vulnerabilities, counts in the metadata. */
export function cycloneDxReport(results: readonly ComponentResult[], roots: OutputComponent[], toolVersion: string) {
  for (const r of results) {
    if (r.matches.length > 0 || r.component.purl === undefined) continue;
    const note = r.scanned ? { name: `${NS}:info`, value: SCANNED_CLEAN } : { name: `${NS}:warning`, value: SKIPPED };
    r.component.properties = [note];
  }
  const vulns = vulnerabilities(results);
  const c = counts(vulns);
  const doc: Record<string, unknown> = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${randomUUID()}`,
    metadata: {
      properties: (['critical', 'high', 'medium', 'low'] as const).map((s) => ({
        name: `${NS}:${s}_vulnerabilities`,
        value: String(c[s]),
      })),
      timestamp: new Date().toISOString(),
      tools: { services: [{ name: 'Amazon Inspector Scan SBOM API', version: toolVersion }] },
    },
  };
  if (roots.length > 0) doc.components = roots;
  if (vulns.length > 0)
    doc.vulnerabilities = vulns.map((v, i) => {
      const ratings: Record<string, unknown>[] = [];
      for (const s of v.severities) {
        const method = cvssMethod(s);
        const score = cvssScore(s)?.baseScore;
        if (method !== undefined)
          ratings.push({
            ...(score === undefined ? {} : { score }),
            method,
            vector: s.score,
            source: osvSource(v.advisories[0]!.id),
          });
      }
      ratings.push(
        v.severity === 'unknown'
          ? { severity: 'unknown', method: 'other', source: { name: 'AMAZON_INSPECTOR' } }
          : { severity: v.severity, method: 'other', source: osvSource(v.advisories[0]!.id) },
      );
      const out: Record<string, unknown> = {
        advisories: urls(v).map((url) => ({ url })),
        'bom-ref': `vuln-${i + 1}`,
        ratings,
        created: iso(earliest(v, (a) => a.published)),
        description: first(v, (a) => a.details ?? a.summary),
        affects: v.affects.map((a) => ({ ref: a.component['bom-ref'] })),
        id: v.id,
        source: osvSource(v.advisories[0]!.id),
        cwes: cwes(v),
        analysis: { state: 'exploitable' },
        updated: iso(Math.max(...v.advisories.map((a) => a.modified))),
        properties: v.affects
          .filter((a) => a.fixedVersion !== undefined)
          .map((a) => ({ name: `${NS}:fixed_version:${a.component['bom-ref']}`, value: a.fixedVersion! })),
      };
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out;
    });
  return doc;
}

/** Inspector's own answer (outputFormat INSPECTOR): notes per clean component, vulnerabilities by installed purl, counts. */
export function inspectorReport(results: readonly ComponentResult[]) {
  const vulns = vulnerabilities(results);
  const c = counts(vulns);
  const messages = results
    .filter((r) => r.matches.length === 0 && r.component.purl !== undefined)
    .map((r) => ({ info_message: r.scanned ? SCANNED_CLEAN : SKIPPED, purl: r.component.purl! }));
  return {
    messages,
    vulnerabilities: vulns.map((v) => {
      const out: Record<string, unknown> = {
        affects: v.affects.map((a) => {
          const e: Record<string, string> = { installed_version: a.component.purl ?? a.component.name };
          if (a.fixedVersion !== undefined) e.fixed_version = a.fixedVersion;
          return e;
        }),
        created: iso(earliest(v, (a) => a.published)),
        description: first(v, (a) => a.details ?? a.summary),
        id: v.id,
        properties: {
          cvss: v.severities
            .filter((s) => cvssMethod(s) !== undefined)
            .map((s) => {
              const v = s.type === 'CVSS_V2' ? 2 : s.type === 'CVSS_V4' ? 4 : 3;
              const score = cvssScore(s)?.baseScore;
              return {
                ...(score === undefined ? {} : { [`cvss_${v}_base_score`]: score }),
                [`cvss_${v}_base_vector`]: s.score,
                source: 'OSV',
              };
            }),
          cwes: cwes(v),
        },
        references: urls(v),
        severity: v.severity === 'unknown' ? 'untriaged' : v.severity,
        source: osvSource(v.advisories[0]!.id).url,
        updated: iso(Math.max(...v.advisories.map((a) => a.modified))),
      };
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out;
    }),
    vulnerability_count: { critical: c.critical, high: c.high, low: c.low, medium: c.medium, other: c.unknown },
  };
}
