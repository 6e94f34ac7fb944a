// Presigned download URLs Warden serves itself: an HMAC-signed path under the API listener (key derived from the
// master key), with an expiry; an altered or expired URL is refused, and each download is recorded in the trail.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../../core/runtime.js';
import type { SecretBox } from '../../store/secrets.js';
import { buildServiceEventRecord } from '../../audit/service-event.js';
import { renderTermsPdf } from './pdf.js';
import { reportDocument } from './reports.js';
import { exportDocument } from './inquiries/store.js';

export const DOWNLOAD_PATH = '/_warden/artifact/download';
/** How long a report URL stays valid. */
export const REPORT_URL_TTL_MS = 5 * 60 * 1000;
const KEY_LABEL = 'warden/artifact/download-url/v1';
const keys = new WeakMap<SecretBox, Buffer>();

/** A report version, a report's terms, or an ExportComplianceInquiry document (`report` is then the export's id). */
export type DocumentKind = 'report' | 'term' | 'inquiry';

interface Grant {
  kind: DocumentKind;
  account: string;
  report: string;
  version: number;
  /** Epoch seconds. */
  expires: number;
}

function keyOf(secrets: SecretBox): Buffer {
  let key = keys.get(secrets);
  if (key === undefined) keys.set(secrets, (key = secrets.deriveKey(KEY_LABEL)));
  return key;
}

function signatureOf(secrets: SecretBox, g: Grant): string {
  return createHmac('sha256', keyOf(secrets))
    .update([g.kind, g.account, g.report, g.version, g.expires].join('\n'))
    .digest('hex');
}

/** A Host header fit to put in a URL (a name or address and port); anything else falls back to the loopback. */
function safeHost(host: string | undefined): string {
  return host !== undefined && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? host : '127.0.0.1';
}

/** The URL a caller downloads the document from, on the endpoint it reached Warden at. */
export function presignedUrl(
  secrets: SecretBox,
  endpoint: { host?: string; secure: boolean },
  grant: Omit<Grant, 'expires'>,
  now: number,
  ttlMs: number,
): string {
  const g: Grant = { ...grant, expires: Math.floor((now + ttlMs) / 1000) };
  const q = new URLSearchParams({
    kind: g.kind,
    account: g.account,
    report: g.report,
    version: String(g.version),
    expires: String(g.expires),
    signature: signatureOf(secrets, g),
  });
  return `${endpoint.secure ? 'https' : 'http'}://${safeHost(endpoint.host)}${DOWNLOAD_PATH}?${q.toString()}`;
}

export interface DownloadAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const refuse = (status: number, message: string): DownloadAnswer => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: `${message}\n`,
});

/** Checks a download URL's signature and expiry, then answers the document; `url` is the request's path and query. */
export async function serveDownload(
  runtime: Runtime,
  url: string,
  now: Date,
  sourceIp: string,
): Promise<DownloadAnswer> {
  const q = new URL(url, 'http://warden').searchParams;
  const kind = q.get('kind');
  const account = q.get('account') ?? '';
  const report = q.get('report') ?? '';
  const version = Number(q.get('version'));
  const expires = Number(q.get('expires'));
  const signature = q.get('signature') ?? '';
  if (
    (kind !== 'report' && kind !== 'term' && kind !== 'inquiry') ||
    !Number.isSafeInteger(version) ||
    !Number.isSafeInteger(expires)
  ) {
    return refuse(403, 'Request has invalid parameters');
  }
  const expected = Buffer.from(signatureOf(runtime.secrets, { kind, account, report, version, expires }), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse(403, 'The request signature does not match');
  }
  if (now.getTime() > expires * 1000) return refuse(403, 'Request has expired');

  let pdf: Buffer | undefined;
  if (kind === 'term') {
    pdf = await renderTermsPdf(report);
  } else if (kind === 'inquiry') {
    const exported = await exportDocument(runtime.store.db, account, report, now.getTime());
    if (exported === undefined) return refuse(404, 'The specified export does not exist');
    pdf = exported.pdf;
  } else {
    pdf = await reportDocument(runtime.store.db, account, report, version);
    if (pdf === undefined) return refuse(404, 'The specified report version does not exist');
    // The download itself, not only the GetReport that allowed it, is in the account's trail.
    await runtime.audit.append(
      buildServiceEventRecord({
        eventSource: 'artifact.amazonaws.com',
        eventName: 'DownloadReport',
        region: runtime.config.defaultRegion,
        recipientAccountId: account,
        time: now,
        details: { reportId: report, reportVersion: version, downloadedFrom: sourceIp.slice(0, 64) },
      }),
    );
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${report}${kind === 'report' ? `-v${version}` : kind === 'term' ? '-terms' : ''}.pdf"`,
      'cache-control': 'no-store',
    },
    body: pdf,
  };
}
