// PutInventory: an instance's inventory items, each replacing the type's previous item, within Warden's bounds.
import type { RequestContext } from '../../../core/runtime.js';
import { managedInstanceArn } from '../arns.js';
import {
  customSchemaCountLimitExceeded,
  invalidItemContent,
  invalidTypeName,
  itemSizeLimitExceeded,
  totalSizeLimitExceeded,
  unknownInstance,
} from '../errors.js';
import { entryColumns } from './entry-columns.js';
import { AWS_TYPES, CUSTOM_TYPES_PER_ACCOUNT, INSTANCE_MAX_BYTES, ITEM_MAX_BYTES, isCustomType } from './schemas.js';

interface InventoryItem {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  ContentHash?: string;
  Content?: Record<string, string>[];
  Context?: Record<string, string>;
}

interface PutInventoryInput {
  InstanceId: string;
  Items: InventoryItem[];
}

/** Rows per insert statement: well under SQLite's and PostgreSQL's bound-parameter limits (11 columns a row). */
const INSERT_CHUNK = 400;

function checkItem(item: InventoryItem): number {
  const schema = AWS_TYPES.get(item.TypeName);
  if (schema === undefined && !isCustomType(item.TypeName)) throw invalidTypeName(item.TypeName);
  const content = item.Content ?? [];
  if (schema !== undefined) {
    for (const entry of content) {
      for (const attribute of Object.keys(entry)) {
        if (!schema.has(attribute)) {
          throw invalidItemContent(item.TypeName, `the attribute ${attribute} is not in the type's schema.`);
        }
      }
    }
  }
  const size = Buffer.byteLength(JSON.stringify(content), 'utf8');
  if (size > ITEM_MAX_BYTES) throw itemSizeLimitExceeded(item.TypeName, ITEM_MAX_BYTES);
  return size;
}

export async function putInventory(ctx: RequestContext, input: PutInventoryInput) {
  const accountId = ctx.identity.accountId;
  const db = ctx.runtime.store.db;
  const seen = new Set<string>();
  for (const item of input.Items) {
    if (seen.has(item.TypeName)) {
      throw invalidItemContent(item.TypeName, 'the type appears more than once in the request.');
    }
    seen.add(item.TypeName);
  }
  const sizes = input.Items.map(checkItem);
  const now = ctx.receivedAt.getTime();

  await db.transaction().execute(async (tx) => {
    const instance = await tx
      .selectFrom('ssm_managed_instances')
      .select(['instance_id'])
      .where('instance_id', '=', input.InstanceId)
      .where('account_id', '=', accountId)
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    if (instance === undefined) throw unknownInstance(input.InstanceId);

    const stored = await tx
      .selectFrom('ssm_inventory_items')
      .select(['type_name', 'content_hash', 'size_bytes'])
      .where('instance_id', '=', input.InstanceId)
      .execute();
    const byType = new Map(stored.map((r) => [r.type_name, r]));
    let total = 0;
    for (const r of stored) if (!seen.has(r.type_name)) total += Number(r.size_bytes);
    for (const size of sizes) total += size;
    if (total > INSTANCE_MAX_BYTES) throw totalSizeLimitExceeded(INSTANCE_MAX_BYTES);

    const newCustom = input.Items.filter((i) => isCustomType(i.TypeName) && !byType.has(i.TypeName));
    if (newCustom.length > 0) {
      const known = await tx
        .selectFrom('ssm_inventory_items')
        .select('type_name')
        .distinct()
        .where('account_id', '=', accountId)
        .where('region', '=', ctx.region)
        .where('type_name', 'like', 'Custom:%')
        .execute();
      const types = new Set(known.map((r) => r.type_name));
      for (const item of newCustom) types.add(item.TypeName);
      if (types.size > CUSTOM_TYPES_PER_ACCOUNT) throw customSchemaCountLimitExceeded();
    }

    for (const [i, item] of input.Items.entries()) {
      const previous = byType.get(item.TypeName);
      // AWS's ContentHash contract: the same hash as stored means the content did not change, so nothing is rewritten.
      if (item.ContentHash !== undefined && previous?.content_hash === item.ContentHash) {
        await tx
          .updateTable('ssm_inventory_items')
          .set({ capture_time: item.CaptureTime, updated_at: now })
          .where('instance_id', '=', input.InstanceId)
          .where('type_name', '=', item.TypeName)
          .execute();
        continue;
      }
      const content = item.Content ?? [];
      await tx
        .deleteFrom('ssm_inventory_entries')
        .where('instance_id', '=', input.InstanceId)
        .where('type_name', '=', item.TypeName)
        .execute();
      await tx
        .deleteFrom('ssm_inventory_items')
        .where('instance_id', '=', input.InstanceId)
        .where('type_name', '=', item.TypeName)
        .execute();
      await tx
        .insertInto('ssm_inventory_items')
        .values({
          account_id: accountId,
          region: ctx.region,
          instance_id: input.InstanceId,
          type_name: item.TypeName,
          schema_version: item.SchemaVersion,
          capture_time: item.CaptureTime,
          content_hash: item.ContentHash ?? null,
          context: item.Context !== undefined ? JSON.stringify(item.Context) : null,
          entry_count: content.length,
          size_bytes: sizes[i],
          updated_at: now,
        })
        .execute();
      for (let start = 0; start < content.length; start += INSERT_CHUNK) {
        const rows = content.slice(start, start + INSERT_CHUNK).map((entry, j) => ({
          account_id: accountId,
          region: ctx.region,
          instance_id: input.InstanceId,
          type_name: item.TypeName,
          seq: start + j,
          ...entryColumns(item.TypeName, entry),
          content: JSON.stringify(entry),
        }));
        await tx.insertInto('ssm_inventory_entries').values(rows).execute();
      }
    }

    // The instance's own report of itself is what DescribeInstanceInformation shows.
    const info = input.Items.find((i) => i.TypeName === 'AWS:InstanceInformation')?.Content?.[0];
    const fromInstance =
      ctx.identity.type === 'AssumedRole' && ctx.identity.principalId.endsWith(`:${input.InstanceId}`);
    const changes = {
      ...(fromInstance ? { last_ping_at: now } : {}),
      ...(info !== undefined
        ? {
            agent_version: info.AgentVersion ?? null,
            platform_type: info.PlatformType ?? null,
            platform_name: info.PlatformName ?? null,
            platform_version: info.PlatformVersion ?? null,
            computer_name: info.ComputerName ?? null,
            ip_address: info.IpAddress ?? null,
          }
        : {}),
    };
    if (Object.keys(changes).length > 0) {
      await tx.updateTable('ssm_managed_instances').set(changes).where('instance_id', '=', input.InstanceId).execute();
    }
  });
  ctx.audit.resources = [
    {
      ARN: managedInstanceArn(ctx.partition, ctx.region, accountId, input.InstanceId),
      accountId,
      type: 'AWS::SSM::ManagedInstanceInventory',
    },
  ];
  return { Message: '' };
}
