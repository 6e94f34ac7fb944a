// Per-source limit on failed authentications: a source that keeps failing is answered with AWS's throttling error.
import { AwsError } from '../aws/error.js';
import type { Config } from '../config.js';
import type { Runtime } from '../core/runtime.js';
import { sourceKey } from '../core/source-key.js';

export { sourceKey } from '../core/source-key.js';
import type { ProtocolStyle } from '../aws/sigv4.js';
import { AuthenticationFailure } from './authenticate.js';

export interface FailedAuthLimits {
  /** Failed authentications a source may make in a burst; 0 turns the limit off. */
  burst: number;
  /** Failed authentications a source earns back per second. */
  refillPerSecond: number;
  /** Sources remembered at once; past this the least recently seen are forgotten. */
  trackedSources: number;
}

interface Bucket {
  tokens: number;
  /** When tokens was last brought up to date (clock milliseconds). */
  at: number;
}

/**
 * A token bucket per source, counting only failed authentications: a source starts with `burst` tokens, each
 * failure takes one, and tokens come back at `refillPerSecond`. A source with no token left is refused before
 * its signature is parsed or its key looked up, so a flood of bad requests costs a map lookup each. The map
 * holds at most `trackedSources` buckets, in least-recently-seen order; a bucket that has refilled is dropped.
 */
export class FailedAuthLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limits: FailedAuthLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  private current(key: string, now: number): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + elapsed * this.limits.refillPerSecond);
    bucket.at = now;
    if (bucket.tokens >= this.limits.burst) {
      this.buckets.delete(key);
      return undefined;
    }
    return bucket;
  }

  /** Whether the source has no failed authentication left to spend. */
  isLimited(sourceIp: string): boolean {
    if (this.limits.burst === 0) return false;
    const bucket = this.current(sourceKey(sourceIp), this.clock());
    return bucket !== undefined && bucket.tokens < 1;
  }

  /** Counts one failed authentication of the source. */
  noteFailure(sourceIp: string): void {
    if (this.limits.burst === 0) return;
    const key = sourceKey(sourceIp);
    const now = this.clock();
    const bucket = this.current(key, now) ?? { tokens: this.limits.burst, at: now };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Most recently seen last, so the first entry is the one to forget.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.limits.trackedSources) this.buckets.delete(this.buckets.keys().next().value!);
  }

  /** Sources currently remembered. */
  get size(): number {
    return this.buckets.size;
  }
}

export function limitsFrom(config: Config): FailedAuthLimits {
  return {
    burst: config.failedAuthBurst,
    refillPerSecond: config.failedAuthRefillPerSecond,
    trackedSources: config.failedAuthTrackedSources,
  };
}

/** One limiter per running server (a process may run several, as tests do). */
const limiters = new WeakMap<Runtime, FailedAuthLimiter>();

export function failedAuthLimiterOf(runtime: Runtime): FailedAuthLimiter {
  let limiter = limiters.get(runtime);
  if (!limiter) limiters.set(runtime, (limiter = new FailedAuthLimiter(limitsFrom(runtime.config))));
  return limiter;
}

/** Errors this module raised, so refusing a source is not itself counted as one of its failures. */
const refusals = new WeakSet<AwsError>();

/** What AWS answers a caller over its request rate: `Throttling` (query) or `ThrottlingException` (JSON). */
export function throttlingError(style: ProtocolStyle): AwsError {
  return new AwsError(style === 'query' ? 'Throttling' : 'ThrottlingException', 'Rate exceeded', { fault: 'Sender' });
}

/** Throws AWS's throttling error when the source has used up its failed authentications. */
export function refuseSourceFailingAuthentication(runtime: Runtime, sourceIp: string, style: ProtocolStyle): void {
  if (!failedAuthLimiterOf(runtime).isLimited(sourceIp)) return;
  const err = throttlingError(style);
  refusals.add(err);
  throw err;
}

/**
 * Counts err against the source when it is an authentication failure (a rejected key, signature or token, or a
 * malformed signature); a refusal by this module and a server fault are not.
 */
export function noteFailedAuthentication(runtime: Runtime, sourceIp: string, err: unknown): void {
  const counts =
    err instanceof AuthenticationFailure ||
    (err instanceof AwsError && !refusals.has(err) && (err.status ?? 400) < 500);
  if (counts) failedAuthLimiterOf(runtime).noteFailure(sourceIp);
}
