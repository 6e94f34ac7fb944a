// Whether an address is on the public Internet: private, loopback, link-local, documentation and other special-use
// ranges (RFC 6890's registries) are not, whatever a geolocation feed says of them.
import { ipWords, type IpWords } from './ip-words.js';

/** IPv4 special-use blocks as [first address, prefix length]. */
const V4_SPECIAL: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/** The blocks as [first word, mask] pairs, for one AND and one comparison each. */
const V4_MASKS = V4_SPECIAL.map(([first, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [ipWords(first)!.words[0]!, mask] as const;
});

/**
 * IPv6 special-use blocks by their first 32 bits and a mask on them (all are /32 or wider, or need the whole
 * address: `::` and `::1`, tested apart).
 */
const V6_MASKS: readonly (readonly [number, number])[] = [
  [0xfc000000, 0xfe000000], // fc00::/7 unique local
  [0xfe800000, 0xffc00000], // fe80::/10 link-local
  [0xff000000, 0xff000000], // ff00::/8 multicast
  [0x20010db8, 0xffffffff], // 2001:db8::/32 documentation
];

/** False for special-use and malformed addresses; IPv4-mapped IPv6 is judged as its IPv4 address. */
export function isPublicAddress(ip: string): boolean {
  const w = ipWords(ip);
  return w !== undefined && isPublicWords(w);
}

/** isPublicAddress for an address already parsed. */
export function isPublicWords(w: IpWords): boolean {
  if (w.family === 4) {
    const word = w.words[0]!;
    for (const [first, mask] of V4_MASKS) if ((word & mask) >>> 0 === first) return false;
    return true;
  }
  const [a, b, c, d] = w.words;
  // :: (unspecified) and ::1 (loopback); the rest of ::/96 (IPv4-compatible, deprecated) is not routed either.
  if (a === 0 && b === 0 && c === 0 && d! <= 1) return false;
  for (const [first, mask] of V6_MASKS) if ((a! & mask) >>> 0 === first) return false;
  return true;
}
