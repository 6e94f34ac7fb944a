// Listening TCP sockets from /proc/net/tcp and /proc/net/tcp6.

export interface ListeningSocket {
  protocol: 'tcp' | 'tcp6';
  address: string;
  port: number;
  inode: string;
}

/** TCP_LISTEN in the kernel's st column. */
const LISTEN = '0A';

/** The kernel prints each 32-bit word of an address in host (little-endian) byte order. */
function wordBytes(hex: string): number[] {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return bytes.reverse();
}

/** `0100007F` → 127.0.0.1; 32 hex digits → an IPv6 address in RFC 5952 form (v4-mapped as ::ffff:a.b.c.d). */
export function decodeAddress(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  if (hex.length === 8) return wordBytes(hex).join('.');
  if (hex.length !== 32) return undefined;
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // The longest run of two or more zero groups becomes `::` (the first such run on a tie).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (best === -1) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

/** The LISTEN rows of one /proc/net/tcp or tcp6 file (its header line and malformed rows are skipped). */
export function parseProcNetTcp(text: string, protocol: 'tcp' | 'tcp6'): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || !/^\d+:$/.test(cols[0]) || cols[3] !== LISTEN) continue;
    const [addressHex, portHex] = cols[1].split(':');
    const address = decodeAddress(addressHex ?? '');
    const port = parseInt(portHex ?? '', 16);
    if (address === undefined || !Number.isInteger(port)) continue;
    sockets.push({ protocol, address, port, inode: cols[9] });
  }
  return sockets;
}
