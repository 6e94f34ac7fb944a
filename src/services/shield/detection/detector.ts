// One resource's traffic baseline and attack state: a request flood is declared when the rate leaves the baseline.
import type { ObservedExchange } from '../../../core/traffic-observer.js';
import type { GeoIpLocation } from '../../../net/geo/database.js';
import { TopContributors } from './top-contributors.js';

/**
 * The detection rule (docs/shield.md): each second's request count is compared with a threshold of
 * max(floorRps, multiplier × baseline), where the baseline is an exponentially weighted mean of the requests per
 * second seen outside attacks (half-life `baselineHalfLifeSeconds`). Beside it, the usual distribution of those
 * requests per dimension (source, country, network, path, user agent, referrer), decayed with the same half-life. `startSeconds` consecutive seconds above the
 * threshold start an attack; `endSeconds` consecutive seconds at or below the threshold it had when it started end it.
 *
 * Health-based detection: while a health check associated with the resource's protection reports unhealthy, the
 * threshold is `unhealthyFactor` of itself (both its floor and its multiple of the baseline) and one second above it
 * starts an attack: a flood that is hurting the resource is declared sooner and at a lower rate.
 */
export interface DetectionSettings {
  readonly floorRps: number;
  readonly multiplier: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly baselineHalfLifeSeconds: number;
  /** The share of the threshold that applies while the resource's health check reports unhealthy. */
  readonly unhealthyFactor?: number;
}

/** Half the threshold while the resource's health check reports unhealthy. */
const DEFAULT_UNHEALTHY_FACTOR = 0.5;

export const DEFAULT_DETECTION: DetectionSettings = {
  floorRps: 100,
  multiplier: 5,
  startSeconds: 3,
  endSeconds: 10,
  baselineHalfLifeSeconds: 600,
  unhealthyFactor: DEFAULT_UNHEALTHY_FACTOR,
};

/**
 * AWS's AttackPropertyIdentifier for each field Warden counts. SOURCE_COUNTRY holds ISO codes and SOURCE_ASN AS
 * numbers (as text), each only for requests from public addresses the geolocation data places.
 */
export const DIMENSIONS = [
  'SOURCE_IP_ADDRESS',
  'SOURCE_COUNTRY',
  'SOURCE_ASN',
  'DESTINATION_URL',
  'SOURCE_USER_AGENT',
  'REFERRER',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Distinct values held per dimension during an attack (Space-Saving capacity). */
const CONTRIBUTOR_CAPACITY = 64;

interface Second {
  requests: number;
  bytes: number;
  errors: number;
}

/** What an attack has accumulated: per-second counter series and the heaviest contributors per dimension. */
export interface AttackSnapshot {
  readonly startMs: number;
  readonly endMs?: number;
  readonly threshold: number;
  readonly seconds: readonly Second[];
  readonly contributors: Readonly<Record<Dimension, { name: string; value: number }[]>>;
  readonly totals: Readonly<Record<Dimension, number>>;
  /** Requests per second outside attacks when the attack started. */
  readonly baselineRps: number;
  /** For each top contributor, the share (0–1) of the baseline's requests it usually sends; 0 when unseen. */
  readonly usualShares: Readonly<Record<Dimension, Readonly<Record<string, number>>>>;
}

export type Transition = { readonly kind: 'start' | 'update' | 'end'; readonly attack: AttackSnapshot };

function emptyContributors(): Record<Dimension, TopContributors> {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, new TopContributors(CONTRIBUTOR_CAPACITY)])) as Record<
    Dimension,
    TopContributors
  >;
}

export class ResourceDetector {
  private current: Second = { requests: 0, bytes: 0, errors: 0 };
  /** Contributors of the current second (kept whole only while it might start or continue an attack). */
  private recent = emptyContributors();
  private baseline = 0;
  /** Who usually sends the traffic: the seconds the baseline learned, older ones decayed. */
  private usual = emptyContributors();
  private warmSeconds = 0;
  private above = 0;
  private below = 0;
  private attack:
    | {
        startMs: number;
        threshold: number;
        baselineRps: number;
        seconds: Second[];
        contributors: Record<Dimension, TopContributors>;
      }
    | undefined;
  /** Seconds under the threshold during an attack, until it flares up again (theirs) or ends (not theirs). */
  private tail: { seconds: Second[]; contributors: Record<Dimension, TopContributors> } = {
    seconds: [],
    contributors: emptyContributors(),
  };
  /** Seconds above the threshold before an attack is declared: their traffic is part of the attack. */
  private pending: { startMs: number; seconds: Second[]; contributors: Record<Dimension, TopContributors> } | undefined;

  /** Whether a health check associated with the resource's protection reports unhealthy (the monitor sets it). */
  unhealthy = false;

  constructor(private readonly settings: DetectionSettings = DEFAULT_DETECTION) {}

  /** One exchange; `source` is where its client is, when known (the monitor looks it up once the data is loaded). */
  observe(exchange: ObservedExchange, source?: GeoIpLocation): void {
    this.current.requests += 1;
    this.current.bytes += exchange.bytes;
    if (exchange.status >= 500) this.current.errors += 1;
    const c = this.recent;
    c.SOURCE_IP_ADDRESS.add(exchange.clientIp);
    if (source?.country !== undefined) c.SOURCE_COUNTRY.add(source.country);
    if (source?.asn !== undefined) c.SOURCE_ASN.add(String(source.asn));
    c.DESTINATION_URL.add(exchange.path);
    if (exchange.userAgent) c.SOURCE_USER_AGENT.add(exchange.userAgent);
    if (exchange.referrer) c.REFERRER.add(exchange.referrer);
  }

