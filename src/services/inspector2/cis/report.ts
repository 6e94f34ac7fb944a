// GetCisScanReport: a completed scan's report as a presigned URL Warden serves itself (as Artifact's downloads are),
// an HMAC-signed path under the API listener valid for five minutes; the document is rendered when downloaded.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../../aws/error.js';
import type { GetCisScanReportRequest, GetCisScanReportResponse } from '../../../aws/generated/inspector2.js';
import type { RequestContext, Runtime } from '../../../core/runtime.js';
import type { SecretBox } from '../../../store/secrets.js';
import { loadScanReport, renderCsv, renderPdf } from './report-document.js';

export const CIS_REPORT_PATH = '/_warden/inspector2/cis-report';
export const CIS_REPORT_URL_TTL_MS = 5 * 60 * 1000;
const KEY_LABEL = 'warden/inspector2/cis-report-url/v1';
const keys = new WeakMap<SecretBox, Buffer>();

interface Grant {
  account: string;
  scan: string;
  format: 'PDF' | 'CSV';
  /** Epoch seconds. */
  expires: number;
}

function signatureOf(secrets: SecretBox, g: Grant): string {
  let key = keys.get(secrets);
  if (key === undefined) keys.set(secrets, (key = secrets.deriveKey(KEY_LABEL)));
  return createHmac('sha256', key).update([g.account, g.scan, g.format, g.expires].join('\n')).digest('hex');
}

/** A Host header fit to put in a URL; anything else falls back to the loopback. */
function safeHost(host: string | undefined): string {
  return host !== undefined && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? host : '127.0.0.1';
}

export async function getCisScanReport(
  ctx: RequestContext,
  input: GetCisScanReportRequest,
): Promise<GetCisScanReportResponse> {
  const account = ctx.identity.accountId;
  const report = await loadScanReport(ctx.runtime.store.db, account, input.scanArn);
  if (report === undefined || report.scan.region !== ctx.region)
    throw new AwsError('ResourceNotFoundException', `The CIS scan ${input.scanArn.slice(0, 256)} was not found.`);
  if (report.scan.status === 'IN_PROGRESS') return { status: 'IN_PROGRESS' };
  const g: Grant = {
    account,
    scan: input.scanArn,
    format: input.reportFormat ?? 'PDF',
    expires: Math.floor((Date.now() + CIS_REPORT_URL_TTL_MS) / 1000),
  };
  const q = new URLSearchParams({
    account: g.account,
    scan: g.scan,
    format: g.format,
    expires: String(g.expires),
    signature: signatureOf(ctx.runtime.secrets, g),
  });
  const url = `${ctx.secureTransport ? 'https' : 'http'}://${safeHost(ctx.host)}${CIS_REPORT_PATH}?${q.toString()}`;
  return { status: 'SUCCEEDED', url };
}

export interface ReportAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const refuse = (status: number, message: string): ReportAnswer => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: `${message}\n`,
});

/** Checks a report URL's signature and expiry, then renders the document; `url` is the request's path and query. */
export async function serveCisReport(runtime: Runtime, url: string, now: Date): Promise<ReportAnswer> {
  const q = new URL(url, 'http://warden').searchParams;
  const format = q.get('format');
  const expires = Number(q.get('expires'));
  if ((format !== 'PDF' && format !== 'CSV') || !Number.isSafeInteger(expires))
    return refuse(403, 'Request has invalid parameters');
  const g: Grant = { account: q.get('account') ?? '', scan: q.get('scan') ?? '', format, expires };
  const expected = Buffer.from(signatureOf(runtime.secrets, g), 'hex');
  const signature = q.get('signature') ?? '';
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return refuse(403, 'The request signature does not match');
  if (now.getTime() > expires * 1000) return refuse(403, 'Request has expired');
  const report = await loadScanReport(runtime.store.db, g.account, g.scan);
  if (report === undefined) return refuse(404, 'The specified scan does not exist');
  const name = `cis-scan-${g.scan.slice(g.scan.lastIndexOf('/') + 1)}`;
  return format === 'CSV'
    ? {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.csv"`,
          'cache-control': 'no-store',
        },
        body: renderCsv(report),
      }
    : {
        status: 200,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${name}.pdf"`,
          'cache-control': 'no-store',
        },
        body: await renderPdf(report),
      };
}
