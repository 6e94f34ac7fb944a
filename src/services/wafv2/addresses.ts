// IP set addresses: IPv4 or IPv6 CIDR blocks of the set's version, any prefix but /0, written back in canonical form.
import { isIPv4, isIPv6 } from 'node:net';
import type { IPAddressVersion } from '../../aws/generated/wafv2.js';
import { invalidParameter, limitsExceeded, REASON } from './errors.js';

/** "Maximum number of IP addresses in an IP set: 10,000" (AWS WAF quotas). */
export const MAX_ADDRESSES = 10_000;

function canonicalIPv6(address: string): string {
  // Expand :: and any embedded IPv4 tail to eight groups, then print each group without leading zeros.
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** One address as the set stores it, or WAFInvalidParameterException (field IP_ADDRESS) naming it. */
export function normalizeAddress(version: IPAddressVersion, address: string): string {
  const bad = () => invalidParameter('IP_ADDRESS', address, REASON.format);
  const slash = address.indexOf('/');
  if (slash < 0) throw bad();
  const host = address.slice(0, slash);
  const bits = address.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) throw bad();
  const prefix = Number(bits);
  if (version === 'IPV4') {
    if (!isIPv4(host) || prefix < 1 || prefix > 32) throw bad();
    return `${host.split('.').map(Number).join('.')}/${prefix}`;
  }
  if (!isIPv6(host) || host.includes('%') || prefix < 1 || prefix > 128) throw bad();
  return `${canonicalIPv6(host)}/${prefix}`;
}

export function normalizeAddresses(version: IPAddressVersion, addresses: readonly string[]): string[] {
  if (addresses.length > MAX_ADDRESSES) throw limitsExceeded();
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of addresses) {
    const n = normalizeAddress(version, a);
    if (!seen.has(n)) out.push(n);
    seen.add(n);
  }
  return out;
}
