// Artifact's report versions: Warden-made reports (the audit checklist, the shared responsibility matrix) get a new
// version when what they say changes (the audit-trail summary: one per period, trail-summary/report.ts);
// operator-published documents are versions readable by every account.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';
import { runChecklist, type Checklist } from './compliance/checklist.js';
import { accessReview, type AccessReview } from './compliance/access-review.js';
import { renderAccessReviewPdf, renderChecklistPdf, renderMatrixPdf } from './pdf.js';
import { RESPONSIBILITY_MATRIX } from './responsibility.js';
import type { ArtifactReportVersionsTable } from './tables.js';
import { dailyPeriod, ensureTrailSummaryVersion } from './trail-summary/report.js';

type Db = Kysely<Database>;
export type VersionRow = Selectable<ArtifactReportVersionsTable>;

/** The account id of operator-published versions: every account reads them. */
export const PUBLISHED = '*';

export const CHECKLIST_REPORT_ID = 'report-CisChecklist3000';
export const MATRIX_REPORT_ID = 'report-RespMatrixWarden';
export const ACCESS_REVIEW_REPORT_ID = 'report-AccessReviewSens';

/** What Warden's reports are made from: the checklist and the access review, read once per refresh. */
interface ReportInputs {
  list: Checklist;
  access: AccessReview;
}

interface GeneratedReport {
  id: string;
  name: string;
  description: string;
  category: string;
  series: string;
  /** What the report says, as the input of its content hash (nothing time-dependent). */
  content(inputs: ReportInputs): unknown;
  render(inputs: ReportInputs): Promise<Buffer>;
}

const verdicts = (list: Checklist) => list.controls.map((c) => [c.id, c.status, c.failingResources]);

export const GENERATED_REPORTS: readonly GeneratedReport[] = [
  {
    id: CHECKLIST_REPORT_ID,
    name: 'Warden audit checklist',
    description: 'CIS AWS Foundations Benchmark v3.0.0 IAM, logging and KMS controls, judged against this account',
    category: 'Audit checklist',
    series: 'Warden compliance',
    content: ({ list }) => verdicts(list),
    render: ({ list }) => renderChecklistPdf(list),
  },
  {
    id: MATRIX_REPORT_ID,
    name: 'Shared responsibility matrix',
    description: "What Warden secures and what this account must, with the customer side's live status",
    category: 'Shared responsibility',
    series: 'Warden compliance',
    content: ({ list }) => [RESPONSIBILITY_MATRIX, verdicts(list)],
    render: ({ list }) => renderMatrixPdf(list),
  },
  {
    id: ACCESS_REVIEW_REPORT_ID,
    name: 'Access review',
    description: 'Which users and roles may take the most sensitive actions, as IAM policy simulation decides',
    category: 'Access review',
    series: 'Warden compliance',
    content: ({ access }) => access,
    render: ({ list, access }) => renderAccessReviewPdf(access, list.accountId, list.generatedAt),
  },
];

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

async function latestVersion(db: Db, accountId: string, reportId: string): Promise<VersionRow | undefined> {
  return db
    .selectFrom('artifact_report_versions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('report_id', '=', reportId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Adds a version after the latest unless the latest already says the same; a racing writer's insert wins. */
async function addVersionIfChanged(
  db: Db,
  row: Omit<VersionRow, 'version' | 'document'>,
  document: () => Promise<Buffer>,
): Promise<void> {
  const latest = await latestVersion(db, row.account_id, row.report_id);
  if (latest?.content_hash === row.content_hash) return;
  const pdf = await document();
  await db
    .insertInto('artifact_report_versions')
    .values({ ...row, version: Number(latest?.version ?? 0) + 1, document: pdf.toString('base64') })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Brings the caller's account's Warden-made reports up to date with its state now. */
export async function refreshGeneratedReports(ctx: RequestContext): Promise<void> {
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  const now = ctx.receivedAt.getTime();
  const inputs: ReportInputs = {
    list: await runChecklist(db, accountId, { partition: ctx.partition, now }),
    access: await accessReview(ctx),
  };
  for (const r of GENERATED_REPORTS) {
    await addVersionIfChanged(
      db,
      {
        account_id: accountId,
        report_id: r.id,
        name: r.name,
        description: r.description,
        category: r.category,
        series: r.series,
        content_hash: contentHash([r.id, r.content(inputs)]),
        created_at: now,
      },
      () => r.render(inputs),
    );
  }
  // The audit-trail summary is versioned per period, not per change: made once a day, for the 30 days before it.
  await ensureTrailSummaryVersion(ctx.runtime.store, accountId, dailyPeriod(now), now);
}

/** A new id for a published report: "report-" and 16 letters and digits, as Artifact's ids are. */
export function newReportId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `report-${[...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/**
 * Publishes an operator's document for every account: a new version of the report already named `name`, or a new
 * report. The same bytes as the latest version add nothing. Returns the report id and the version now current.
 */
export async function publishDocument(
  db: Db,
  input: { name: string; description: string; pdf: Buffer; now: number },
): Promise<{ reportId: string; version: number }> {
  const existing = await db
    .selectFrom('artifact_report_versions')
    .select('report_id')
    .where('account_id', '=', PUBLISHED)
    .where('name', '=', input.name)
    .executeTakeFirst();
  const reportId = existing?.report_id ?? newReportId();
  await addVersionIfChanged(
    db,
    {
      account_id: PUBLISHED,
      report_id: reportId,
      name: input.name,
      description: input.description,
      category: 'Operator published',
      series: input.name,
      content_hash: createHash('sha256').update(input.pdf).digest('hex'),
      created_at: input.now,
    },
    async () => input.pdf,
  );
  const latest = await latestVersion(db, PUBLISHED, reportId);
  return { reportId, version: Number(latest!.version) };
}

/** Every version of the reports an account reads (its own Warden-made ones and the published ones), without PDFs. */
export async function reportVersions(
  db: Db,
  accountId: string,
  reportId?: string,
): Promise<Omit<VersionRow, 'document'>[]> {
  let q = db
    .selectFrom('artifact_report_versions')
    .select([
      'account_id',
      'report_id',
      'version',
      'name',
      'description',
      'category',
      'series',
      'content_hash',
      'created_at',
    ])
    .where('account_id', 'in', [accountId, PUBLISHED]);
  if (reportId !== undefined) q = q.where('report_id', '=', reportId);
  return q.orderBy('report_id').orderBy('version', 'desc').execute();
}

/** One version's PDF as an account may read it. */
export async function reportDocument(
  db: Db,
  accountId: string,
  reportId: string,
  version: number,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('artifact_report_versions')
    .select('document')
    .where('account_id', 'in', [accountId, PUBLISHED])
    .where('report_id', '=', reportId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : Buffer.from(row.document, 'base64');
}
