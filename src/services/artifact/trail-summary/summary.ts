// The audit-trail summary of one account for a period: counts aggregated in SQL (GROUP BY over the account's
// (recipient_account_id, event_time) index range), never by loading the records; every listed table is capped.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import { accountScope } from '../../../store/account-scope.js';

const DAY_MS = 86_400_000;
/** The longest period a summary covers: its day-by-day table stays one chart. */
export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PERIOD_DAYS = 30;

/** How many rows each listed table keeps; the rest are counted in its `other`. */
export const CAPS = {
  sources: 20,
  eventNames: 25,
  principals: 10,
  deniedPrincipals: 10,
  sourceIps: 10,
  errorCodes: 10,
  rootEventNames: 10,
  notable: 50,
} as const;

/** Error codes that mean the call was refused by authorization (not an authentication failure or a bad input). */
export const DENIED_ERROR_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedException',
] as const;

/** Security-relevant calls listed one by one, by event source: what an auditor looks for first. */
export const NOTABLE_EVENTS: readonly { source: string; category: string; names: readonly string[] }[] = [
  {
    source: 'iam.amazonaws.com',
    category: 'IAM policy change',
    names: [
      'CreatePolicy',
      'CreatePolicyVersion',
      'DeletePolicy',
      'DeletePolicyVersion',
      'SetDefaultPolicyVersion',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'DeleteUserPolicy',
      'DeleteRolePolicy',
      'DeleteGroupPolicy',
      'UpdateAssumeRolePolicy',
      'PutUserPermissionsBoundary',
      'PutRolePermissionsBoundary',
      'DeleteUserPermissionsBoundary',
      'DeleteRolePermissionsBoundary',
    ],
  },
  {
    source: 'kms.amazonaws.com',
    category: 'KMS key',
    names: ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy', 'DisableKeyRotation'],
  },
  { source: 'cloudtrail.amazonaws.com', category: 'Audit trail', names: ['StopLogging', 'DeleteTrail'] },
  { source: 'guardduty.amazonaws.com', category: 'Threat detection', names: ['DeleteDetector'] },
  { source: 'wafv2.amazonaws.com', category: 'Web ACL', names: ['DeleteWebACL', 'DisassociateWebACL'] },
  {
    source: 'organizations.amazonaws.com',
    category: 'Organization policy',
    names: ['AttachPolicy', 'DetachPolicy', 'UpdatePolicy', 'DeletePolicy'],
  },
];

export interface Counted {
  key: string;
  count: number;
}

export interface CountedList {
  rows: Counted[];
  /** Events in the period not in the listed rows (0 when nothing was left out). */
  other: number;
}

export interface DayCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  reads: number;
  writes: number;
  denied: number;
}

export interface NotableEvent {
  time: string;
  category: string;
  eventSource: string;
  eventName: string;
  principal: string;
  sourceIp: string;
  errorCode?: string;
}

export interface TrailSummary {
  accountId: string;
  /** ISO times; the period includes `since` and excludes `until`. */
  since: string;
  until: string;
  totals: { events: number; reads: number; writes: number; errors: number; denied: number; root: number };
  bySource: CountedList;
  /** Keys are `eventSource eventName`. */
  byEventName: CountedList;
  topPrincipals: CountedList;
  deniedByPrincipal: CountedList;
  topSourceIps: CountedList;
  errorsByCode: CountedList;
  rootByEventName: CountedList;
  byDay: DayCount[];
  notable: { events: NotableEvent[]; total: number };
}

export class PeriodError extends Error {}

/** Checks a period: since before until, at most MAX_PERIOD_DAYS long. */
export function checkPeriod(since: number, until: number): void {
  if (!Number.isSafeInteger(since) || !Number.isSafeInteger(until)) throw new PeriodError('the period is not a time');
  if (since >= until) throw new PeriodError('the period must start before it ends');
  if (until - since > MAX_PERIOD_DAYS * DAY_MS) throw new PeriodError(`the period is at most ${MAX_PERIOD_DAYS} days`);
}

/** The default period: the DEFAULT_PERIOD_DAYS days before `now`. */
export function defaultPeriod(now: number): { since: number; until: number } {
  return { since: now - DEFAULT_PERIOD_DAYS * DAY_MS, until: now };
}

/** One string member of the stored record's JSON, in the store's dialect (paths are constants of this file). */
function field(dialect: Store['dialect'], path: readonly string[]): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(record::json #>> ${sql.lit(`{${path.join(',')}}`)})`
    : sql<string | null>`json_extract(record, ${sql.lit(`$.${path.join('.')}`)})`;
}

/** Who made the call: its ARN, else the service that did, else its access key, else its identity type. */
function principalOf(dialect: Store['dialect']): RawBuilder<string> {
  const f = (...p: string[]) => field(dialect, ['userIdentity', ...p]);
  return sql<string>`coalesce(${f('arn')}, ${f('invokedBy')}, 'access key ' || ${f('accessKeyId')}, ${f('type')}, 'Unknown')`;
}

const num = (v: unknown): number => Number(v ?? 0);

