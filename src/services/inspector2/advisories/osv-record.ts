// Reads one OSV advisory (untrusted JSON) into the bounded record Warden stores: ids, texts and lists capped.
import { ecosystemBase, packageNameKey } from './ecosystems.js';
import type { OsvEvent, OsvRange } from './osv-range.js';

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface AdvisoryPackage {
  ecosystem: string;
  ecosystemBase: string;
  name: string;
  nameKey: string;
  purl?: string;
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
}

export interface AdvisoryRecord {
  id: string;
  modified: number;
  published?: number;
  withdrawn?: number;
  aliases: string[];
  upstream: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity[];
  severityText?: string;
  references: { type: string; url: string }[];
  cwes: number[];
  affected: AdvisoryPackage[];
}

/** Caps: generous for real OSV data (the largest records list a few thousand versions), bounded for storage. */
export const OSV_LIMITS = {
  idLength: 128,
  summaryLength: 1024,
  detailsLength: 16 * 1024,
  aliases: 100,
  references: 200,
  urlLength: 2048,
  affected: 1000,
  ranges: 100,
  events: 1000,
  versions: 20_000,
  versionLength: 256,
  nameLength: 512,
  severities: 10,
  scoreLength: 256,
  cwes: 50,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
}

/** Text capped rather than refused: an over-long description still describes. */
function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return v.length <= max ? v : `${v.slice(0, max - 1)}…`;
}

function time(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

function list<T>(v: unknown, max: number, each: (x: unknown) => T | undefined): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v.slice(0, max)) {
    const y = each(x);
    if (y !== undefined) out.push(y);
  }
  return out;
}

function severities(v: unknown): OsvSeverity[] {
  return list(v, OSV_LIMITS.severities, (s) => {
    if (!isObject(s)) return undefined;
    const type = str(s.type, 32);
    const score = str(s.score, OSV_LIMITS.scoreLength);
    return type && score ? { type, score } : undefined;
  });
}

function event(e: unknown): OsvEvent | undefined {
  if (!isObject(e)) return undefined;
  for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
    const version = str(e[kind], OSV_LIMITS.versionLength);
    if (version !== undefined) return { [kind]: version };
  }
  return undefined;
}

function range(r: unknown): OsvRange | undefined {
  if (!isObject(r)) return undefined;
  const type = str(r.type, 32);
  if (type === undefined) return undefined;
  const events = list(r.events, OSV_LIMITS.events, event);
  return events.length > 0 ? { type, events } : undefined;
}

function affectedPackage(a: unknown): AdvisoryPackage | undefined {
  if (!isObject(a) || !isObject(a.package)) return undefined;
  const ecosystem = str(a.package.ecosystem, 128);
  const name = str(a.package.name, OSV_LIMITS.nameLength);
  if (ecosystem === undefined || name === undefined) return undefined;
  return {
    ecosystem,
    ecosystemBase: ecosystemBase(ecosystem),
    name,
    nameKey: packageNameKey(ecosystem, name),
    purl: str(a.package.purl, OSV_LIMITS.urlLength),
    ranges: list(a.ranges, OSV_LIMITS.ranges, range),
    versions: list(a.versions, OSV_LIMITS.versions, (v) => str(v, OSV_LIMITS.versionLength)),
    severity: severities(a.severity),
  };
}

/** CWE ids as GitHub's and other databases give them in database_specific.cwe_ids ("CWE-79"). */
function cwes(dbSpecific: unknown): number[] {
  if (!isObject(dbSpecific)) return [];
  return list(dbSpecific.cwe_ids, OSV_LIMITS.cwes, (c) => {
    const m = typeof c === 'string' ? /^CWE-([0-9]{1,6})$/.exec(c) : null;
    return m ? Number(m[1]) : undefined;
  });
}

/** The severity word a database attached (GitHub's LOW / MODERATE / HIGH / CRITICAL), when it is one. */
function severityText(dbSpecific: unknown): string | undefined {
  if (!isObject(dbSpecific)) return undefined;
  const s = typeof dbSpecific.severity === 'string' ? dbSpecific.severity.toUpperCase() : undefined;
  return s !== undefined && ['LOW', 'MODERATE', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(s) ? s : undefined;
}

/** The advisory, or why it cannot be stored (a record without a usable id or modified time). */
export function readOsvRecord(doc: unknown): AdvisoryRecord | { error: string } {
  if (!isObject(doc)) return { error: 'not a JSON object' };
  const id = str(doc.id, OSV_LIMITS.idLength);
  if (id === undefined || !ID.test(id)) return { error: 'no valid id' };
  const modified = time(doc.modified);
  if (modified === undefined) return { error: `${id}: no valid modified time` };
  const idList = (v: unknown) =>
    list(v, OSV_LIMITS.aliases, (a) => {
      const s = str(a, OSV_LIMITS.idLength);
      return s !== undefined && ID.test(s) ? s : undefined;
    });
  return {
    id,
    modified,
    published: time(doc.published),
    withdrawn: time(doc.withdrawn),
    aliases: idList(doc.aliases),
    upstream: idList(doc.upstream),
    summary: text(doc.summary, OSV_LIMITS.summaryLength),
    details: text(doc.details, OSV_LIMITS.detailsLength),
    severity: severities(doc.severity),
    severityText: severityText(doc.database_specific),
    references: list(doc.references, OSV_LIMITS.references, (r) => {
      if (!isObject(r)) return undefined;
      const url = str(r.url, OSV_LIMITS.urlLength);
      return url ? { type: str(r.type, 32) ?? 'WEB', url } : undefined;
    }),
    cwes: cwes(doc.database_specific),
    affected: list(doc.affected, OSV_LIMITS.affected, affectedPackage),
  };
}
