// The audit-trail summary of one account for a period: counts aggregated in SQL (GROUP BY over the account's
// (recipient_account_id, event_time) index range), never by loading the records; every listed table is capped.
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
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

/** The ranked tables' kinds and caps, as the aggregate statement names them. */
const KIND_CAPS: Readonly<Record<string, number>> = {
  source: CAPS.sources,
  name: CAPS.eventNames,
  principal: CAPS.principals,
  deniedPrincipal: CAPS.deniedPrincipals,
  ip: CAPS.sourceIps,
  error: CAPS.errorCodes,
  root: CAPS.rootEventNames,
};

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

/**
 * The stored record as PostgreSQL json. Its JSON functions refuse a `\u0000` escape anywhere in the text (a NUL a
 * caller sent in some parameter), so each is written `\ufffd` first: still valid JSON, whichever backslash precedes.
 */
function pgRecord(column: string): RawBuilder<unknown> {
  return sql`replace(${sql.ref(column)}, ${sql.raw(`'\\u0000'`)}, ${sql.raw(`'\\ufffd'`)})::json`;
}

/** One string member of the stored record's JSON, in the store's dialect (paths are constants of this file). */
function field(dialect: Store['dialect'], path: readonly string[]): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(${pgRecord('record')} #>> ${sql.lit(`{${path.join(',')}}`)})`
    : sql<string | null>`json_extract(record, ${sql.lit(`$.${path.join('.')}`)})`;
}

/** Who made the call: its ARN, else the service that did, else its access key, else its identity type. */
function principalOf(dialect: Store['dialect']): RawBuilder<string> {
  const f = (...p: string[]) => field(dialect, ['userIdentity', ...p]);
  return sql<string>`coalesce(${f('arn')}, ${f('invokedBy')}, 'access key ' || ${f('accessKeyId')}, ${f('type')}, 'Unknown')`;
}

/**
 * The record fields the aggregate reads, each record's JSON parsed once: SQLite caches a statement's recent JSON
 * parses across json_extract calls; PostgreSQL would parse `record::json` again for every extraction, so there
 * json_to_record reads the three top-level members once.
 */
function recordFields(dialect: Store['dialect']) {
  if (dialect === 'postgres') {
    return {
      from: sql`audit_events cross join lateral json_to_record(${pgRecord('audit_events.record')})
        as j("errorCode" text, "sourceIPAddress" text, "userIdentity" json)`,
      err: sql`j."errorCode"`,
      ip: sql`j."sourceIPAddress"`,
      identity: (member: string) => sql`(j."userIdentity" ->> ${sql.lit(member)})`,
    };
  }
  return {
    from: sql`audit_events`,
    err: field(dialect, ['errorCode']),
    ip: field(dialect, ['sourceIPAddress']),
    identity: (member: string) => field(dialect, ['userIdentity', member]),
  };
}

const num = (v: unknown): number => Number(v ?? 0);

export async function trailSummary(
  store: Pick<Store, 'db' | 'dialect'>,
  accountId: string,
  period: { since: number; until: number },
): Promise<TrailSummary> {
  checkPeriod(period.since, period.until);
  const { dialect } = store;
  const deniedCodes = sql.join(DENIED_ERROR_CODES.map((c) => sql.lit(c)));
  const inPeriod = () =>
    accountScope(store.db, accountId)
      .selectFrom('audit_events')
      .where('event_time', '>=', period.since)
      .where('event_time', '<', period.until);

  // One statement, one pass over the period's rows: `e` reads each record's JSON once (materialized), and every
  // table is a GROUP BY over it, ranked so only its first CAPS rows come back (days: all of them, at most 367).
  const capOf = sql.raw(
    `case kind ${Object.entries(KIND_CAPS)
      .map(([kind, cap]) => `when '${kind}' then ${cap}`)
      .join(' ')} else ${MAX_PERIOD_DAYS + 1} end`,
  );
  const grouped = (kind: string, key: RawBuilder<unknown>, where?: RawBuilder<unknown>) =>
    sql`select ${sql.lit(kind)} as kind, ${key} as k, count(*) as n, sum(read_only) as reads,
      sum(denied) as denied, sum(case when err is not null then 1 else 0 end) as errors, sum(root) as roots
      from e ${where === undefined ? sql`` : sql`where ${where}`} group by ${key}`;
  const eventKey = sql`event_source || ' ' || event_name`;
  const x = recordFields(dialect);
  const { rows } = await sql<{
    kind: string;
    k: string | null;
    n: unknown;
    reads: unknown;
    denied: unknown;
    errors: unknown;
    roots: unknown;
  }>`
    with e as materialized (
      select event_time, event_source, event_name, read_only, err, ip,
        coalesce(u_arn, u_by, 'access key ' || u_key, u_type, 'Unknown') as principal,
        case when err in (${deniedCodes}) then 1 else 0 end as denied,
        case when u_type = 'Root' then 1 else 0 end as root
      from (
        select event_time, event_source, event_name, read_only, ${x.err} as err, ${x.ip} as ip,
          ${x.identity('arn')} as u_arn, ${x.identity('invokedBy')} as u_by,
          ${x.identity('accessKeyId')} as u_key, ${x.identity('type')} as u_type
        from ${x.from}
        where recipient_account_id = ${accountId} and event_time >= ${period.since} and event_time < ${period.until}
      ) fields
    ),
    g as (
      ${grouped('day', sql`cast(event_time / ${sql.lit(DAY_MS)} as text)`)}
      union all ${grouped('source', sql`event_source`)}
      union all ${grouped('name', eventKey)}
      union all ${grouped('principal', sql`principal`)}
      union all ${grouped('deniedPrincipal', sql`principal`, sql`denied = 1`)}
      union all ${grouped('ip', sql`ip`)}
      union all ${grouped('error', sql`err`, sql`err is not null`)}
      union all ${grouped('root', eventKey, sql`root = 1`)}
    ),
    ranked as (select g.*, row_number() over (partition by kind order by n desc, k) as r from g)
    select kind, k, n, reads, denied, errors, roots from ranked where r <= ${capOf}
  `.execute(store.db);

  const byKind = (kind: string) => rows.filter((r) => r.kind === kind);
  const dayRows = byKind('day');
  const sum = (column: 'n' | 'reads' | 'denied' | 'errors' | 'roots') =>
    dayRows.reduce((total, r) => total + num(r[column]), 0);
  const events = sum('n');
  const reads = sum('reads');
  const totals = {
    events,
    reads,
    writes: events - reads,
    errors: sum('errors'),
    denied: sum('denied'),
    root: sum('roots'),
  };
  const list = (kind: string, outOf: number): CountedList => {
    const listed = byKind(kind)
      .map((r) => ({ key: r.k ?? '(none)', count: num(r.n) }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { rows: listed, other: outOf - listed.reduce((total, r) => total + r.count, 0) };
  };
  const bySource = list('source', events);
  const byEventName = list('name', events);
  const topPrincipals = list('principal', events);
  const deniedByPrincipal = list('deniedPrincipal', totals.denied);
  const topSourceIps = list('ip', events);
  const errorsByCode = list('error', totals.errors);
  const rootByEventName = list('root', totals.root);

  const perDay = new Map(dayRows.map((r) => [Number(r.k), r]));
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
    .select([principalOf(dialect).as('principal'), field(dialect, ['sourceIPAddress']).as('ip')])
    .select(field(dialect, ['errorCode']).as('error'))
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