export async function trailSummary(
  store: Pick<Store, 'db' | 'dialect'>,
  accountId: string,
  period: { since: number; until: number },
): Promise<TrailSummary> {
  checkPeriod(period.since, period.until);
  const { dialect } = store;
  const errorCode = field(dialect, ['errorCode']);
  const identityType = field(dialect, ['userIdentity', 'type']);
  const principal = principalOf(dialect);
  const sourceIp = field(dialect, ['sourceIPAddress']);
  const deniedCodes = sql.join(DENIED_ERROR_CODES.map((c) => sql.lit(c)));
  const isDenied = sql<SqlBool>`${errorCode} in (${deniedCodes})`;
  const isRoot = sql<SqlBool>`${identityType} = 'Root'`;
  const inPeriod = () =>
    accountScope(store.db, accountId)
      .selectFrom('audit_events')
      .where('event_time', '>=', period.since)
      .where('event_time', '<', period.until);

  const totalsRow = await inPeriod()
    .select([
      sql<number>`count(*)`.as('events'),
      sql<number>`sum(read_only)`.as('reads'),
      sql<number>`sum(case when ${errorCode} is not null then 1 else 0 end)`.as('errors'),
      sql<number>`sum(case when ${isDenied} then 1 else 0 end)`.as('denied'),
      sql<number>`sum(case when ${isRoot} then 1 else 0 end)`.as('root'),
    ])
    .executeTakeFirstOrThrow();
  const events = num(totalsRow.events);
  const reads = num(totalsRow.reads);
  const totals = {
    events,
    reads,
    writes: events - reads,
    errors: num(totalsRow.errors),
    denied: num(totalsRow.denied),
    root: num(totalsRow.root),
  };

  /** The `limit` largest groups of `key` among the period's events matching `where`, largest first. */
  const top = async (
    key: Expression<string | null>,
    limit: number,
    outOf: number,
    where?: Expression<SqlBool>,
  ): Promise<CountedList> => {
    let q = inPeriod().select([sql<string | null>`${key}`.as('k'), sql<number>`count(*)`.as('n')]);
    if (where !== undefined) q = q.where(where);
    const rows = await q
      .groupBy(sql`${key}`)
      .orderBy('n', 'desc')
      .orderBy('k')
      .limit(limit)
      .execute();
    const listed = rows.map((r) => ({ key: r.k ?? '(none)', count: num(r.n) }));
    return { rows: listed, other: outOf - listed.reduce((s, r) => s + r.count, 0) };
  };

  const eventKey = sql<string>`event_source || ' ' || event_name`;
  const bySource = await top(sql<string>`event_source`, CAPS.sources, events);
  const byEventName = await top(eventKey, CAPS.eventNames, events);
  const topPrincipals = await top(principal, CAPS.principals, events);
  const deniedByPrincipal = await top(principal, CAPS.deniedPrincipals, totals.denied, isDenied);
  const topSourceIps = await top(sourceIp, CAPS.sourceIps, events);
  const errorsByCode = await top(errorCode, CAPS.errorCodes, totals.errors, sql<SqlBool>`${errorCode} is not null`);
  const rootByEventName = await top(eventKey, CAPS.rootEventNames, totals.root, isRoot);

  const dayRows = await inPeriod()
    .select([
      sql<number>`event_time / ${sql.lit(DAY_MS)}`.as('d'),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(read_only)`.as('reads'),
      sql<number>`sum(case when ${isDenied} then 1 else 0 end)`.as('denied'),
    ])
    .groupBy(sql`event_time / ${sql.lit(DAY_MS)}`)
    .execute();
  const perDay = new Map(dayRows.map((r) => [num(r.d), r]));
  const byDay: DayCount[] = [];
  for (let d = Math.floor(period.since / DAY_MS); d <= Math.floor((period.until - 1) / DAY_MS); d++) {
    const r = perDay.get(d);
    const n = num(r?.n);
    const dayReads = num(r?.reads);
    byDay.push({
      day: new Date(d * DAY_MS).toISOString().slice(0, 10),
      reads: dayReads,
      writes: n - dayReads,
      denied: num(r?.denied),
    });
  }

  const notableWhere = (eb: ExpressionBuilder<Database, 'audit_events'>) =>
    eb.or(NOTABLE_EVENTS.map((g) => eb.and([eb('event_source', '=', g.source), eb('event_name', 'in', g.names)])));
  const notableTotal = num(
    (
      await inPeriod()
        .select(sql<number>`count(*)`.as('n'))
        .where(notableWhere)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const notableRows = await inPeriod()
    .select(['event_time', 'event_source', 'event_name', 'seq'])
    .select([principal.as('principal'), sourceIp.as('ip'), errorCode.as('error')])
    .where(notableWhere)
    .orderBy('event_time', 'desc')
    .orderBy('seq', 'desc')
    .limit(CAPS.notable)
    .execute();
  const categoryOf = (source: string, name: string) =>
    NOTABLE_EVENTS.find((g) => g.source === source && g.names.includes(name))?.category ?? '';

  return {
    accountId,
    since: new Date(period.since).toISOString(),
    until: new Date(period.until).toISOString(),
    totals,
    bySource,
    byEventName,
    topPrincipals,
    deniedByPrincipal,
    topSourceIps,
    errorsByCode,
    rootByEventName,
    byDay,
    notable: {
      total: notableTotal,
      events: notableRows.map((r) => ({
        time: new Date(num(r.event_time)).toISOString(),
        category: categoryOf(r.event_source, r.event_name),
        eventSource: r.event_source,
        eventName: r.event_name,
        principal: r.principal,
        sourceIp: r.ip ?? '',
        ...(r.error !== null ? { errorCode: r.error } : {}),
      })),
    },
  };
}
