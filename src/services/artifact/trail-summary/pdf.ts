// The audit-trail summary as a PDF: the totals, a day-by-day bar chart and horizontal bars for each top list (vector
// drawing with pdfkit), then the notable security events; the same summary `formatTrailSummary` prints.
import { collect, FAIL, INK, MUTED, newDocument, type Doc } from '../pdf.js';
import type { CountedList, TrailSummary } from './summary.js';

const READ = '#8ab4f8';
const WRITE = '#1a73e8';
const LABEL_CHARS = 60;

const left = (doc: Doc) => doc.page.margins.left;
const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page when fewer than `height` points are left on this one. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  room(doc, 40);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(text, left(doc), doc.y);
  doc.moveDown(0.2);
}

const clip = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 3)}...` : s);

/** One row per listed key: its label, a bar scaled to the largest count, and the count. */
function bars(doc: Doc, title: string, l: CountedList, color: string, empty: string): void {
  heading(doc, title);
  if (l.rows.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(empty);
    return;
  }
  const x = left(doc);
  const labelWidth = 250;
  const barSpace = width(doc) - labelWidth - 50;
  const max = Math.max(...l.rows.map((r) => r.count), 1);
  for (const r of l.rows) {
    room(doc, 12);
    const y = doc.y;
    doc.font('Helvetica').fontSize(8).fillColor(INK).text(clip(r.key), x, y, { width: labelWidth, lineBreak: false });
    const w = Math.max((barSpace * r.count) / max, 1);
    doc.rect(x + labelWidth + 5, y, w, 8).fill(color);
    doc.fillColor(INK).text(String(r.count), x + labelWidth + 10 + w, y, { lineBreak: false });
    doc.y = y + 11;
  }
  if (l.other > 0) {
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(`and ${l.other} more in other groups`, x, doc.y);
  }
}

/** The day-by-day chart: per day a bar of writes under reads, the denied calls as a red bar inside it. */
function dayChart(doc: Doc, s: TrailSummary): void {
  heading(doc, 'Events by day (UTC)');
  const height = 120;
  room(doc, height + 40);
  const x0 = left(doc) + 30;
  const plotWidth = width(doc) - 30;
  const top = doc.y;
  const base = top + height;
  const max = Math.max(...s.byDay.map((d) => d.reads + d.writes), 1);
  const slot = plotWidth / Math.max(s.byDay.length, 1);
  const barWidth = Math.max(slot * 0.7, 0.5);
  const scale = (n: number) => (height * n) / max;
  s.byDay.forEach((d, i) => {
    const x = x0 + i * slot + (slot - barWidth) / 2;
    if (d.writes > 0) doc.rect(x, base - scale(d.writes), barWidth, scale(d.writes)).fill(WRITE);
    if (d.reads > 0) doc.rect(x, base - scale(d.writes + d.reads), barWidth, scale(d.reads)).fill(READ);
    if (d.denied > 0) doc.rect(x + barWidth / 4, base - scale(d.denied), barWidth / 2, scale(d.denied)).fill(FAIL);
  });
  doc
    .lineWidth(0.5)
    .strokeColor(MUTED)
    .moveTo(x0, base)
    .lineTo(x0 + plotWidth, base)
    .stroke();
  doc.moveTo(x0, top).lineTo(x0, base).stroke();
  doc.font('Helvetica').fontSize(7).fillColor(MUTED);
  doc.text(String(max), left(doc), top, { width: 26, align: 'right', lineBreak: false });
  doc.text('0', left(doc), base - 7, { width: 26, align: 'right', lineBreak: false });
  const first = s.byDay[0]?.day ?? '';
  const last = s.byDay[s.byDay.length - 1]?.day ?? '';
  doc.text(first, x0, base + 3, { lineBreak: false });
  doc.text(last, x0 + plotWidth - 45, base + 3, { width: 45, align: 'right', lineBreak: false });
  const legendY = base + 14;
  let lx = x0;
  for (const [color, label] of [
    [READ, 'reads'],
    [WRITE, 'writes'],
    [FAIL, 'denied'],
  ] as const) {
    doc.rect(lx, legendY, 8, 8).fill(color);
    doc
      .fillColor(INK)
      .fontSize(8)
      .text(label, lx + 11, legendY, { lineBreak: false });
    lx += 60;
  }
  doc.x = left(doc);
  doc.y = legendY + 14;
}

export function renderTrailSummaryPdf(s: TrailSummary, generatedAt: string): Promise<Buffer> {
  const doc = newDocument(
    'Audit trail summary',
    `Account ${s.accountId}, events from ${s.since} to ${s.until}; generated ${generatedAt}`,
  );
  const done = collect(doc);
  const t = s.totals;
  doc.font('Helvetica').fontSize(10).fillColor(INK);
  doc.text(`Events: ${t.events}`);
  doc.text(`Read events: ${t.reads}`);
  doc.text(`Write events: ${t.writes}`);
  doc.text(`Errors: ${t.errors}`);
  doc.text(`Denied calls: ${t.denied}`);
  doc.text(`Root user calls: ${t.root}`);
  dayChart(doc, s);
  bars(doc, 'By event source', s.bySource, WRITE, 'No events.');
  bars(doc, 'By event name', s.byEventName, WRITE, 'No events.');
  bars(doc, 'Top principals', s.topPrincipals, WRITE, 'No events.');
  bars(doc, 'Denied calls by principal', s.deniedByPrincipal, FAIL, 'No denied calls.');
  bars(doc, 'Top source IP addresses', s.topSourceIps, WRITE, 'No events.');
  bars(doc, 'Errors by code', s.errorsByCode, FAIL, 'No errors.');
  bars(doc, 'Root user calls by event', s.rootByEventName, FAIL, 'No root user calls.');
  heading(doc, `Notable security events: ${s.notable.total}`);
  doc.font('Helvetica').fontSize(8);
  if (s.notable.total === 0) doc.fillColor(MUTED).text('None in this period.');
  for (const e of s.notable.events) {
    room(doc, 24);
    doc
      .fillColor(e.errorCode !== undefined ? MUTED : INK)
      .text(
        `${e.time}  ${e.category}: ${e.eventName} by ${e.principal} from ${e.sourceIp}` +
          (e.errorCode !== undefined ? ` (failed: ${e.errorCode})` : ''),
      );
  }
  if (s.notable.total > s.notable.events.length) {
    doc.fillColor(MUTED).text(`... and ${s.notable.total - s.notable.events.length} earlier`);
  }
  doc.end();
  return done;
}
