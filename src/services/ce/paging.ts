// NextPageToken for GetCostAndUsage: the offset into ResultsByTime, bound to the request it was issued for.
import { AwsError } from '../../aws/error.js';

/** Most ResultsByTime entries one page carries. */
export const PERIODS_PER_PAGE = 100;

export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

/** The offset a token resumes at; InvalidNextTokenException / RequestChangedException as Cost Explorer answers. */
export function decodePageToken(token: string | undefined, fingerprint: string): number {
  if (token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { o, f } = (parsed ?? {}) as { o?: unknown; f?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o <= 0 || typeof f !== 'string') throw invalidToken();
  if (f !== fingerprint) {
    throw new AwsError(
      'RequestChangedException',
      'Your request parameters changed between pages. Try again with the old parameters or without a pagination token.',
    );
  }
  return o;
}

function invalidToken(): AwsError {
  return new AwsError(
    'InvalidNextTokenException',
    'The pagination token is invalid. Try again without a pagination token.',
  );
}
