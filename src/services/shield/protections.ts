// Protections: Shield Advanced on one resource each, here the caller's Application Load Balancers.
import { randomUUID } from 'node:crypto';
import type {
  CreateProtectionRequest,
  CreateProtectionResponse,
  DeleteProtectionRequest,
  DeleteProtectionResponse,
  DescribeProtectionRequest,
  DescribeProtectionResponse,
  ListProtectionsRequest,
  ListProtectionsResponse,
  Protection,
} from '../../aws/generated/shield.js';
import { protectableResourceExists } from '../../core/protectable.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { firstAccountId } from '../../bootstrap.js';
import { API_ENDPOINT_TYPE, arnResourceWords, protectedResourceType, shieldArn } from './arns.js';
import { protectionsChanged } from './detection/monitor.js';
import { alreadyExists, invalidParameter, invalidResource, limitsExceeded, protectionNotFound } from './errors.js';
import { MAX_PROTECTIONS_PER_TYPE, PROTECTABLE_TYPES } from './limits.js';
import { automaticResponseEnabled, releaseMitigation } from './automatic-response.js';
import { pageOf } from './paging.js';
import { requireSubscription } from './subscription.js';
import { deleteTags, writeTags } from './tags.js';
import type { ShieldProtectionsTable } from './tables.js';
import type { Selectable } from 'kysely';

function toProtection(row: Selectable<ShieldProtectionsTable>): Protection {
  return {
    Id: row.id,
    Name: row.name,
    ResourceArn: row.resource_arn,
    HealthCheckIds: JSON.parse(row.health_check_ids) as string[],
    ProtectionArn: row.arn,
    ...(row.automatic_response
      ? {
          ApplicationLayerAutomaticResponseConfiguration: JSON.parse(
            row.automatic_response,
          ) as Protection['ApplicationLayerAutomaticResponseConfiguration'],
        }
      : {}),
  };
}

/**
 * The resource type of a resource the caller may protect. AWS refuses ARNs of services Shield does not protect as
 * "Unrecognized resource"; a protectable type Warden does not host, another account's resource or one that does
 * not exist is InvalidResourceException's "might not exist".
 */
async function protectableType(ctx: RequestContext, arn: string): Promise<string> {
  const type = protectedResourceType(arn);
  if (!type) {
    const words = arnResourceWords(arn);
    throw invalidResource(
      words?.resource
        ? `Unrecognized resource '${words.resource.slice(0, 64)}' of service '${words.service.slice(0, 64)}'.`
        : "Relative ID must be in the form '<resource>/<id>'.",
    );
  }
  // The API endpoint is Warden's own type: protectable, but not among the AWS types the subscription's limits list.
  if (type !== API_ENDPOINT_TYPE && !(PROTECTABLE_TYPES as readonly string[]).includes(type)) throw invalidResource();
  if (arn.split(':')[4] !== ctx.identity.accountId) throw invalidResource();
  // The API endpoint carries every account's calls: it is the deployment's first account's to protect.
  const exists =
    type === API_ENDPOINT_TYPE
      ? (await firstAccountId(ctx.runtime.store)) === ctx.identity.accountId
      : await protectableResourceExists(ctx.runtime, arn);
  if (!exists) throw invalidResource();
  return type;
}

export async function createProtection(
  ctx: RequestContext,
  input: CreateProtectionRequest,
): Promise<CreateProtectionResponse> {
  const accountId = ctx.identity.accountId;
  await requireSubscription(ctx.runtime.store.db, accountId);
  const resourceType = await protectableType(ctx, input.ResourceArn);
  const id = randomUUID();
  const arn = shieldArn(ctx.partition, accountId, 'protection', id);
  await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const scope = accountScope(trx, accountId);
    const same = await scope
      .selectFrom('shield_protections')
      .select('id')
      .where('resource_arn', '=', input.ResourceArn)
      .executeTakeFirst();
    if (same) throw alreadyExists('protection');
    const count = await scope
      .selectFrom('shield_protections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('resource_type', '=', resourceType)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PROTECTIONS_PER_TYPE) throw limitsExceeded(resourceType, MAX_PROTECTIONS_PER_TYPE);
    await scope
      .insertInto('shield_protections')
      .values({
        id,
        arn,
        name: input.Name,
        resource_arn: input.ResourceArn,
        resource_type: resourceType,
        automatic_response: null,
        created_at: Date.now(),
      })
      .execute();
    await writeTags(trx, accountId, arn, input.Tags);
  });
  ctx.audit.resources = [{ ARN: arn, accountId }];
  if (resourceType === API_ENDPOINT_TYPE) await protectionsChanged(ctx.runtime);
  return { ProtectionId: id };
}

export async function describeProtection(
  ctx: RequestContext,
  input: DescribeProtectionRequest,
): Promise<DescribeProtectionResponse> {
  const byId = input.ProtectionId !== undefined;
  if (byId === (input.ResourceArn !== undefined))
    throw invalidParameter(
      'Invalid parameter. You must provide one value, either protectionId or resourceArn, but not both.',
    );
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const query = accountScope(db, ctx.identity.accountId).selectFrom('shield_protections').selectAll();
  const row = await (
    byId ? query.where('id', '=', input.ProtectionId!) : query.where('resource_arn', '=', input.ResourceArn!)
  ).executeTakeFirst();
  if (!row) throw protectionNotFound();
  return { Protection: toProtection(row) };
}

export async function listProtections(
  ctx: RequestContext,
  input: ListProtectionsRequest,
): Promise<ListProtectionsResponse> {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const f = input.InclusionFilters;
  let query = accountScope(db, ctx.identity.accountId).selectFrom('shield_protections').selectAll();
  // Each filter holds one value (the model's bound); several filters must all match.
  if (f?.ResourceArns?.[0] !== undefined) query = query.where('resource_arn', '=', f.ResourceArns[0]);
  if (f?.ProtectionNames?.[0] !== undefined) query = query.where('name', '=', f.ProtectionNames[0]);
  if (f?.ResourceTypes?.[0] !== undefined) query = query.where('resource_type', '=', f.ResourceTypes[0]);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  const { items, NextToken } = pageOf(ctx, rows, input);
  return { Protections: items.map(toProtection), ...(NextToken ? { NextToken } : {}) };
}

export async function deleteProtection(
  ctx: RequestContext,
  input: DeleteProtectionRequest,
): Promise<DeleteProtectionResponse> {
  const accountId = ctx.identity.accountId;
  const deleted = await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const scope = accountScope(trx, accountId);
    const row = await scope
      .selectFrom('shield_protections')
      .select(['arn', 'resource_arn', 'resource_type', 'automatic_response'])
      .where('id', '=', input.ProtectionId)
      .executeTakeFirst();
    if (!row) throw protectionNotFound();
    await scope.deleteFrom('shield_protections').where('id', '=', input.ProtectionId).execute();
    await deleteTags(trx, accountId, row.arn);
    return row;
  });
  // Without its protection the automatic response could never be disabled: its rule group leaves the web ACL now.
  if (automaticResponseEnabled(deleted.automatic_response)) await releaseMitigation(ctx, deleted.resource_arn);
  if (deleted.resource_type === API_ENDPOINT_TYPE) await protectionsChanged(ctx.runtime);
  return {};
}

/** The protected resources of the caller, with their types (protection groups select from them). */
export async function protectedResources(
  ctx: RequestContext,
): Promise<{ resource_arn: string; resource_type: string }[]> {
  return accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('shield_protections')
    .select(['resource_arn', 'resource_type'])
    .orderBy('resource_arn')
    .execute();
}
