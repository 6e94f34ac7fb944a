// IPv4 and IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress condition operators.

/** An address as four 32-bit words (IPv4 uses only the first word). */
export interface IpAddressValue {
  readonly v6: boolean;
  readonly words: readonly [number, number, number, number];
}

export interface CidrBlock extends IpAddressValue {
  readonly prefix: number;
}

function parseV4Words(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}

/** An IPv6 address's eight 16-bit groups. */
type V6Groups = [number, number, number, number, number, number, number, number];

function parseV6Groups(text: string): V6Groups | undefined {
  let head = text;
  let v4Tail: number | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    v4Tail = parseV4Words(text.slice(lastColon + 1));
    if (v4Tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const doubleColon = head.indexOf('::');
  if (doubleColon !== head.lastIndexOf('::')) return undefined;
  const parseList = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[] | undefined;
  if (doubleColon >= 0) {
    const left = parseList(head.slice(0, doubleColon));
    const right = parseList(head.slice(doubleColon + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    groups = parseList(head);
    if (!groups || groups.length !== 8) return undefined;
  }
  if (v4Tail !== undefined) {
    groups[6] = v4Tail >>> 16;
    groups[7] = v4Tail & 0xffff;
  }
  // Both branches above leave exactly eight groups.
  return groups as V6Groups;
}

/**
 * Parses an IPv4 or IPv6 address (a `%zone` suffix is ignored). IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`)
 * are returned as IPv4 so that they match IPv4 blocks.
 */
export function parseIp(text: string): IpAddressValue | undefined {
  const s = text.trim();
  if (!s.includes(':')) {
    const v4 = parseV4Words(s);
    return v4 === undefined ? undefined : { v6: false, words: [v4, 0, 0, 0] };
  }
  const zone = s.indexOf('%');
  const g = parseV6Groups(zone >= 0 ? s.slice(0, zone) : s);
  if (!g) return undefined;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return { v6: false, words: [((g[6] << 16) | g[7]) >>> 0, 0, 0, 0] };
  }
  return {
    v6: true,
    words: [
      ((g[0] << 16) | g[1]) >>> 0,
      ((g[2] << 16) | g[3]) >>> 0,
      ((g[4] << 16) | g[5]) >>> 0,
      ((g[6] << 16) | g[7]) >>> 0,
    ],
  };
}

/** Parses `a.b.c.d/n`, an IPv6 block, or a bare address (a single-address block). */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  // A block written in IPv6 form keeps IPv6 prefix lengths even when it is IPv4-mapped.
  const writtenV6 = (slash < 0 ? text : text.slice(0, slash)).includes(':');
  const max = writtenV6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  if (writtenV6 && !ip.v6) {
    // ::ffff:a.b.c.d/n — express the prefix over the embedded IPv4 address.
    if (prefix < 96) return { v6: true, words: [0, 0, 0xffff, ip.words[0]], prefix };
    prefix -= 96;
  }
  return { v6: ip.v6, words: ip.words, prefix };
}

function maskedEqual(a: number, b: number, bits: number): boolean {
  if (bits <= 0) return true;
  if (bits >= 32) return a === b;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

/**
 * Whether an address lies inside a block. An address is never inside a block of the other family: AWS documents
 * that an IPv6 address is outside every IPv4 range (so `NotIpAddress` with only IPv4 ranges holds for it), and an
 * IPv4 address is likewise outside IPv6 ranges, `::/0` included. IPv4-mapped forms (`::ffff:a.b.c.d`, and blocks
 * of /96 or longer over them) are IPv4 already, as parseIp and parseCidr read them.
 */
export function cidrContains(block: CidrBlock, ip: IpAddressValue): boolean {
  if (block.v6 !== ip.v6) return false;
  let remaining = block.prefix;
  for (let w = 0; w < (block.v6 ? 4 : 1); w++) {
    if (!maskedEqual(block.words[w]!, ip.words[w]!, remaining)) return false; // w < 4: words has four
    remaining -= 32;
  }
  return true;
}
