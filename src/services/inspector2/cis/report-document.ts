// A CIS scan's report document, as CSV (one row per check and target, every field quoted as RFC 4180 allows) or PDF
// (pdfkit, standard fonts: the scan's summary, then each target's checks with their status and what was found).
import PDFDocument from 'pdfkit';
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { accountScope } from '../../../store/account-scope.js';
import { cisResourceId } from './resource-ids.js';
import { checkOrder } from './results.js';
import type {
  Inspector2CisScanResultsTable,
  Inspector2CisScansTable,
  Inspector2CisScanTargetsTable,
} from './tables.js';
import './tables.js';

export interface ScanReport {
  scan: Inspector2CisScansTable;
  targets: Inspector2CisScanTargetsTable[];
  results: Inspector2CisScanResultsTable[];
}

/** The scan and its results, its own account's only; undefined when the account has no such scan. */
export async function loadScanReport(
  db: Kysely<Database>,
  accountId: string,
  scanArn: string,
): Promise<ScanReport | undefined> {
  const scope = accountScope(db, accountId);
  const scan = await scope
    .selectFrom('inspector2_cis_scans')
    .selectAll()
    .where('scan_arn', '=', scanArn)
    .executeTakeFirst();
  if (scan === undefined) return undefined;
  const targets = await scope
    .selectFrom('inspector2_cis_scan_targets')
    .selectAll()
    .where('scan_arn', '=', scanArn)
    .orderBy('instance_id')
    .limit(10_000)
    .execute();
  const results = await scope
    .selectFrom('inspector2_cis_scan_results')
    .selectAll()
    .where('scan_arn', '=', scanArn)
    .limit(200_000)
    .execute();
  results.sort((a, b) =>
    a.instance_id === b.instance_id
      ? checkOrder(a.check_id) < checkOrder(b.check_id)
        ? -1
        : 1
      : a.instance_id < b.instance_id
        ? -1
        : 1,
  );
  return { scan, targets, results };
}

const HEADINGS = [
  'Account ID',
  'Target Resource ID',
  'Platform',
  'Check ID',
  'Title',
  'Level',
  'Status',
  'Status Reason',
];

function quote(value: string): string {
  // A leading =, +, - or @ would be a formula to a spreadsheet: prefixed with ' so it stays text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function renderCsv(r: ScanReport): string {
  const lines = [HEADINGS.map(quote).join(',')];
  for (const x of r.results) {
    lines.push(
      [x.account_id, cisResourceId(x.instance_id), x.platform ?? '', x.check_id, x.title, x.level, x.status, x.detail]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const PASS = '#1e7b34';
const FAIL = '#b3261e';
const INK = '#202124';
const MUTED = '#5f6368';

export function renderPdf(r: ScanReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `CIS scan report: ${r.scan.scan_name}`, Author: 'Warden', Creator: 'Warden' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(`CIS scan report: ${r.scan.scan_name}`);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      `${r.scan.scan_arn}\nAccount ${r.scan.account_id}, ${r.scan.security_level}, started ${new Date(Number(r.scan.started_at)).toISOString()}, ${r.scan.status}`,
    );
  doc.moveDown();
  doc
    .fillColor(INK)
    .text(
      `${r.scan.failed_checks} of ${r.scan.total_checks} checks failed on at least one of ${r.targets.length} targets.`,
    );
  doc.moveDown();
  for (const t of r.targets) {
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor(INK)
      .text(`${cisResourceId(t.instance_id)}${t.platform ? ` (${t.platform})` : ''}`);
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        `${t.target_status ?? 'IN_PROGRESS'}${t.status_reason ? ` ${t.status_reason}` : ''}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`,
      );
    for (const x of r.results.filter((y) => y.instance_id === t.instance_id)) {
      doc
        .font('Helvetica-Bold')
        .fontSize(9)
        .fillColor(x.status === 'FAILED' ? FAIL : x.status === 'PASSED' ? PASS : MUTED)
        .text(`${x.status}  `, { continued: true });
      doc.font('Helvetica').fillColor(INK).text(`${x.check_id} ${x.title}`);
      if (x.status !== 'PASSED') doc.fillColor(MUTED).text(x.detail, { indent: 16 });
    }
    doc.moveDown();
  }
  doc.end();
  return done;
}
