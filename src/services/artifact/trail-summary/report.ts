// Artifact's audit-trail summary report: one version per period. Each day's first report call adds the version for
// the 30 whole UTC days before that day; an operator adds any other period with `warden artifact trail-summary`.
import { createHash } from 'node:crypto';
import type { Store } from '../../../store/store.js';
import { renderTrailSummaryPdf } from './pdf.js';
import { DEFAULT_PERIOD_DAYS, trailSummary } from './summary.js';

export const TRAIL_SUMMARY_REPORT_ID = 'report-AuditTrailPeriod';
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period the automatic version covers: the DEFAULT_PERIOD_DAYS whole UTC days before `now`'s day. */
export function dailyPeriod(now: number): { since: number; until: number } {
  const until = Math.floor(now / DAY_MS) * DAY_MS;
  return { since: until - DEFAULT_PERIOD_DAYS * DAY_MS, until };
}

/** A version's description names its period, so ListReportVersions shows which version covers what. */
export function periodDescription(period: { since: number; until: number }): string {
  const whole = period.since % DAY_MS === 0 && period.until % DAY_MS === 0;
  const span = whole
    ? `${day(period.since)} to ${day(period.until - 1)} (whole UTC days)`
    : `${new Date(period.since).toISOString()} to ${new Date(period.until).toISOString()}`;
  return `Audit trail of this account from ${span}: events by source and name, denied calls, top principals and source addresses, root use, notable security events`;
}

/** A period's identity: the versions' content hash, so a period already made is found without recomputing it. */
const periodHash = (period: { since: number; until: number }) =>
  createHash('sha256')
    .update(JSON.stringify([TRAIL_SUMMARY_REPORT_ID, period.since, period.until]))
    .digest('hex');

async function versionOfPeriod(store: Pick<Store, 'db'>, accountId: string, hash: string) {
  return store.db
    .selectFrom('artifact_report_versions')
    .select('version')
    .where('account_id', '=', accountId)
    .where('report_id', '=', TRAIL_SUMMARY_REPORT_ID)
    .where('content_hash', '=', hash)
    .executeTakeFirst();
}

/**
 * The version covering `period` for the account, made (summarized and rendered) when there is none. Records that
 * arrive for a period after its version was made (an intent recovered late) are not added to it.
 */
export async function ensureTrailSummaryVersion(
  store: Pick<Store, 'db' | 'dialect'>,
  accountId: string,
  period: { since: number; until: number },
  now: number,
): Promise<{ version: number; added: boolean }> {
  const hash = periodHash(period);
  const existing = await versionOfPeriod(store, accountId, hash);
  if (existing !== undefined) return { version: Number(existing.version), added: false };
  const summary = await trailSummary(store, accountId, period);
  const document = (await renderTrailSummaryPdf(summary, new Date(now).toISOString())).toString('base64');
  // A writer racing for the same version number wins; this one takes the next number (a few tries, bounded).
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await store.db
      .selectFrom('artifact_report_versions')
      .select('version')
      .where('account_id', '=', accountId)
      .where('report_id', '=', TRAIL_SUMMARY_REPORT_ID)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = Number(latest?.version ?? 0) + 1;
    const inserted = await store.db
      .insertInto('artifact_report_versions')
      .values({
        account_id: accountId,
        report_id: TRAIL_SUMMARY_REPORT_ID,
        version,
        name: 'Audit trail summary',
        description: periodDescription(period),
        category: 'Audit trail',
        series: 'Warden compliance',
        content_hash: hash,
        document,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { version, added: true };
    const raced = await versionOfPeriod(store, accountId, hash);
    if (raced !== undefined) return { version: Number(raced.version), added: false };
  }
  throw new Error('could not add an audit trail summary version: too many concurrent writers');
}
