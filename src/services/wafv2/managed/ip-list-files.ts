// The operator's addresses for the managed IP-list rules: <data dir>/wafv2/managed-ip-lists/<RuleName>.txt, CIDRs a line.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { MANAGED_IP_LIST_RULES, managedIpListArn } from './groups/ip-lists.js';

/** A list longer than this is refused rather than held in memory. */
const MAX_ENTRIES = 1_000_000;

export function managedIpListFile(dataDir: string, ruleName: string): string {
  return join(dataDir, 'wafv2', 'managed-ip-lists', `${ruleName}.txt`);
}

/** One line: an IPv4/IPv6 address with an optional prefix length; blank lines and # comments are skipped. */
export function parseCidrLine(line: string): string | undefined {
  const text = line.replace(/#.*/, '').trim();
  if (text === '') return undefined;
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) throw new Error(`not an IP address or CIDR: ${text.slice(0, 64)}`);
  const max = family === 4 ? 32 : 128;
  if (prefix === undefined) return `${address}/${max}`;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) throw new Error(`bad prefix length: ${text.slice(0, 64)}`);
  return `${address}/${Number(prefix)}`;
}

/**
 * Reads every managed IP list the operator provided, keyed by the ARN the rules reference. A missing file is an empty
 * list (the rule then matches nothing); a malformed line fails the load, naming the file.
 */
export async function loadManagedIpLists(dataDir: string): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>();
  for (const rule of MANAGED_IP_LIST_RULES) {
    const file = managedIpListFile(dataDir, rule);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        lists.set(managedIpListArn(rule), []);
        continue;
      }
      throw err;
    }
    const cidrs: string[] = [];
    for (const [i, line] of text.split('\n').entries()) {
      let cidr: string | undefined;
      try {
        cidr = parseCidrLine(line);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`, { cause: err });
      }
      if (cidr !== undefined) cidrs.push(cidr);
      if (cidrs.length > MAX_ENTRIES) throw new Error(`${file}: more than ${MAX_ENTRIES} entries`);
    }
    lists.set(managedIpListArn(rule), cidrs);
  }
  return lists;
}
