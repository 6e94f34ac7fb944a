// Test helper: Route 53 over its rest-xml wire, signed by hand, so tests see the XML exactly as Warden writes it.
import { XMLParser } from 'fast-xml-parser';
import type { TestWarden } from './warden.js';
import { send, signRequest } from './raw.js';

export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

// Every element a list, so one <HealthCheck> and several read alike.
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: () => true });

export interface Route53Answer {
  status: number;
  headers: Headers;
  /** The root element's content, every element a list (`doc.HealthCheck[0].Id[0]`). */
  doc: Record<string, any>;
  /** ErrorResponse/Error/Code and Message, when the answer is an error. */
  code?: string;
  message?: string;
  body: string;
}

/** One signed Route 53 call (signing name route53, region us-east-1: Route 53 is global). */
export async function route53(
  w: TestWarden,
  method: string,
  path: string,
  opts: { body?: string; query?: Record<string, string> } = {},
): Promise<Route53Answer> {
  const res = await send(
    await signRequest(
      w.endpoint,
      {
        method,
        path: `/2013-04-01${path}`,
        query: opts.query,
        headers: opts.body ? { 'content-type': 'application/xml' } : {},
        body: opts.body,
      },
      { service: 'route53', region: 'us-east-1', ...w.credentials },
    ),
  );
  const parsed = res.body ? (parser.parse(res.body) as Record<string, any[]>) : {};
  const rootName = Object.keys(parsed).find((k) => k !== '?xml');
  const doc = (rootName ? parsed[rootName]?.[0] : {}) ?? {};
  const error = rootName === 'ErrorResponse' ? doc.Error?.[0] : undefined;
  return {
    status: res.status,
    headers: res.headers,
    doc,
    code: error?.Code?.[0],
    message: error?.Message?.[0],
    body: res.body,
  };
}

/** A CreateHealthCheckRequest document. */
export function createHealthCheckXml(callerReference: string, config: Record<string, string | number | boolean>) {
  const inner = Object.entries(config)
    .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CreateHealthCheckRequest xmlns="${ROUTE53_NS}"><CallerReference>${callerReference}</CallerReference><HealthCheckConfig>${inner}</HealthCheckConfig></CreateHealthCheckRequest>`;
}