  /** Whether this resource is idle (no traffic, no attack): the monitor may forget it. */
  get idle(): boolean {
    return (
      this.attack === undefined && this.pending === undefined && this.baseline < 0.01 && this.current.requests === 0
    );
  }

  get inAttack(): boolean {
    return this.attack !== undefined;
  }

  get threshold(): number {
    const usual = Math.max(this.settings.floorRps, this.settings.multiplier * this.baseline);
    return this.unhealthy ? usual * (this.settings.unhealthyFactor ?? DEFAULT_UNHEALTHY_FACTOR) : usual;
  }

  /** Closes the second that ended at `secondEndMs` and says what it changed. Called once per second. */
  tick(secondEndMs: number): Transition | undefined {
    const second = this.current;
    const contributors = this.recent;
    this.current = { requests: 0, bytes: 0, errors: 0 };
    this.recent = emptyContributors();
    const secondStartMs = secondEndMs - 1000;

    if (this.attack) {
      const a = this.attack;
      // Quiet seconds are held apart: they join the attack only if it flares up again before it is over.
      this.tail.seconds.push(second);
      merge(this.tail.contributors, contributors);
      if (second.requests > a.threshold) {
        a.seconds.push(...this.tail.seconds);
        merge(a.contributors, this.tail.contributors);
        this.tail = { seconds: [], contributors: emptyContributors() };
        this.below = 0;
        return { kind: 'update', attack: this.snapshot() };
      }
      this.below += 1;
      if (this.below < this.settings.endSeconds) return { kind: 'update', attack: this.snapshot() };
      // It ended when its traffic first returned under the threshold: the quiet seconds are not part of it.
      const ended = this.snapshot(secondEndMs - this.below * 1000);
      this.learnAll(this.tail.seconds, this.tail.contributors);
      this.tail = { seconds: [], contributors: emptyContributors() };
      this.attack = undefined;
      this.below = 0;
      this.above = 0;
      return { kind: 'end', attack: ended };
    }

    const threshold = this.threshold;
    if (second.requests > threshold) {
      this.above += 1;
      if (!this.pending) this.pending = { startMs: secondStartMs, seconds: [], contributors: emptyContributors() };
      this.pending.seconds.push(second);
      merge(this.pending.contributors, contributors);
      if (this.above < (this.unhealthy ? 1 : this.settings.startSeconds)) return undefined;
      this.attack = { threshold, baselineRps: this.baseline, ...this.pending };
      this.pending = undefined;
      this.below = 0;
      return { kind: 'start', attack: this.snapshot() };
    }
    // A quiet second: a short burst that did not last becomes ordinary traffic for the baseline.
    if (this.pending) this.learnAll(this.pending.seconds, this.pending.contributors);
    this.pending = undefined;
    this.above = 0;
    this.learnAll([second], contributors);
    return undefined;
  }

  /** Ordinary seconds: their rates join the baseline, their contributors the usual distribution. */
  private learnAll(seconds: readonly Second[], contributors: Record<Dimension, TopContributors>): void {
    const decay = Math.pow(0.5, seconds.length / this.settings.baselineHalfLifeSeconds);
    for (const d of DIMENSIONS) this.usual[d].decay(decay);
    merge(this.usual, contributors);
    for (const s of seconds) this.learn(s.requests);
  }

  private learn(requests: number): void {
    const alpha = 1 - Math.pow(0.5, 1 / this.settings.baselineHalfLifeSeconds);
    // Until a half-life of data exists, the mean of what was seen (so a new resource is not judged against 0).
    this.warmSeconds += 1;
    const weight = Math.max(alpha, 1 / this.warmSeconds);
    this.baseline += weight * (requests - this.baseline);
  }

  private snapshot(endMs?: number): AttackSnapshot {
    const a = this.attack!;
    return {
      startMs: a.startMs,
      ...(endMs !== undefined ? { endMs } : {}),
      threshold: a.threshold,
      seconds: [...a.seconds],
      contributors: Object.fromEntries(
        DIMENSIONS.map((d) => [d, a.contributors[d].top(10)]),
      ) as AttackSnapshot['contributors'],
      totals: Object.fromEntries(DIMENSIONS.map((d) => [d, a.contributors[d].sum])) as AttackSnapshot['totals'],
      baselineRps: a.baselineRps,
      usualShares: Object.fromEntries(
        DIMENSIONS.map((d) => {
          const usual = this.usual[d];
          const share = (name: string) => (usual.sum > 0 ? usual.count(name) / usual.sum : 0);
          return [d, Object.fromEntries(a.contributors[d].top(10).map(({ name }) => [name, share(name)]))];
        }),
      ) as AttackSnapshot['usualShares'],
    };
  }
}

/**
 * Whether a contributor sends more during the attack than `multiplier` times its usual rate (its usual share of the
 * baseline): a client sending what it always sends is not the flood, however heavy it is.
 */
export function aboveUsual(
  attack: AttackSnapshot,
  dimension: Dimension,
  contributor: { name: string; value: number },
  multiplier: number,
): boolean {
  const seconds = Math.max(1, attack.seconds.length);
  const usualRps = (attack.usualShares[dimension][contributor.name] ?? 0) * attack.baselineRps;
  return contributor.value / seconds > multiplier * usualRps;
}

function merge(into: Record<Dimension, TopContributors>, from: Record<Dimension, TopContributors>): void {
  for (const d of DIMENSIONS) for (const { name, value } of from[d].top(CONTRIBUTOR_CAPACITY)) into[d].add(name, value);
}
