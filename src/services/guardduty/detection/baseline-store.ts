// Per-identity behaviour baselines at rest: what each identity has called, from where and with what, bounded per identity and detector.
import { sql, type Kysely } from 'kysely';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import type { DetectorRef } from '../detectors.js';
import type { GuardDutyBaselineIdentitiesTable } from './baseline-tables.js';

/** What a baseline profiles, and how many values of each one identity keeps at most. */
export type FeatureKind = 'api' | 'network' | 'agent' | 'denied' | 'kms-key';

/**
 * Storage bounds, so records a caller makes up cannot grow the store without limit: values of each kind per
 * identity (past it, the least recently seen value is forgotten) and identities per detector (past it, the least
 * recently seen identity is forgotten with its values). Worst case per detector: identities × Σ kinds rows.
 */
export interface BaselineLimits {
  readonly identities: number;
  readonly perKind: Readonly<Record<FeatureKind, number>>;
}

export const BASELINE_LIMITS: BaselineLimits = {
  identities: 5_000,
  perKind: { api: 1_000, network: 256, agent: 64, denied: 256, 'kms-key': 256 },
};

/** An identity's profile before the record at hand. */
export interface IdentityProfile {
  firstSeen: number;
  lastSeen: number;
  events: number;
  iamWrites: number;
}

/** One profiled value as the baseline holds it. */
export interface FeatureSeen {
  value: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
}

/** What one record shows of its identity: the values to look up and learn. */
export interface Sighting {
  identity: string;
  /** Profiled values by kind (absent kinds are not in the record). */
  values: Partial<Record<FeatureKind, string>>;
  /** A successful IAM write. */
  iamWrite: boolean;
}

const KINDS = ['api', 'network', 'agent', 'denied', 'kms-key'] as const satisfies readonly FeatureKind[];

/** The identity row's count of each kind's values. */
const COUNTER = {
  api: 'api_values',
  network: 'network_values',
  agent: 'agent_values',
  denied: 'denied_values',
  'kms-key': 'kms_key_values',
} as const satisfies Record<FeatureKind, keyof GuardDutyBaselineIdentitiesTable>;

/**
 * Past a bound, an identity keeps this share of it (the most recently seen), so the eviction's cost is paid once
 * per tenth of the bound rather than for every new value.
 */
const KEEP_SHARE = 0.9;

/** More rows than any bound: a LIMIT both dialects take where only an OFFSET is meant. */
const ALL = 2_147_483_647;

function scopeOf(db: Kysely<Database>, detector: DetectorRef) {
  return accountScope(db, detector.accountId);
}

/** The identity's profile, or undefined when the detector has not seen it (or has forgotten it). */
export async function identityProfile(
  db: Kysely<Database>,
  detector: DetectorRef,
  identity: string,
): Promise<IdentityProfile | undefined> {
  const row = await scopeOf(db, detector)
    .selectFrom('guardduty_baseline_identities')
    .select(['first_seen', 'last_seen', 'events', 'iam_writes'])
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .executeTakeFirst();
  return row
    ? { firstSeen: row.first_seen, lastSeen: row.last_seen, events: row.events, iamWrites: row.iam_writes }
    : undefined;
}

/** Which of the sighting's values the identity has been seen with before, by kind. */
export async function seenValues(
  db: Kysely<Database>,
  detector: DetectorRef,
  sighting: Sighting,
): Promise<Partial<Record<FeatureKind, FeatureSeen>>> {
  const wanted = KINDS.flatMap((kind) => {
    const value = sighting.values[kind];
    return value === undefined ? [] : [{ kind, value }];
  });
  if (wanted.length === 0) return {};
  const rows = await scopeOf(db, detector)
    .selectFrom('guardduty_baseline_features')
    .select(['kind', 'value', 'first_seen', 'last_seen', 'count'])
    .where('detector_id', '=', detector.id)
    .where('identity', '=', sighting.identity)
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb('kind', '=', w.kind), eb('value', '=', w.value)]))))
    .execute();
  const out: Partial<Record<FeatureKind, FeatureSeen>> = {};
  for (const r of rows) {
    out[r.kind as FeatureKind] = { value: r.value, firstSeen: r.first_seen, lastSeen: r.last_seen, count: r.count };
  }
  return out;
}

/** The distinct values of a kind the identity was seen with at or after `since` (a burst window), most recent first. */
export async function valuesSince(
  db: Kysely<Database>,
  detector: DetectorRef,
  identity: string,
  kind: FeatureKind,
  since: number,
): Promise<string[]> {
  const rows = await scopeOf(db, detector)
    .selectFrom('guardduty_baseline_features')
    .select('value')
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .where('kind', '=', kind)
    .where('last_seen', '>=', since)
    .orderBy('last_seen', 'desc')
    .limit(BASELINE_LIMITS.perKind[kind])
    .execute();
  return rows.map((r) => r.value);
}

/** The identity's most used values of a kind (what GuardDuty shows as its profiled behaviour), with their counts. */
export async function topValues(
  db: Kysely<Database>,
  detector: DetectorRef,
  identity: string,
  kind: FeatureKind,
  limit: number,
): Promise<FeatureSeen[]> {
  const rows = await scopeOf(db, detector)
    .selectFrom('guardduty_baseline_features')
    .select(['value', 'first_seen', 'last_seen', 'count'])
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .where('kind', '=', kind)
    .orderBy('count', 'desc')
    .orderBy('value')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ value: r.value, firstSeen: r.first_seen, lastSeen: r.last_seen, count: r.count }));
}

