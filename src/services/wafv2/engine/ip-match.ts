// IP addresses: CIDR sets (node:net BlockList) and the client address taken from a forwarded-IP header.
import { BlockList, isIP } from 'node:net';
import type { ForwardedIPConfig } from './types.js';

export class CidrSet {
  private readonly list = new BlockList();

  constructor(addresses: readonly string[]) {
    for (const cidr of addresses) {
      const [address = '', prefix] = cidr.split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`Invalid IP address in IP set: ${cidr}`);
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      this.list.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  has(ip: string): boolean {
    const family = isIP(ip);
    if (family === 0) return false;
    return this.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The addresses listed in a forwarded-IP header (e.g. X-Forwarded-For), or undefined when it is absent. */
export function forwardedAddresses(headerValues: readonly string[]): string[] | undefined {
  if (headerValues.length === 0) return undefined;
  const out: string[] = [];
  for (const value of headerValues) for (const part of value.split(',')) out.push(part.trim());
  return out;
}

/**
 * The address to inspect for a statement with a ForwardedIPConfig (first address, as AWS does for GeoMatch, ASN and
 * rate keys), or undefined when the header is missing or malformed and the FallbackBehavior decides.
 */
export function firstForwardedIp(values: readonly string[], _config: ForwardedIPConfig): string | undefined {
  const list = forwardedAddresses(values);
  const first = list?.[0];
  return first !== undefined && isIP(first) !== 0 ? first : undefined;
}
