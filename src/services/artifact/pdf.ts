// Warden's report PDFs (pdfkit, standard fonts only): a title block, a PASS/FAIL bar a reader takes in at a glance,
// and the sections each report writes; rendered in memory.
import PDFDocument from 'pdfkit';
import type { AccessReview } from './compliance/access-review.js';
import type { Checklist } from './compliance/checklist.js';
import { RESPONSIBILITY_MATRIX } from './responsibility.js';

export const PASS = '#1e7b34';
export const FAIL = '#b3261e';
export const INK = '#202124';
export const MUTED = '#5f6368';

export type Doc = InstanceType<typeof PDFDocument>;

export function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export function newDocument(title: string, subtitle: string): Doc {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: 'Warden', Creator: 'Warden' } });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(title);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(subtitle);
  doc.moveDown();
  return doc;
}

/** A horizontal bar split by the share of controls passing and failing, with its legend. */
function summaryBar(doc: Doc, passed: number, failed: number): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = Math.max(passed + failed, 1);
  const y = doc.y;
  const passWidth = (width * passed) / total;
  if (passed > 0) doc.rect(left, y, passWidth, 14).fill(PASS);
  if (failed > 0) doc.rect(left + passWidth, y, width - passWidth, 14).fill(FAIL);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(INK)
    .text(`${passed} passed, ${failed} failed`, left, y + 20);
  doc.moveDown();
}

function status(doc: Doc, s: 'PASS' | 'FAIL'): void {
  doc
    .font('Helvetica-Bold')
    .fillColor(s === 'PASS' ? PASS : FAIL)
    .text(`${s}  `, { continued: true });
}

/** The audit checklist: every control with its status, failing resources and remediation. */
export function renderChecklistPdf(list: Checklist): Promise<Buffer> {
  const doc = newDocument(
    'Warden audit checklist',
    `${list.benchmark}, account ${list.accountId}, ${list.generatedAt}`,
  );
  const done = collect(doc);
  summaryBar(doc, list.passed, list.failed);
  for (const c of list.controls) {
    doc.fontSize(11);
    status(doc, c.status);
    doc.font('Helvetica-Bold').fillColor(INK).text(`${c.id} ${c.title}`);
    if (c.status === 'FAIL') {
      doc.font('Helvetica').fontSize(9).fillColor(MUTED);
      for (const r of c.failingResources.slice(0, 50)) doc.text(`- ${r}`, { indent: 16 });
      if (c.failingResources.length > 50) doc.text(`... and ${c.failingResources.length - 50} more`, { indent: 16 });
      doc.fillColor(INK).text(`Remediation: ${c.remediation}`, { indent: 16 });
    }
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}

/** The shared responsibility matrix: what Warden does, what the customer does, and the customer side's live status. */
export function renderMatrixPdf(list: Checklist): Promise<Buffer> {
  const doc = newDocument(
    'Shared responsibility matrix',
    `This Warden deployment and account ${list.accountId}, ${list.generatedAt}`,
  );
  const done = collect(doc);
  const byId = new Map(list.controls.map((c) => [c.id, c]));
  for (const row of RESPONSIBILITY_MATRIX) {
    doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(row.area);
    doc.font('Helvetica-Bold').fontSize(9).text('Warden: ', { continued: true });
    doc.font('Helvetica').text(row.warden);
    doc.font('Helvetica-Bold').text('Customer: ', { continued: true });
    doc.font('Helvetica').text(row.customer);
    for (const id of row.controls) {
      const c = byId.get(id);
      if (c === undefined) continue;
      doc.fontSize(9);
      status(doc, c.status);
      doc.font('Helvetica').fillColor(INK).text(`${c.id} ${c.title}`);
    }
    doc.moveDown(0.7);
  }
  doc.end();
  return done;
}

/** The terms a reader accepts before downloading a report (GetTermForReport's document). */
export function renderTermsPdf(reportName: string): Promise<Buffer> {
  const doc = newDocument('Terms for downloading a Warden report', reportName);
  const done = collect(doc);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(INK)
    .text(
      'This report describes the security configuration of a Warden deployment and of one of its accounts. ' +
        'It is confidential to the account holder and its auditors: do not share it further without the ' +
        "account owner's consent. It reflects the account's state when it was generated and is no assurance " +
        'of any later state. Downloading the report with this term token records your acceptance of these ' +
        'terms in the account audit trail.',
    );
  doc.end();
  return done;
}

/** The access review: per sensitive action a bar of how many principals may take it, then each principal's list. */
export function renderAccessReviewPdf(review: AccessReview, accountId: string, generatedAt: string): Promise<Buffer> {
  const doc = newDocument('Access review', `Sensitive actions by principal, account ${accountId}, ${generatedAt}`);
  const done = collect(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = Math.max(review.rows.length, 1);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Principals allowed each action');
  doc.moveDown(0.3);
  for (const action of review.actions) {
    const n = review.rows.filter((r) => r.allowed.includes(action)).length;
    const y = doc.y;
    doc.font('Helvetica').fontSize(8).fillColor(INK).text(action, left, y, { width: 150 });
    const barWidth = ((width - 190) * n) / total;
    if (n > 0) doc.rect(left + 155, y, barWidth, 8).fill(FAIL);
    doc.fillColor(INK).text(String(n), left + 160 + barWidth, y);
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('By principal', left, doc.y);
  for (const row of review.rows) {
    doc.font('Helvetica-Bold').fontSize(9).fillColor(INK).text(row.principal);
    doc
      .font('Helvetica')
      .fillColor(row.allowed.length > 0 ? FAIL : PASS)
      .text(row.allowed.length > 0 ? row.allowed.join(', ') : 'none of the sensitive actions', { indent: 16 });
  }
  if (review.rows.length === 0) doc.font('Helvetica').fontSize(9).text('The account has no IAM users or roles.');
  if (review.truncated) doc.fillColor(MUTED).text('More principals exist than this review covers.');
  doc.end();
  return done;
}
