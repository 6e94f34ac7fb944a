// Active IP lists in memory, per detector: loading a list (asynchronously, bounded) and ipListsOf for detection.
import { BlockList } from 'node:net';
import type { Runtime } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { parseList, type ListFormat } from './list-parse.js';
import { listSourcePolicy, readListSource } from './list-source.js';
import type { GuardDutyIpListsTable } from './tables.js';

export type ListKind = 'IPSET' | 'THREAT_INTEL_SET';

/** Entries a list may hold: 2,000 in a trusted IP list, 250,000 in a threat list (GuardDuty's quotas). */
export const MAX_ENTRIES: Readonly<Record<ListKind, number>> = { IPSET: 2_000, THREAT_INTEL_SET: 250_000 };

/** A threat list an address is on. */
export interface ThreatListHit {
  id: string;
  name: string;
}

/** What detection asks of a detector's lists. */
export interface DetectorIpLists {
  /** Whether the address is on an active trusted IP list (its activity raises no finding). */
  trusted(ip: string): boolean;
  /** The first active threat list the address is on. */
  threat(ip: string): ThreatListHit | undefined;
}

interface LoadedList {
  id: string;
  name: string;
  kind: ListKind;
  generation: number;
  blocks: BlockList;
}

/** Per runtime (one server): loaded lists by account/detector/list id, and each detector's assembled view. */
interface Memory {
  lists: Map<string, LoadedList>;
  views: Map<string, DetectorIpLists>;
}

/** What loading and matching lists needs of the server: `warden guardduty import-trail` gives it without one. */
export type ListHost = Pick<Runtime, 'store' | 'config' | 'log'>;

const memories = new WeakMap<ListHost, Memory>();

function memoryOf(runtime: ListHost): Memory {
  let m = memories.get(runtime);
  if (!m) {
    m = { lists: new Map(), views: new Map() };
    memories.set(runtime, m);
  }
  return m;
}

const listKey = (accountId: string, detectorId: string, id: string) => `${accountId}/${detectorId}/${id}`;
const viewKey = (accountId: string, detectorId: string) => `${accountId}/${detectorId}`;

function familyOf(ip: string): 'ipv4' | 'ipv6' {
  return ip.includes(':') ? 'ipv6' : 'ipv4';
}

function contains(blocks: BlockList, ip: string): boolean {
  try {
    return blocks.check(ip, familyOf(ip));
  } catch {
    return false;
  }
}

/** Reads and parses a list's content; throws when it cannot be read, holds no entry or holds too many. */
async function build(runtime: ListHost, row: GuardDutyIpListsTable): Promise<LoadedList> {
  const text = await readListSource(row.location, listSourcePolicy(runtime.config));
  const parsed = parseList(row.format as ListFormat, text);
  const kind = row.kind as ListKind;
  if (parsed.entries.length === 0) throw new Error('the list holds no IP address or range');
  if (parsed.entries.length > MAX_ENTRIES[kind])
    throw new Error(`the list holds more than ${MAX_ENTRIES[kind]} entries`);
  const blocks = new BlockList();
  for (const e of parsed.entries) {
    const type = e.family === 4 ? 'ipv4' : 'ipv6';
    if (e.prefix === (e.family === 4 ? 32 : 128)) blocks.addAddress(e.address, type);
    else blocks.addSubnet(e.address, e.prefix, type);
  }
  return { id: row.id, name: row.name, kind, generation: Number(row.generation), blocks };
}

/** Drops a list from memory (deactivated, deleted or reloading) and the detector's assembled view. */
export function forgetList(runtime: Runtime, accountId: string, detectorId: string, id: string): void {
  const m = memoryOf(runtime);
  m.lists.delete(listKey(accountId, detectorId, id));
  m.views.delete(viewKey(accountId, detectorId));
}

/** Drops every list of a detector (the detector was deleted). */
export function forgetDetector(runtime: Runtime, accountId: string, detectorId: string): void {
  const m = memoryOf(runtime);
  const prefix = `${viewKey(accountId, detectorId)}/`;
  for (const key of m.lists.keys()) if (key.startsWith(prefix)) m.lists.delete(key);
  m.views.delete(viewKey(accountId, detectorId));
}

/**
 * Loads an ACTIVATING list in the background: ACTIVE once read and parsed, ERROR when it cannot be. A load
 * overtaken by a later change of the list (another generation) writes nothing.
 */
export function scheduleLoad(runtime: Runtime, row: GuardDutyIpListsTable): void {
  const settle = async (status: 'ACTIVE' | 'ERROR', loaded?: LoadedList) => {
    const result = await accountScope(runtime.store.db, row.account_id)
      .updateTable('guardduty_ip_lists')
      .set({ status })
      .where('detector_id', '=', row.detector_id)
      .where('id', '=', row.id)
      .where('generation', '=', row.generation)
      .where('status', '=', 'ACTIVATING')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    forgetList(runtime, row.account_id, row.detector_id, row.id);
    if (loaded) memoryOf(runtime).lists.set(listKey(row.account_id, row.detector_id, row.id), loaded);
  };
  void build(runtime, row)
    .then(
      (loaded) => settle('ACTIVE', loaded),
      (err: unknown) => {
        runtime.log.info(
          { listId: row.id, reason: String((err as Error).message).slice(0, 400) },
          'guardduty list could not be loaded',
        );
        return settle('ERROR');
      },
    )
    .catch((err: unknown) => runtime.log.warn({ err, listId: row.id }, 'guardduty list status not recorded'));
}

/**
 * The detector's active trusted and threat lists as matchers. Lists loaded by this server are used as they are;
 * an ACTIVE list not in memory (after a restart) is read again from its Location.
 */
export async function ipListsOf(runtime: ListHost, accountId: string, detectorId: string): Promise<DetectorIpLists> {
  const m = memoryOf(runtime);
  const cached = m.views.get(viewKey(accountId, detectorId));
  if (cached) return cached;
  const rows = await accountScope(runtime.store.db, accountId)
    .selectFrom('guardduty_ip_lists')
    .selectAll()
    .where('detector_id', '=', detectorId)
    .where('status', '=', 'ACTIVE')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const loaded: LoadedList[] = [];
  for (const row of rows) {
    const key = listKey(accountId, detectorId, row.id);
    let list = m.lists.get(key);
    if (!list || list.generation !== Number(row.generation)) {
      try {
        list = await build(runtime, row);
      } catch (err) {
        runtime.log.info(
          { listId: row.id, reason: String((err as Error).message).slice(0, 400) },
          'guardduty list could not be reloaded',
        );
        continue;
      }
      m.lists.set(key, list);
    }
    loaded.push(list);
  }
  const trusted = loaded.filter((l) => l.kind === 'IPSET');
  const threats = loaded.filter((l) => l.kind === 'THREAT_INTEL_SET');
  const view: DetectorIpLists = {
    trusted: (ip) => trusted.some((l) => contains(l.blocks, ip)),
    threat: (ip) => {
      const hit = threats.find((l) => contains(l.blocks, ip));
      return hit && { id: hit.id, name: hit.name };
    },
  };
  m.views.set(viewKey(accountId, detectorId), view);
  return view;
}
