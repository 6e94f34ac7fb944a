// An attack as stored (JSON in shield_attacks.detail) and as Shield's API describes it.
import type { AttackDetail, AttackSummary, SummarizedCounter } from '../../aws/generated/shield.js';
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

export function attackDetail(row: ShieldAttacksTable): AttackDetail {
  const stored = JSON.parse(row.detail) as StoredAttack;
  return {
    AttackId: row.id,
    ResourceArn: row.resource_arn,
    SubResources: [],
    StartTime: new Date(row.start_time),
    ...(row.end_time !== null ? { EndTime: new Date(row.end_time) } : {}),
    AttackCounters: [
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
    ],
    AttackProperties: DIMENSIONS.filter((d) => stored.contributors[d].length > 0).map((d) => ({
      AttackLayer: 'APPLICATION',
      AttackPropertyIdentifier: d,
      TopContributors: stored.contributors[d].map(({ name, value }) => ({ Name: name, Value: value })),
      Unit: 'REQUESTS',
      Total: stored.totals[d],
    })),
    Mitigations: stored.mitigations.map((MitigationName) => ({ MitigationName })),
  };
}

/** The highest requests per second of an attack (DescribeAttackStatistics' AttackVolume). */
export function peakRequestsPerSecond(row: ShieldAttacksTable): number {
  const stored = JSON.parse(row.detail) as StoredAttack;
  return stored.seconds.reduce((m, s) => Math.max(m, s.requests), 0);
}
