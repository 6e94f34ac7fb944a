// What passes between a service that carries users' HTTP traffic (ELBv2 listeners) and one that inspects it (WAF);
// the two services' hooks (TrafficInspector, ProtectableResources) are in runtime.ts.
/** One HTTP request arriving at a listener, as an inspector sees it (the body only up to the inspection limit). */
export interface InspectedRequest {
  /** The client's address as the listener saw it (the socket's peer), IPv4 or IPv6. */
  readonly clientIp: string;
  readonly method: string;
  /** The path as sent, percent-encoding kept, without the query string. */
  readonly uri: string;
  /** The query string as sent, without the leading `?` ('' when none). */
  readonly query: string;
  readonly httpVersion: string;
  /** Header lines in the order received, names as sent. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** The body's first bytes, at most the inspection limit the inspector asked for. */
  readonly body: Buffer;
  /** Whether the body was longer than `body`. */
  readonly bodyTruncated: boolean;
  /** The listener's protocol. */
  readonly scheme: 'http' | 'https';
  /** The client's TLS fingerprints (JA3: MD5 hex; JA4: FoxIO's form) when the listener read its ClientHello. */
  readonly tlsFingerprints?: { readonly ja3: string; readonly ja4: string };
}

/** What the listener does with an inspected request. */
export type TrafficVerdict =
  | {
      readonly action: 'allow';
      /** Headers to add to the request forwarded upstream (WAF's custom request handling). */
      readonly insertHeaders?: readonly (readonly [string, string])[];
    }
  | {
      readonly action: 'respond';
      /** The answer given instead of forwarding: a block (403 or a custom response), a CAPTCHA or challenge page. */
      readonly status: number;
      readonly headers: readonly (readonly [string, string])[];
      readonly body: Buffer;
    };
