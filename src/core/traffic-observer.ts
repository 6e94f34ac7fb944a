// What a listener tells observers after each exchange and connection (Shield's baselines, GuardDuty's network
// findings); cheap, synchronous, bounded.

/** The two ends of a client's connection to a listener, as the listener's socket saw them. */
export interface ObservedEnds {
  /** The client's address as the listener saw it. */
  readonly clientIp: string;
  /** The client's port (0 when the socket no longer knew it). */
  readonly clientPort: number;
  /** The listener's own address and port on that connection. */
  readonly localIp: string;
  readonly localPort: number;
}

/** One finished request/response at a listener, as observers see it (strings already capped by the listener). */
export interface ObservedExchange extends ObservedEnds {
  /** The path without the query string. */
  readonly path: string;
  readonly userAgent: string;
  readonly referrer: string;
  /** Request plus response bytes as far as the listener counted them. */
  readonly bytes: number;
  /** The status answered to the client (the WAF's or the target's). */
  readonly status: number;
}

/** One client connection to a listener, once it closed. */
export interface ObservedConnection extends ObservedEnds {
  /** Requests whose headers arrived complete on it (0: the client connected and left, or sent no valid request). */
  readonly requests: number;
  /** Whether the listener refused it at accept (over the client's connection cap). */
  readonly refused: boolean;
}

/** Longest string an observer keeps of a request field (paths and user agents can be ~16 KB). */
export const OBSERVED_FIELD_MAX = 256;

export function capObserved(value: string | undefined): string {
  if (!value) return '';
  return value.length > OBSERVED_FIELD_MAX ? value.slice(0, OBSERVED_FIELD_MAX) : value;
}
