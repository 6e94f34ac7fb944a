// What a listener tells observers after each exchange (Shield learns baselines from it); cheap, synchronous, bounded.

/** One finished request/response at a listener, as observers see it (strings already capped by the listener). */
export interface ObservedExchange {
  /** The client's address as the listener saw it. */
  readonly clientIp: string;
  /** The path without the query string. */
  readonly path: string;
  readonly userAgent: string;
  readonly referrer: string;
  /** Request plus response bytes as far as the listener counted them. */
  readonly bytes: number;
  /** The status answered to the client (the WAF's or the target's). */
  readonly status: number;
}

/** Longest string an observer keeps of a request field (paths and user agents can be ~16 KB). */
export const OBSERVED_FIELD_MAX = 256;

export function capObserved(value: string | undefined): string {
  if (!value) return '';
  return value.length > OBSERVED_FIELD_MAX ? value.slice(0, OBSERVED_FIELD_MAX) : value;
}
