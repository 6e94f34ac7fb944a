// An address as numbers a range table can search: IPv4 as one 32-bit word, IPv6 as four (IPv4-mapped IPv6 as IPv4).
import { isIP } from 'node:net';

export interface IpWords {
  readonly family: 4 | 6;
  /** One word for IPv4, four (most significant first) for IPv6. */
  readonly words: Uint32Array;
}

/** The 32-bit number of a valid dotted quad, digit by digit (no splitting: this runs for every request observed). */
function ipv4Word(text: string): number {
  let word = 0;
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      word = word * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 0x30);
  }
  return word * 256 + octet;
}

/** The eight 16-bit groups of a valid IPv6 address (zone already removed), `::` and a dotted IPv4 tail expanded. */
function ipv6Groups(text: string): number[] {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.', lastColon)) {
    const v4 = ipv4Word(body.slice(lastColon + 1));
    body = `${body.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const gap = body.indexOf('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = parse(gap < 0 ? body : body.slice(0, gap));
  const tail = gap < 0 ? [] : parse(body.slice(gap + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The address's words, or undefined when it is not an IP address. */
export function ipWords(ip: string): IpWords | undefined {
  const zone = ip.indexOf('%');
  const text = zone < 0 ? ip : ip.slice(0, zone);
  const family = isIP(text);
  if (family === 4) return { family: 4, words: Uint32Array.of(ipv4Word(text)) };
  if (family !== 6) return undefined;
  const g = ipv6Groups(text);
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket: the IPv4 tables answer for it.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff)
    return { family: 4, words: Uint32Array.of(g[6]! * 65536 + g[7]!) };
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = g[2 * i]! * 65536 + g[2 * i + 1]!;
  return { family: 6, words };
}
