// Protection groups: protected resources Shield treats as one for detection, chosen as ALL, by type or by list.
import type {
  CreateProtectionGroupRequest,
  CreateProtectionGroupResponse,
  DeleteProtectionGroupRequest,
  DeleteProtectionGroupResponse,
  DescribeProtectionGroupRequest,
  DescribeProtectionGroupResponse,
  ListProtectionGroupsRequest,
  ListProtectionGroupsResponse,
  ListResourcesInProtectionGroupRequest,
  ListResourcesInProtectionGroupResponse,
  ProtectionGroup,
  UpdateProtectionGroupRequest,
  UpdateProtectionGroupResponse,
} from '../../aws/generated/shield.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { shieldArn } from './arns.js';
import { alreadyExists, invalidParameter, limitsExceeded, protectionGroupNotFound } from './errors.js';
import { MAX_PROTECTION_GROUPS } from './limits.js';
import { pageOf } from './paging.js';
import { protectedResources } from './protections.js';
import { requireSubscription } from './subscription.js';
import { deleteTags, writeTags } from './tags.js';
import type { ShieldProtectionGroupsTable } from './tables.js';

type GroupShape = Pick<CreateProtectionGroupRequest, 'Pattern' | 'ResourceType' | 'Members'>;

/**
 * "You must set [Members] when you set Pattern to ARBITRARY and you must not set it for any other Pattern setting";
 * ResourceType likewise for BY_RESOURCE_TYPE (the API reference on both members).
 */
function checkPattern(input: GroupShape): void {
  const members = input.Members !== undefined && input.Members.length > 0;
  if (input.Pattern === 'ARBITRARY' && !members)
    throw invalidParameter('Members must be set when Pattern is ARBITRARY.', 'members');
  if (input.Pattern !== 'ARBITRARY' && members)
    throw invalidParameter('Members must not be set unless Pattern is ARBITRARY.', 'members');
  if (input.Pattern === 'BY_RESOURCE_TYPE' && input.ResourceType === undefined)
    throw invalidParameter('ResourceType must be set when Pattern is BY_RESOURCE_TYPE.', 'resourceType');
  if (input.Pattern !== 'BY_RESOURCE_TYPE' && input.ResourceType !== undefined)
    throw invalidParameter('ResourceType must not be set unless Pattern is BY_RESOURCE_TYPE.', 'resourceType');
  if (members && new Set(input.Members).size !== input.Members!.length)
    throw invalidParameter('Members must not repeat a resource.', 'members');
}

function toGroup(row: ShieldProtectionGroupsTable): ProtectionGroup {
  return {
    ProtectionGroupId: row.id,
    Aggregation: row.aggregation as ProtectionGroup['Aggregation'],
    Pattern: row.pattern as ProtectionGroup['Pattern'],
    ...(row.resource_type ? { ResourceType: row.resource_type as ProtectionGroup['ResourceType'] } : {}),
    Members: JSON.parse(row.members) as string[],
    ProtectionGroupArn: row.arn,
  };
}

async function requireGroup(ctx: RequestContext, id: string): Promise<ShieldProtectionGroupsTable> {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('shield_protection_groups')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw protectionGroupNotFound();
  return row;
}

export async function createProtectionGroup(
  ctx: RequestContext,
  input: CreateProtectionGroupRequest,
): Promise<CreateProtectionGroupResponse> {
  checkPattern(input);
  const accountId = ctx.identity.accountId;
  const arn = shieldArn(ctx.partition, accountId, 'protection-group', input.ProtectionGroupId);
  await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const scope = accountScope(trx, accountId);
    const same = await scope
      .selectFrom('shield_protection_groups')
      .select('id')
      .where('id', '=', input.ProtectionGroupId)
      .executeTakeFirst();
    if (same) throw alreadyExists('protection-group');
    const count = await scope
      .selectFrom('shield_protection_groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PROTECTION_GROUPS) throw limitsExceeded('PROTECTION_GROUP', MAX_PROTECTION_GROUPS);
    await scope
      .insertInto('shield_protection_groups')
      .values({
        id: input.ProtectionGroupId,
        arn,
        aggregation: input.Aggregation,
        pattern: input.Pattern,
        resource_type: input.ResourceType ?? null,
        members: JSON.stringify(input.Members ?? []),
        created_at: Date.now(),
      })
      .execute();
    await writeTags(trx, accountId, arn, input.Tags);
  });
  ctx.audit.resources = [{ ARN: arn, accountId }];
  return {};
}

