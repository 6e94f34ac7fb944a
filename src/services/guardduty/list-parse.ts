// Parsing trusted IP lists and threat lists into addresses and CIDR ranges, per GuardDuty's list formats.
import { isIP } from 'node:net';

export type ListFormat = 'TXT' | 'STIX' | 'OTX_CSV' | 'ALIEN_VAULT' | 'PROOF_POINT' | 'FIRE_EYE';

/** One entry: an address (prefix = full length) or a CIDR range. */
export interface IpEntry {
  address: string;
  prefix: number;
  family: 4 | 6;
}

export interface ParsedList {
  entries: IpEntry[];
  /** Lines or records that named no IP address or range (domains, malformed entries); skipped. */
  skipped: number;
}

/** An address or CIDR range, or undefined when the text is neither. */
export function parseIpOrCidr(text: string): IpEntry | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  const address = slash < 0 ? t : t.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return undefined;
  const family: 4 | 6 = version === 4 ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  if (slash < 0) return { address, prefix: max, family };
  const bits = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return { address, prefix: Number(bits), family };
}

/** TXT: one address or CIDR range per line; blank lines and lines starting with # are not entries. */
function parseTxt(text: string): ParsedList {
  const entries: IpEntry[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const entry = parseIpOrCidr(t);
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

/**
 * STIX: addresses in STIX 1.x XML (the values of Address_Value elements of address objects) and in STIX 2.x
 * indicator patterns ([ipv4-addr:value = '...'] / ipv6-addr). Other observables (domains, URLs, hashes) are skipped.
 */
function parseStix(text: string): ParsedList {
  const entries: IpEntry[] = [];
  let skipped = 0;
  const values = [
    ...text.matchAll(/<(?:[\w-]+:)?Address_Value\b[^>]*>([^<]{1,100})<\/(?:[\w-]+:)?Address_Value>/g),
    ...text.matchAll(/ipv[46]-addr:value\s*=\s*\\?'([^'\\]{1,100})\\?'/g),
  ].map((m) => m[1]!);
  for (const v of values) {
    const entry = parseIpOrCidr(v);
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

/**
 * The CSV-shaped feeds (OTX_CSV, PROOF_POINT, FIRE_EYE) and AlienVault's reputation format (fields separated by
 * #): each record's first field that is an address or range is its entry; a header or a record naming none is skipped.
 */
function parseRecords(text: string, separator: RegExp): ParsedList {
  const entries: IpEntry[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = line.split(separator).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    const entry = fields.map(parseIpOrCidr).find((e) => e !== undefined);
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

export function parseList(format: ListFormat, text: string): ParsedList {
  switch (format) {
    case 'TXT':
      return parseTxt(text);
    case 'STIX':
      return parseStix(text);
    case 'ALIEN_VAULT':
      return parseRecords(text, /#/);
    case 'OTX_CSV':
    case 'PROOF_POINT':
    case 'FIRE_EYE':
      return parseRecords(text, /,/);
  }
}
