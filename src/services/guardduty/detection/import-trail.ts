// Analyses CloudTrail log files exported from AWS into a chosen detector, in event-time order, as live records are.
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { DetectorRef } from '../detectors.js';
import type { Finding } from '../../../aws/generated/guardduty.js';
import { isPublicAddress } from '../../../net/geo/public-address.js';
import { analyseBatch, loadGeolocation, type AnalysisCounters, type DetectionHost } from './analyse.js';
import { analysesTrail } from './detector-lookup.js';
import { readTrailFile, trailFiles } from './trail-files.js';

/** Records one import holds at once (they are sorted by event time before analysis); larger exports import in parts. */
export const MAX_IMPORT_RECORDS = 1_000_000;
/**
 * Records analysed in one transaction, between yields: short enough that a server sharing the store (its own writes
 * wait for the lock on SQLite) keeps answering.
 */
const BATCH = 64;

export interface ImportProgress {
  phase: 'reading' | 'analysing';
  done: number;
  total: number;
  findings: number;
}

export interface TrailImportOptions {
  /** Only records delivered to this account (recipientAccountId); default every account in the files. */
  account?: string;
  /** Only records of this Region (awsRegion); default every Region. */
  region?: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface TrailImportSummary {
  detector: DetectorRef;
  files: number;
  /** Files not read, with why (capped at 50; `rejectedFiles` counts them all). */
  rejected: string[];
  rejectedFiles: number;
  records: number;
  analysed: number;
  /** Data events and other accounts' or Regions' records left out. */
  skipped: number;
  /** Entries that are not records (no event time, not an object). */
  malformed: number;
  counters: AnalysisCounters;
  /** Per finding type: findings made or added to, and occurrences recorded. */
  byType: Map<string, { findings: number; occurrences: number }>;
}

interface Timed {
  at: number;
  seq: number;
  record: CloudTrailRecord;
}

/**
 * Reads every log file under `source` and analyses its management events with the trail detections into the
 * detector, sorted by event time (ties in file order), so detections that reason in event time see the calls as
 * they happened. Every record goes to the chosen detector whatever account or Region it came from — an exported
 * trail is another account's — unless `account` / `region` narrow them. Findings are recorded through the same
 * store the server uses (safe while it runs: SQLite in WAL mode or PostgreSQL).
 */
export async function importTrail(
  host: DetectionHost,
  detectorId: string,
  source: string,
  opts: TrailImportOptions = {},
): Promise<TrailImportSummary> {
  // The operator names a detector of any account (the command runs beside the server, not as a caller).
  const row = await host.store.db
    .selectFrom('guardduty_detectors')
    .select(['account_id', 'region', 'id', 'status', 'features'])
    .where('id', '=', detectorId)
    .executeTakeFirst();
  if (!row) throw new Error(`no detector ${detectorId.slice(0, 64)} in this store`);
  if (!analysesTrail(row))
    throw new Error(`detector ${row.id} is disabled: enable it (UpdateDetector) to import into it`);
  const detector: DetectorRef = { accountId: row.account_id, region: row.region, id: row.id };
  const summary: TrailImportSummary = {
    detector,
    files: 0,
    rejected: [],
    rejectedFiles: 0,
    records: 0,
    analysed: 0,
    skipped: 0,
    malformed: 0,
    counters: { failures: 0, trusted: 0 },
    byType: new Map(),
  };

  const files = await trailFiles(source);
  const timed: Timed[] = [];
  for (const [i, file] of files.entries()) {
    opts.onProgress?.({ phase: 'reading', done: i, total: files.length, findings: 0 });
    let records: unknown[];
    try {
      records = await readTrailFile(file);
    } catch (err) {
      summary.rejectedFiles++;
      if (summary.rejected.length < 50) summary.rejected.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    summary.files++;
    for (const r of records) {
      summary.records++;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) {
        summary.malformed++;
        continue;
      }
      const record = r as CloudTrailRecord;
      const at = typeof record.eventTime === 'string' ? Date.parse(record.eventTime) : NaN;
      if (!Number.isFinite(at)) {
        summary.malformed++;
        continue;
      }
      // GuardDuty's foundational analysis reads management events; data and network activity events are not.
      const management = record.managementEvent !== false && (record.eventCategory as string | undefined) !== 'Data';
      if (
        !management ||
        (opts.account !== undefined && record.recipientAccountId !== opts.account) ||
        (opts.region !== undefined && record.awsRegion !== opts.region)
      ) {
        summary.skipped++;
        continue;
      }
      if (timed.length >= MAX_IMPORT_RECORDS)
        throw new Error(
          `more than ${MAX_IMPORT_RECORDS} records: import the trail in parts (a folder per day or Region)`,
        );
      timed.push({ at, seq: timed.length, record });
    }
  }
  timed.sort((a, b) => a.at - b.at || a.seq - b.seq);
  // Findings of public addresses name their country and network: load that data first, only when some needs it.
  if (timed.some((t) => typeof t.record.sourceIPAddress === 'string' && isPublicAddress(t.record.sourceIPAddress)))
    await loadGeolocation(host.log);

  const ids = new Map<string, Set<string>>();
  let findings = 0;
  const count = (recorded: readonly Finding[]) => {
    for (const f of recorded) {
      findings++;
      let seen = ids.get(f.Type);
      if (!seen) ids.set(f.Type, (seen = new Set()));
      seen.add(f.Id);
      const entry = summary.byType.get(f.Type) ?? { findings: 0, occurrences: 0 };
      entry.occurrences++;
      entry.findings = seen.size;
      summary.byType.set(f.Type, entry);
    }
  };
  for (let i = 0; i < timed.length; i += BATCH) {
    opts.onProgress?.({ phase: 'analysing', done: i, total: timed.length, findings });
    const items = timed.slice(i, i + BATCH).map((t) => ({ detector, record: t.record }));
    for (const recorded of await analyseBatch(host, items, summary.counters)) count(recorded);
    summary.analysed += items.length;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  opts.onProgress?.({ phase: 'analysing', done: timed.length, total: timed.length, findings });
  return summary;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The summary printed at the end: what was read, and the findings by type. */
export function formatTrailImportSummary(s: TrailImportSummary): string {
  const d = s.detector;
  const lines = [
    `Read ${plural(s.files, 'file')}${s.rejectedFiles ? ` (${s.rejectedFiles} not read)` : ''}: ` +
      `${plural(s.records, 'record')}, ${s.analysed.toLocaleString('en-US')} analysed, ` +
      `${s.skipped.toLocaleString('en-US')} skipped, ${s.malformed.toLocaleString('en-US')} malformed.`,
    `Detector ${d.id} (account ${d.accountId}, ${d.region}):`,
  ];
  const types = [...s.byType.entries()].sort((a, b) => b[1].occurrences - a[1].occurrences || (a[0] < b[0] ? -1 : 1));
  if (types.length === 0) lines.push('  no findings');
  const width = Math.max(0, ...types.map(([t]) => t.length));
  for (const [type, { findings, occurrences }] of types)
    lines.push(`  ${type.padEnd(width)}  ${plural(findings, 'finding')}, ${plural(occurrences, 'occurrence')}`);
  if (s.counters.trusted) lines.push(`${plural(s.counters.trusted, 'finding')} suppressed by trusted IP lists.`);
  if (s.counters.failures) lines.push(`${plural(s.counters.failures, 'detection error')} (see the log).`);
  if (s.rejected.length) {
    lines.push('Not read:');
    for (const r of s.rejected) lines.push(`  ${r}`);
    if (s.rejectedFiles > s.rejected.length) lines.push(`  … and ${s.rejectedFiles - s.rejected.length} more`);
  }
  return `${lines.join('\n')}\n`;
}