export async function updateProtectionGroup(
  ctx: RequestContext,
  input: UpdateProtectionGroupRequest,
): Promise<UpdateProtectionGroupResponse> {
  checkPattern(input);
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const result = await accountScope(trx, accountId)
      .updateTable('shield_protection_groups')
      .set({
        aggregation: input.Aggregation,
        pattern: input.Pattern,
        resource_type: input.ResourceType ?? null,
        members: JSON.stringify(input.Members ?? []),
      })
      .where('id', '=', input.ProtectionGroupId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw protectionGroupNotFound();
  });
  return {};
}

export async function describeProtectionGroup(
  ctx: RequestContext,
  input: DescribeProtectionGroupRequest,
): Promise<DescribeProtectionGroupResponse> {
  await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  return { ProtectionGroup: toGroup(await requireGroup(ctx, input.ProtectionGroupId)) };
}

export async function deleteProtectionGroup(
  ctx: RequestContext,
  input: DeleteProtectionGroupRequest,
): Promise<DeleteProtectionGroupResponse> {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const scope = accountScope(trx, accountId);
    const row = await scope
      .selectFrom('shield_protection_groups')
      .select('arn')
      .where('id', '=', input.ProtectionGroupId)
      .executeTakeFirst();
    if (!row) throw protectionGroupNotFound();
    await scope.deleteFrom('shield_protection_groups').where('id', '=', input.ProtectionGroupId).execute();
    await deleteTags(trx, accountId, row.arn);
  });
  return {};
}

export async function listProtectionGroups(
  ctx: RequestContext,
  input: ListProtectionGroupsRequest,
): Promise<ListProtectionGroupsResponse> {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const f = input.InclusionFilters;
  let query = accountScope(db, ctx.identity.accountId).selectFrom('shield_protection_groups').selectAll();
  if (f?.ProtectionGroupIds?.[0] !== undefined) query = query.where('id', '=', f.ProtectionGroupIds[0]);
  if (f?.Patterns?.[0] !== undefined) query = query.where('pattern', '=', f.Patterns[0]);
  if (f?.ResourceTypes?.[0] !== undefined) query = query.where('resource_type', '=', f.ResourceTypes[0]);
  if (f?.Aggregations?.[0] !== undefined) query = query.where('aggregation', '=', f.Aggregations[0]);
  const rows = await query.orderBy('id').execute();
  const { items, NextToken } = pageOf(ctx, rows, input);
  return { ProtectionGroups: items.map(toGroup), ...(NextToken ? { NextToken } : {}) };
}

/** A group's resources now: its members (ARBITRARY), or the protected resources its pattern selects. */
export async function listResourcesInProtectionGroup(
  ctx: RequestContext,
  input: ListResourcesInProtectionGroupRequest,
): Promise<ListResourcesInProtectionGroupResponse> {
  await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  const group = await requireGroup(ctx, input.ProtectionGroupId);
  let arns: string[];
  if (group.pattern === 'ARBITRARY') arns = JSON.parse(group.members) as string[];
  else {
    const protectedNow = await protectedResources(ctx);
    arns = protectedNow
      .filter((p) => group.pattern === 'ALL' || p.resource_type === group.resource_type)
      .map((p) => p.resource_arn);
  }
  const { items, NextToken } = pageOf(ctx, arns, input);
  return { ResourceArns: items, ...(NextToken ? { NextToken } : {}) };
}
