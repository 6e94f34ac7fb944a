// The key a client is counted under: its IPv4 address, or its IPv6 address's /64 network.
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The IPv4 address, or an IPv6 address's /64 network: one host usually holds a whole /64, so counting its
 * addresses one by one would let it step around a limit.
 */
export function sourceKey(ip: string): string {
  // Most clients: a plain IPv4 address is its own key (and spares the IPv6 parse, on every request of a listener).
  if (isIPv4(ip)) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  const address = ip.replace(/%.*$/, '');
  if (!isIPv6(address)) return ip.slice(0, 64);
  const [head = '', tail = ''] = address.split('::'); // split gives at least one part: head is always there
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  // An embedded IPv4 tail (…:1.2.3.4) is two groups; only the first four groups matter here, so count it as two.
  const right = groups(tail).flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const full = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${full
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
