// One Route 53 health check, performed: HTTP(S) GET (optionally matching a string in the body) or a TCP connect,
// only to addresses the operator's egress rule allows. Never throws; the result is worded as Route 53's StatusReport.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';
import type { HealthCheckEgress } from './egress.js';

/** The settings a check needs (HealthCheckConfig with Route 53's defaults filled in). */
export interface CheckTarget {
  readonly Type: string;
  readonly IPAddress?: string;
  readonly FullyQualifiedDomainName?: string;
  readonly Port?: number;
  readonly ResourcePath?: string;
  readonly SearchString?: string;
  readonly EnableSNI?: boolean;
}

export interface CheckOutcome {
  readonly ok: boolean;
  /** StatusReport.Status: `Success: HTTP Status Code 200, OK`, `Failure: Connection refused. …` */
  readonly status: string;
  /** The address checked, when one was reached for. */
  readonly address?: string;
}

/** Route 53 waits 4 seconds for a connection and 2 more for the answer (10 seconds for TCP checks). */
const CONNECT_TIMEOUT_MS = 4_000;
const RESPONSE_TIMEOUT_MS = 2_000;
const TCP_TIMEOUT_MS = 10_000;
/** A string-matching check reads the first 5,120 bytes of the body. */
const SEARCH_BYTES = 5_120;

export function defaultPort(type: string): number | undefined {
  if (type === 'HTTP' || type === 'HTTP_STR_MATCH') return 80;
  if (type === 'HTTPS' || type === 'HTTPS_STR_MATCH') return 443;
  return undefined;
}

/** The address to connect to: the IPAddress, or the first allowed address the name resolves to. */
async function resolveTarget(
  target: CheckTarget,
  port: number,
  egress: HealthCheckEgress,
): Promise<{ address: string } | { failure: string }> {
  if (target.IPAddress) {
    return egress.allowsAddress(target.IPAddress, port)
      ? { address: target.IPAddress }
      : {
          failure: `Failure: The IP address ${target.IPAddress} is not allowed by this Warden's health check egress rule.`,
        };
  }
  const name = target.FullyQualifiedDomainName ?? '';
  let addresses: string[];
  try {
    addresses = (await lookup(name, { all: true })).map((a) => a.address);
  } catch {
    return { failure: `Failure: DNS resolution failed for ${name.slice(0, 255)}.` };
  }
  const nameAllowed = egress.allowsName(name, port);
  const allowed = addresses.find((a) => nameAllowed || egress.allowsAddress(a, port));
  if (!allowed) {
    return { failure: `Failure: Resolved IP address is not allowed by this Warden's health check egress rule.` };
  }
  return { address: allowed };
}

function connectionFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'ECONNREFUSED') return "Failure: Connection refused. The endpoint didn't accept a connection.";
  if (err.code === 'ETIMEDOUT' || err.message === 'timeout') {
    return 'Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked.';
  }
  return `Failure: The connection failed (${err.code ?? 'error'}).`;
}

function tcpCheck(address: string, port: number): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: TCP_TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ok: true, status: 'Success: TCP connection established.', address });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({
        ok: false,
        status: connectionFailure(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
        address,
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      resolve({ ok: false, status: connectionFailure(err), address }),
    );
  });
}

function httpCheck(target: CheckTarget, address: string, port: number): Promise<CheckOutcome> {
  const tls = target.Type.startsWith('HTTPS');
  const match = target.Type.endsWith('_STR_MATCH');
  const host = target.FullyQualifiedDomainName ?? (isIP(address) === 6 ? `[${address}]` : address);
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: CheckOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const options = {
      host: address,
      port,
      method: 'GET',
      path: target.ResourcePath || '/',
      headers: {
        host: port === (tls ? 443 : 80) ? host : `${host}:${port}`,
        'user-agent': 'Amazon-Route53-Health-Check-Service',
      },
      // Route 53 does not validate certificates; SNI carries the domain name when asked to.
      ...(tls
        ? {
            rejectUnauthorized: false,
            servername:
              target.EnableSNI && target.FullyQualifiedDomainName ? target.FullyQualifiedDomainName : undefined,
          }
        : {}),
    };
    const req = (tls ? httpsRequest : httpRequest)(options, (res) => {
      const code = res.statusCode ?? 0;
      const words = `HTTP Status Code ${code}, ${STATUS_CODES[code] ?? 'Unknown'}`;
      if (code < 200 || code >= 400) {
        done({ ok: false, status: `Failure: ${words}`, address });
        return;
      }
      if (!match) {
        done({ ok: true, status: `Success: ${words}`, address });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const judge = () => {
        const body = Buffer.concat(chunks).subarray(0, SEARCH_BYTES).toString('utf8');
        done(
          body.includes(target.SearchString ?? '')
            ? { ok: true, status: `Success: ${words}. Search string found in the response body.`, address }
            : { ok: false, status: `Failure: ${words}. The response body didn't contain the search string.`, address },
        );
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= SEARCH_BYTES) judge();
      });
      res.once('end', judge);
      res.once('error', judge);
    });
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          status: connectionFailure(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
          address,
        }),
      CONNECT_TIMEOUT_MS + RESPONSE_TIMEOUT_MS,
    );
    timer.unref();
    req.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, status: connectionFailure(err), address }));
    req.end();
  });
}

/** Performs one check. */
export async function performCheck(target: CheckTarget, egress: HealthCheckEgress): Promise<CheckOutcome> {
  const port = target.Port ?? defaultPort(target.Type);
  if (port === undefined) return { ok: false, status: 'Failure: No port to check.' };
  try {
    const resolved = await resolveTarget(target, port, egress);
    if ('failure' in resolved) return { ok: false, status: resolved.failure };
    return await (target.Type === 'TCP' ? tcpCheck(resolved.address, port) : httpCheck(target, resolved.address, port));
  } catch {
    // Node refuses to send some settings at all (a ResourcePath with a space, a domain name with a control
    // character): the check fails as a request that could not be made, and the checker goes on.
    return { ok: false, status: 'Failure: The health check request could not be sent with these settings.' };
  }
}
