// An attack as stored (JSON in shield_attacks.detail) and as Shield's API describes it.
import type { AttackDetail, AttackProperty, AttackSummary, SummarizedCounter } from '../../aws/generated/shield.js';
import { DIMENSIONS, type AttackSnapshot, type Dimension } from './detection/detector.js';
import type { ShieldAttacksTable } from './tables.js';

export interface StoredAttack {
  readonly threshold: number;
  /** Per second of the attack: requests, bytes, responses of 5xx. */
  readonly seconds: readonly { requests: number; bytes: number; errors: number }[];
  readonly contributors: Readonly<Record<Dimension, { name: string; value: number }[]>>;
  readonly totals: Readonly<Record<Dimension, number>>;
  /** Names of the mitigations in force during the attack. */
  readonly mitigations: readonly string[];
}

export function storedAttack(snapshot: AttackSnapshot, mitigations: readonly string[] = []): StoredAttack {
  return {
    threshold: snapshot.threshold,
    seconds: snapshot.seconds,
    contributors: snapshot.contributors,
    totals: snapshot.totals,
    mitigations,
  };
}

function summarize(name: string, unit: string, values: readonly number[]): SummarizedCounter {
  const sum = values.reduce((s, v) => s + v, 0);
  return {
    Name: name,
    Max: values.length ? Math.max(...values) : 0,
    Average: values.length ? sum / values.length : 0,
    Sum: sum,
    N: values.length,
    Unit: unit,
  };
}

/** The application-layer flood Warden detects is AWS's REQUEST_FLOOD vector. */
const VECTORS = [{ VectorType: 'REQUEST_FLOOD' }];

export function attackSummary(row: ShieldAttacksTable): AttackSummary {
  return {
    AttackId: row.id,
    ResourceArn: row.resource_arn,
    StartTime: new Date(row.start_time),
    ...(row.end_time !== null ? { EndTime: new Date(row.end_time) } : {}),
    AttackVectors: VECTORS,
  };
}

/** AWS shows the top five contributors of each property. */
const TOP_SHOWN = 5;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** A country as AWS names SOURCE_COUNTRY contributors ("United States"), from the ISO code Warden counts. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function counters(stored: StoredAttack): SummarizedCounter[] {
  return [
    summarize(
      'RequestsPerSecond',
      'Requests',
      stored.seconds.map((s) => s.requests),
    ),
    summarize(
      'BytesPerSecond',
      'Bytes',
      stored.seconds.map((s) => s.bytes),
    ),
    summarize(
      'ServerErrorsPerSecond',
      'Requests',
      stored.seconds.map((s) => s.errors),
    ),
  ];
}

/**
 * One property per dimension that saw any request (an attack stored before a dimension was counted has none of
 * it). Country and network count only requests from public addresses the data places, so their totals may be
 * smaller than the source addresses' total (AWS's SOURCE_ASN total is too, in its own example).
 */
function properties(stored: StoredAttack): AttackProperty[] {
  const held: Partial<StoredAttack['contributors']> = stored.contributors;
  const totals: Partial<StoredAttack['totals']> = stored.totals;
  return DIMENSIONS.flatMap((d) => {
    const top = held[d] ?? [];
    if (top.length === 0) return [];
    return [
      {
        AttackLayer: 'APPLICATION',
        AttackPropertyIdentifier: d,
        TopContributors: top.slice(0, TOP_SHOWN).map(({ name, value }) => ({
          Name: d === 'SOURCE_COUNTRY' ? countryName(name) : name,
          Value: value,
        })),
        Unit: 'REQUESTS',
        Total: totals[d] ?? 0,
      },
    ];
  });
}

export function attackDetail(row: ShieldAttacksTable): AttackDetail {
  const stored = JSON.parse(row.detail) as StoredAttack;
  return {
    AttackId: row.id,
    ResourceArn: row.resource_arn,
    SubResources: [],
    StartTime: new Date(row.start_time),
    ...(row.end_time !== null ? { EndTime: new Date(row.end_time) } : {}),
    AttackCounters: counters(stored),
    AttackProperties: properties(stored),
    Mitigations: stored.mitigations.map((MitigationName) => ({ MitigationName })),
  };
}

/**
 * What an AttackStarted / AttackEnded audit record says of the attack (its `serviceEventDetails`), for whoever
 * reads the trail (GuardDuty): DescribeAttack's counters and properties as they stand, and the countries' codes.
 */
export function attackEventDetails(
  attackId: string,
  resourceArn: string,
  snapshot: AttackSnapshot,
  mitigations: readonly string[],
): Record<string, unknown> {
  const stored = storedAttack(snapshot, mitigations);
  return {
    attackId,
    resourceArn,
    attackVector: 'REQUEST_FLOOD',
    attackLayer: 'APPLICATION',
    startTime: new Date(snapshot.startMs).toISOString(),
    ...(snapshot.endMs !== undefined ? { endTime: new Date(snapshot.endMs).toISOString() } : {}),
    thresholdRequestsPerSecond: snapshot.threshold,
    baselineRequestsPerSecond: snapshot.baselineRps,
    topSourceIps: snapshot.contributors.SOURCE_IP_ADDRESS.slice(0, TOP_SHOWN),
    topSourceCountryCodes: snapshot.contributors.SOURCE_COUNTRY.slice(0, TOP_SHOWN),
    attackCounters: counters(stored),
    attackProperties: properties(stored),
    // How much of the usual traffic each contributor shown sends (by code for countries, as counted).
    usualShares: Object.fromEntries(
      DIMENSIONS.map((d) => [
        d,
        snapshot.contributors[d]
          .slice(0, TOP_SHOWN)
          .map(({ name }) => ({ name, share: snapshot.usualShares[d][name] ?? 0 })),
      ]),
    ),
    mitigations: [...mitigations],
  };
}

/** The highest requests per second of an attack (DescribeAttackStatistics' AttackVolume). */
export function peakRequestsPerSecond(row: ShieldAttacksTable): number {
  const stored = JSON.parse(row.detail) as StoredAttack;
  return stored.seconds.reduce((m, s) => Math.max(m, s.requests), 0);
}
