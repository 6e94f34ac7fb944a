// Reading inventory: ListInventoryEntries (one instance, one type) and GetInventory (instances with their items).
import type { Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../../core/runtime.js';
import type { Database } from '../../../store/schema.js';
import { openPageToken, pageOfQuery, sealPageToken } from '../../../store/pagination.js';
import { invalidAggregator, invalidFilter, TOKEN_ERRORS, unknownInstance } from '../errors.js';
import type { SsmManagedInstancesTable } from '../tables.js';
import { compileFilter, type CompiledFilter, type InventoryFilter } from './filters.js';

type InstanceRow = Selectable<SsmManagedInstancesTable>;

type Entry = Record<string, string>;

/** Where a listed entry's position rides along while its page is assembled (a symbol: no attribute can collide). */
const SEQ = Symbol('seq');
/** How much inventory content one GetInventory page carries before it ends early. */
const PAGE_CONTENT_BYTES = 4 * 1024 * 1024;
/** Rows read per query while filling a filtered page. */
const SCAN_BATCH = 500;

async function entriesOf(db: Kysely<Database>, instanceId: string, typeName: string): Promise<Entry[]> {
  const rows = await db
    .selectFrom('ssm_inventory_entries')
    .select('content')
    .where('instance_id', '=', instanceId)
    .where('type_name', '=', typeName)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.content) as Entry);
}

interface ListInventoryEntriesInput {
  InstanceId: string;
  TypeName: string;
  Filters?: InventoryFilter[];
  MaxResults?: number;
  NextToken?: string;
}

export async function listInventoryEntries(ctx: RequestContext, input: ListInventoryEntriesInput) {
  const filters = (input.Filters ?? []).map((f) => compileFilter(f, true));
  for (const f of filters) {
    if (f.typeName !== undefined && f.typeName !== input.TypeName) {
      throw invalidFilter(`The filter key ${f.typeName}.${f.attribute} is not of type ${input.TypeName}.`);
    }
  }
  const db = ctx.runtime.store.db;
  const instance = await db
    .selectFrom('ssm_managed_instances')
    .select('instance_id')
    .where('instance_id', '=', input.InstanceId)
    .where('account_id', '=', ctx.identity.accountId)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (instance === undefined) throw unknownInstance(input.InstanceId);
  const item = await db
    .selectFrom('ssm_inventory_items')
    .select(['schema_version', 'capture_time'])
    .where('instance_id', '=', input.InstanceId)
    .where('type_name', '=', input.TypeName)
    .executeTakeFirst();
  // Keyset pages on the entry's position: a page reads only the rows it needs (filters are applied as rows are read).
  const page = await pageOfQuery<Entry & { [SEQ]: number }, number>(ctx, {
    token: input.NextToken,
    limit: input.MaxResults ?? 50,
    filters: input,
    errors: TOKEN_ERRORS,
    isCursor: (v): v is number => Number.isSafeInteger(v),
    cursorOf: (e) => e[SEQ],
    fetch: async (after, count) => {
      if (item === undefined) return [];
      const found: (Entry & { [SEQ]: number })[] = [];
      let from = after ?? -1;
      while (found.length < count) {
        const rows = await db
          .selectFrom('ssm_inventory_entries')
          .select(['seq', 'content'])
          .where('instance_id', '=', input.InstanceId)
          .where('type_name', '=', input.TypeName)
          .where('seq', '>', from)
          .orderBy('seq')
          .limit(SCAN_BATCH)
          .execute();
        for (const r of rows) {
          const entry = JSON.parse(r.content) as Entry;
          if (filters.every((f) => f.matches(entry)) && found.length < count) {
            found.push(Object.assign(entry, { [SEQ]: Number(r.seq) }));
          }
        }
        if (rows.length < SCAN_BATCH) break;
        from = Number(rows[rows.length - 1].seq);
      }
      return found;
    },
  });
  return {
    TypeName: input.TypeName,
    InstanceId: input.InstanceId,
    ...(item !== undefined ? { SchemaVersion: item.schema_version, CaptureTime: item.capture_time } : {}),
    Entries: page.items.map(({ [SEQ]: _seq, ...entry }) => entry),
    ...(page.next !== undefined ? { NextToken: page.next } : {}),
  };
}

