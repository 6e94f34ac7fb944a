// One operator allow-list entry for outbound connections (--xks-proxy-allow): a CIDR network, an IP, or a host[:port].
// At the top of src/ because the configuration validates entries at start-up and KMS applies them at connect time.
import { isIP } from 'node:net';

/** One --xks-proxy-allow entry: a network in CIDR notation, an IP address, or a host name, with an optional port. */
export type EgressAllowEntry =
  | { kind: 'network'; network: string; prefix: number }
  | { kind: 'address'; address: string; port?: number }
  | { kind: 'name'; name: string; port?: number };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function parsePort(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Parses one allow-list entry; undefined when it is none of the accepted forms. */
export function parseEgressEntry(raw: string): EgressAllowEntry | undefined {
  const text = raw.trim().toLowerCase();
  const cidr = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (cidr) {
    const version = isIP(cidr[1]!);
    const prefix = Number(cidr[2]);
    if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
    return { kind: 'network', network: cidr[1]!, prefix };
  }
  // [v6] or [v6]:port; a bare IPv6 address has no port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const port = parsePort(bracketed[2]);
    if (isIP(bracketed[1]!) !== 6 || port === null) return undefined;
    return { kind: 'address', address: bracketed[1]!, ...(port !== undefined ? { port } : {}) };
  }
  if (isIP(text) === 6) return { kind: 'address', address: text };
  const hostPort = /^([^:\s]+)(?::(\d+))?$/.exec(text);
  if (!hostPort) return undefined;
  const host = hostPort[1]!.replace(/\.$/, '');
  const port = parsePort(hostPort[2]);
  if (port === null) return undefined;
  const withPort = port !== undefined ? { port } : {};
  if (isIP(host) === 4) return { kind: 'address', address: host, ...withPort };
  return HOST_NAME.test(host) ? { kind: 'name', name: host, ...withPort } : undefined;
}