/** The later (or earlier) of a stored time and the incoming one, in SQL both dialects run. */
const later = (table: string, column: string) =>
  sql<number>`case when excluded.${sql.ref(column)} > ${sql.ref(`${table}.${column}`)} then excluded.${sql.ref(column)} else ${sql.ref(`${table}.${column}`)} end`;
const earlier = (table: string, column: string) =>
  sql<number>`case when excluded.${sql.ref(column)} < ${sql.ref(`${table}.${column}`)} then excluded.${sql.ref(column)} else ${sql.ref(`${table}.${column}`)} end`;

/**
 * Learns one record at event time `at`: the identity's counters and each value's first/last seen and count.
 * `fresh` names the values (and whether the identity) the baseline did not hold before, so only they pay for the
 * bound checks that may evict the least recently seen.
 */
export async function learn(
  db: Kysely<Database>,
  detector: DetectorRef,
  sighting: Sighting,
  at: number,
  fresh: { identity: boolean; kinds: readonly FeatureKind[] },
  limits: BaselineLimits = BASELINE_LIMITS,
): Promise<void> {
  const scope = scopeOf(db, detector);
  const I = 'guardduty_baseline_identities';
  const added = (kind: FeatureKind) => (fresh.kinds.includes(kind) ? 1 : 0);
  const counters = await scope
    .insertInto(I)
    .values({
      detector_id: detector.id,
      identity: sighting.identity,
      first_seen: at,
      last_seen: at,
      events: 1,
      iam_writes: sighting.iamWrite ? 1 : 0,
      api_values: added('api'),
      network_values: added('network'),
      agent_values: added('agent'),
      denied_values: added('denied'),
      kms_key_values: added('kms-key'),
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'detector_id', 'identity']).doUpdateSet((eb) => ({
        first_seen: earlier(I, 'first_seen'),
        last_seen: later(I, 'last_seen'),
        events: eb(`${I}.events`, '+', 1),
        iam_writes: eb(`${I}.iam_writes`, '+', sighting.iamWrite ? 1 : 0),
        api_values: eb(`${I}.api_values`, '+', added('api')),
        network_values: eb(`${I}.network_values`, '+', added('network')),
        agent_values: eb(`${I}.agent_values`, '+', added('agent')),
        denied_values: eb(`${I}.denied_values`, '+', added('denied')),
        kms_key_values: eb(`${I}.kms_key_values`, '+', added('kms-key')),
      })),
    )
    .returning(KINDS.map((kind) => COUNTER[kind]))
    .executeTakeFirstOrThrow();
  const F = 'guardduty_baseline_features';
  const rows = KINDS.flatMap((kind) => {
    const value = sighting.values[kind];
    return value === undefined
      ? []
      : [
          {
            detector_id: detector.id,
            identity: sighting.identity,
            kind,
            value,
            first_seen: at,
            last_seen: at,
            count: 1,
          },
        ];
  });
  if (rows.length > 0) {
    await scope
      .insertInto(F)
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['account_id', 'detector_id', 'identity', 'kind', 'value']).doUpdateSet((eb) => ({
          first_seen: earlier(F, 'first_seen'),
          last_seen: later(F, 'last_seen'),
          count: eb(`${F}.count`, '+', 1),
        })),
      )
      .execute();
  }
  for (const kind of fresh.kinds) {
    if (Number(counters[COUNTER[kind]]) > limits.perKind[kind])
      await boundKind(db, detector, sighting.identity, kind, limits.perKind[kind]);
  }
  if (fresh.identity) await boundIdentities(db, detector, limits.identities);
}

/**
 * Forgets an identity's least recently seen values of a kind once beyond `cap`, keeping the newest KEEP_SHARE of
 * it, and sets the identity's counter to what is left.
 */
async function boundKind(
  db: Kysely<Database>,
  detector: DetectorRef,
  identity: string,
  kind: FeatureKind,
  cap: number,
): Promise<void> {
  const scope = scopeOf(db, detector);
  const keep = Math.max(1, Math.floor(cap * KEEP_SHARE));
  const beyond = scope
    .selectFrom('guardduty_baseline_features')
    .select('value')
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .where('kind', '=', kind)
    .orderBy('last_seen', 'desc')
    .orderBy('value', 'desc')
    .limit(ALL)
    .offset(keep);
  await scope
    .deleteFrom('guardduty_baseline_features')
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .where('kind', '=', kind)
    .where('value', 'in', beyond)
    .execute();
  // Recounted rather than set to `keep`: concurrent learners (an import beside the live server) may have counted a
  // value twice.
  const { n } = await scope
    .selectFrom('guardduty_baseline_features')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  await scope
    .updateTable('guardduty_baseline_identities')
    .set({ [COUNTER[kind]]: Number(n) })
    .where('detector_id', '=', detector.id)
    .where('identity', '=', identity)
    .execute();
}

/** Forgets the detector's least recently seen identities (and their values) beyond `cap`. */
async function boundIdentities(db: Kysely<Database>, detector: DetectorRef, cap: number): Promise<void> {
  const scope = scopeOf(db, detector);
  const beyond = () =>
    scope
      .selectFrom('guardduty_baseline_identities')
      .select('identity')
      .where('detector_id', '=', detector.id)
      .orderBy('last_seen', 'desc')
      .orderBy('identity', 'desc')
      .limit(ALL)
      .offset(cap);
  // Values first: the identity rows are what says who is beyond the bound.
  await scope
    .deleteFrom('guardduty_baseline_features')
    .where('detector_id', '=', detector.id)
    .where('identity', 'in', beyond())
    .execute();
  await scope
    .deleteFrom('guardduty_baseline_identities')
    .where('detector_id', '=', detector.id)
    .where('identity', 'in', beyond())
    .execute();
}