/** Seconds-precision UTC, the CaptureTime format (`2024-01-02T03:04:05Z`). */
function captureTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** AWS:InstanceInformation as Systems Manager keeps it: from the registration and the instance's own reports. */
function instanceInformation(row: InstanceRow): Entry {
  const entry: Entry = {
    AgentType: 'warden-agent',
    InstanceId: row.instance_id,
    InstanceStatus: 'Active',
    ResourceType: 'ManagedInstance',
  };
  if (row.agent_version !== null) entry.AgentVersion = row.agent_version;
  if (row.computer_name !== null) entry.ComputerName = row.computer_name;
  if (row.ip_address !== null) entry.IpAddress = row.ip_address;
  if (row.platform_name !== null) entry.PlatformName = row.platform_name;
  if (row.platform_type !== null) entry.PlatformType = row.platform_type;
  if (row.platform_version !== null) entry.PlatformVersion = row.platform_version;
  return entry;
}

interface GetInventoryInput {
  Filters?: InventoryFilter[];
  Aggregators?: unknown[];
  ResultAttributes?: { TypeName: string }[];
  NextToken?: string;
  MaxResults?: number;
}

interface ResultItem {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime?: string;
  ContentHash?: string;
  Content: Entry[];
}

export async function getInventory(ctx: RequestContext, input: GetInventoryInput) {
  if (input.Aggregators !== undefined) {
    throw invalidAggregator('Warden does not serve inventory aggregators; query with Filters and ResultAttributes.');
  }
  const filters = (input.Filters ?? []).map((f) => compileFilter(f, false));
  const resultType = input.ResultAttributes?.[0]?.TypeName ?? 'AWS:InstanceInformation';
  const db = ctx.runtime.store.db;
  const instances = await db
    .selectFrom('ssm_managed_instances')
    .selectAll()
    .where('account_id', '=', ctx.identity.accountId)
    .where('region', '=', ctx.region)
    .orderBy('instance_id')
    .execute();

  const items = async (row: InstanceRow, typeName: string): Promise<ResultItem | undefined> => {
    if (typeName === 'AWS:InstanceInformation') {
      return {
        TypeName: typeName,
        SchemaVersion: '1.0',
        CaptureTime: captureTime(Number(row.last_ping_at)),
        Content: [instanceInformation(row)],
      };
    }
    const item = await db
      .selectFrom('ssm_inventory_items')
      .select(['schema_version', 'capture_time', 'content_hash'])
      .where('instance_id', '=', row.instance_id)
      .where('type_name', '=', typeName)
      .executeTakeFirst();
    if (item === undefined) return undefined;
    return {
      TypeName: typeName,
      SchemaVersion: item.schema_version,
      CaptureTime: item.capture_time,
      ...(item.content_hash !== null ? { ContentHash: item.content_hash } : {}),
      Content: await entriesOf(db, row.instance_id, typeName),
    };
  };
  const byType = new Map<string, CompiledFilter[]>();
  for (const f of filters) byType.set(f.typeName ?? '', [...(byType.get(f.typeName ?? '') ?? []), f]);
  // Each filter must hold for some entry of its type (filters on one type: the same entry).
  const matching: InstanceRow[] = [];
  for (const row of instances) {
    let ok = true;
    for (const [typeName, group] of byType) {
      const item = await items(row, typeName);
      if (!(item?.Content ?? []).some((e) => group.every((f) => f.matches(e)))) {
        ok = false;
        break;
      }
    }
    if (ok) matching.push(row);
  }
  // Offset pages, cut short once a page holds PAGE_CONTENT_BYTES of entries (a page of instances with full
  // inventories could otherwise be hundreds of megabytes); a page always holds at least one entity.
  let start = 0;
  if (input.NextToken !== undefined) {
    const offset = openPageToken(ctx, input, input.NextToken, TOKEN_ERRORS);
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw TOKEN_ERRORS.invalid();
    start = offset as number;
  }
  const limit = input.MaxResults ?? 50;
  const entities = [];
  let bytes = 0;
  let end = start;
  while (end < matching.length && entities.length < limit && (entities.length === 0 || bytes < PAGE_CONTENT_BYTES)) {
    const row = matching[end++];
    const item = await items(row, resultType);
    if (item !== undefined) bytes += Buffer.byteLength(JSON.stringify(item.Content), 'utf8');
    entities.push({ Id: row.instance_id, Data: item !== undefined ? { [resultType]: item } : {} });
  }
  return {
    Entities: entities,
    ...(end < matching.length ? { NextToken: sealPageToken(ctx, input, end) } : {}),
  };
}
