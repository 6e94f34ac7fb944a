// SigV4 request times: the ISO-8601 basic timestamp, and the window in which a signature is accepted.
import { authError, type ProtocolStyle } from './sigv4-errors.js';

/**
 * How far a request's time may be from the server's clock, either way, for most services: AWS's general rule ("In
 * most cases, a request must reach AWS within five minutes of the time stamp in the request", IAM User Guide, AWS
 * Signature Version 4 for API requests), and what KMS and the JSON services answer: `(… - 5 min.)`.
 */
export const CLOCK_SKEW_SECONDS = 300;

/**
 * Services that allow more, by their signing name. STS answers a skewed request with `(… - 15 min.)` and
 * `(… + 15 min.)` (SignatureDoesNotMatch from GetCallerIdentity and AssumeRole, as clients report it). No such report
 * shows IAM or another service Warden serves departing from the five minutes, so they keep the general rule.
 */
const SERVICE_CLOCK_SKEW_SECONDS: Readonly<Record<string, number>> = { sts: 900 };

/** The widest window of any service: what applies while the signing name is not yet known. */
const WIDEST_CLOCK_SKEW_SECONDS = Math.max(CLOCK_SKEW_SECONDS, ...Object.values(SERVICE_CLOCK_SKEW_SECONDS));

/**
 * The clock skew a service allows, by its signing name (the credential scope's service). Without one (parseSignature's
 * early check runs before the credential is read) the widest window applies, so that check never refuses a request
 * verifySignature, which knows the service, would accept; verifySignature then words the refusal with the exact one.
 */
export function clockSkewSeconds(service: string | undefined): number {
  if (service === undefined) return WIDEST_CLOCK_SKEW_SECONDS;
  return SERVICE_CLOCK_SKEW_SECONDS[service] ?? CLOCK_SKEW_SECONDS;
}

/**
 * Longest life of a presigned request. Services other than S3 ignore a longer X-Amz-Expires and stop
 * accepting a presigned URL 15 minutes after its X-Amz-Date; Warden also honours a shorter one.
 */
export const PRESIGNED_MAX_SECONDS = 900;

/** The upper bound S3 documents for X-Amz-Expires: seven days. */
export const PRESIGNED_EXPIRES_LIMIT_SECONDS = 604800;

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The last text parseAmzDate accepted and its time: requests signed in the same second skip the parse. */
let lastParsedText: string | undefined;
let lastParsedMs = 0;

/** Parses `20261128T011000Z`; undefined unless it is a real UTC date and time in exactly that form. */
export function parseAmzDate(text: string): Date | undefined {
  if (text === lastParsedText) return new Date(lastParsedMs);
  const m = BASIC_FORMAT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  lastParsedText = text;
  lastParsedMs = ms;
  return date;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Formats a time as `20261128T011000Z` (milliseconds dropped). */
export function formatAmzDate(date: Date): string {
  return (
    String(date.getUTCFullYear()).padStart(4, '0') +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    'T' +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    'Z'
  );
}

function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min.` : `${seconds} sec.`;
}

/** What the time check needs from a parsed signature. */
export interface SignatureTime {
  date: Date;
  amzDate: string;
  presigned: boolean;
  expiresSeconds?: number;
  protocolStyle: ProtocolStyle;
  /** The signing name from the credential scope (`sts`), which picks the window; see clockSkewSeconds. */
  service?: string;
}

/**
 * Throws AWS's "Signature expired" / "Signature not yet current" error when the request time is outside the
 * accepted window: the service's clock skew (clockSkewSeconds: 15 minutes for STS, else 5) either side of `now` for
 * header-signed requests; for presigned ones up to that skew ahead and at most X-Amz-Expires (capped at 15 minutes)
 * behind.
 */
export function checkRequestTime(signature: SignatureTime, now: Date): void {
  const signedAt = signature.date.getTime();
  const nowMs = now.getTime();
  const skew = clockSkewSeconds(signature.service);
  if (signedAt - nowMs > skew * 1000) {
    const latest = formatAmzDate(new Date(nowMs + skew * 1000));
    throw authError(
      'invalidSignature',
      signature.protocolStyle,
      `Signature not yet current: ${signature.amzDate} is still later than ${latest} ` +
        `(${formatAmzDate(now)} + ${windowText(skew)})`,
    );
  }
  const lifetime = signature.presigned
    ? Math.min(signature.expiresSeconds ?? PRESIGNED_MAX_SECONDS, PRESIGNED_MAX_SECONDS)
    : skew;
  if (nowMs - signedAt > lifetime * 1000) {
    const earliest = formatAmzDate(new Date(nowMs - lifetime * 1000));
    throw authError(
      'invalidSignature',
      signature.protocolStyle,
      `Signature expired: ${signature.amzDate} is now earlier than ${earliest} ` +
        `(${formatAmzDate(now)} - ${windowText(lifetime)})`,
    );
  }
}
