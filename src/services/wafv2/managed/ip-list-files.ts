// The operator's addresses for the managed IP-list rules: <data dir>/wafv2/managed-ip-lists/<RuleName>.txt, CIDRs a line.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Runtime } from '../../../core/runtime.js';
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

/** The first retry after a failed load waits this long; each further failure doubles it, up to MAX_RETRY_MS. */
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** The lists could not be read (a malformed line, an unreadable file); a later request retries once the backoff passes. */
export class ManagedIpListsUnavailable extends Error {
  constructor(cause: unknown, retryAt: number) {
    super(`managed IP lists could not be read; retried after ${new Date(retryAt).toISOString()}`, { cause });
  }
}

/**
 * The operator's lists, read once and kept. A failed read is not kept until restart: it is answered as
 * ManagedIpListsUnavailable until the backoff passes (1 s, doubling to 5 min), then the files are read again, so an
 * operator who fixes a file needs no restart. Each failed read is reported once, through `onFailure`.
 */
export class ManagedIpListCache {
  private lists: Map<string, string[]> | undefined;
  private reading: Promise<Map<string, string[]>> | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastError: ManagedIpListsUnavailable | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly onFailure: (err: unknown, failures: number) => void,
    private readonly now: () => number = Date.now,
    private readonly load: (dataDir: string) => Promise<Map<string, string[]>> = loadManagedIpLists,
  ) {}

  get(): Promise<Map<string, string[]>> {
    if (this.lists) return Promise.resolve(this.lists);
    if (this.reading) return this.reading;
    if (this.lastError && this.now() < this.retryAt) return Promise.reject(this.lastError);
    this.reading = this.load(this.dataDir).then(
      (lists) => {
        this.lists = lists;
        this.lastError = undefined;
        this.failures = 0;
        this.reading = undefined;
        return lists;
      },
      (err: unknown) => {
        this.failures++;
        this.retryAt = this.now() + Math.min(FIRST_RETRY_MS * 2 ** Math.min(this.failures - 1, 20), MAX_RETRY_MS);
        this.lastError = new ManagedIpListsUnavailable(err, this.retryAt);
        this.reading = undefined;
        this.onFailure(err, this.failures);
        throw this.lastError;
      },
    );
    return this.reading;
  }
}

/** Per Runtime: tests run several servers in one process, each with its own data directory. */
const caches = new WeakMap<Runtime, ManagedIpListCache>();

export function managedIpListsFor(runtime: Runtime): ManagedIpListCache {
  let cache = caches.get(runtime);
  if (!cache) {
    cache = new ManagedIpListCache(runtime.config.dataDir, (err, failures) =>
      runtime.log.warn(
        { err, failures },
        'managed IP lists could not be read: web ACLs using them keep their previous version until a retry succeeds',
      ),
    );
    caches.set(runtime, cache);
  }
  return cache;
}
