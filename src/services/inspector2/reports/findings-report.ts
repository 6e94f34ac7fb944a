// Writes a findings report: the findings ListFindings would answer for the report's accounts and filterCriteria
// (ACTIVE only unless the criteria name a findingStatus, as AWS's API does), newest first, as one CSV or JSON object
// `<prefix>/<reportId>.csv|json` in the destination bucket's directory.
import type { FilterCriteria, Finding } from '../../../aws/generated/inspector2.js';
import type { Runtime } from '../../../core/runtime.js';
import { matchesCriteria, readFindingsOf } from '../findings/read.js';
import { csvHeader, csvRow, iso } from './findings-csv.js';
import { destinationOf, finish } from './report-store.js';
import { prepareDestination, type KeepGoing } from './prepare.js';
import type { Inspector2ReportsTable } from './tables.js';
import { writeObject } from './object-writer.js';

/** Findings a report holds at most (readFindingsOf reads no more). */
export const MAX_REPORT_FINDINGS = 20_000;

const ACTIVE_ONLY: FilterCriteria = { findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }] };

/** The report's findings: its criteria applied exactly as ListFindings applies them. */
export async function reportFindings(
  runtime: Runtime,
  row: Pick<Inspector2ReportsTable, 'accounts' | 'region' | 'criteria'>,
): Promise<Finding[]> {
  const criteria = row.criteria === null ? undefined : (JSON.parse(row.criteria) as FilterCriteria);
  const found = await readFindingsOf(runtime.store.db, JSON.parse(row.accounts) as string[], row.region);
  const byStatus = criteria?.findingStatus !== undefined && criteria.findingStatus.length > 0;
  return found
    .map((x) => x.f)
    .filter((f) => matchesCriteria(criteria, f) && (byStatus || matchesCriteria(ACTIVE_ONLY, f)))
    .slice(0, MAX_REPORT_FINDINGS);
}

function* csvParts(findings: readonly Finding[], now: number): Generator<string> {
  yield csvHeader();
  for (const f of findings) yield csvRow(f, now);
}

/** Members the stored findings keep as epoch seconds (the wire's timestamp form). */
const SECONDS = new Set(['vendorCreatedAt', 'vendorUpdatedAt', 'lastKnownExploitAt', 'launchedAt']);
/** Bound on the nesting followed (a finding is a few levels deep). */
const MAX_DEPTH = 16;

/** A finding's timestamps, wherever they are, as ISO 8601 strings. */
export function withIsoTimes(value: unknown, depth = 0): unknown {
  if (value instanceof Date) return value.toISOString();
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withIsoTimes(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECONDS.has(k) && typeof v === 'number' ? iso(v) : withIsoTimes(v, depth + 1),
    ]),
  );
}

/** `{"findings": [...]}`, each finding as ListFindings answers it, its timestamps as ISO 8601. */
function* jsonParts(findings: readonly Finding[]): Generator<string> {
  yield '{"findings":[';
  for (let i = 0; i < findings.length; i++) yield (i === 0 ? '' : ',') + JSON.stringify(withIsoTimes(findings[i]));
  yield ']}';
}

export async function writeFindingsReport(
  runtime: Runtime,
  row: Inspector2ReportsTable,
  keepGoing: KeepGoing,
): Promise<void> {
  const db = runtime.store.db;
  const place = await prepareDestination(runtime, row, destinationOf(row));
  if ('error' in place) {
    await finish(db, row, 'FAILED', place.error);
    return;
  }
  const findings = await reportFindings(runtime, row);
  if (findings.length === 0) {
    await finish(db, row, 'FAILED', { code: 'NO_FINDINGS_FOUND', message: 'No findings matched the filter criteria.' });
    return;
  }
  const folder = await place.folder([]);
  const now = Date.now();
  const written =
    row.format === 'CSV'
      ? await writeObject(folder, `${row.report_id}.csv`, csvParts(findings, now), keepGoing)
      : await writeObject(folder, `${row.report_id}.json`, jsonParts(findings), keepGoing);
  if (written) await finish(db, row, 'SUCCEEDED');
}
