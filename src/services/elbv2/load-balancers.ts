// Load balancers: create, describe (paged), delete, and their attributes. Warden serves application load balancers.
import type {
  CreateLoadBalancerInput,
  CreateLoadBalancerOutput,
  DeleteLoadBalancerInput,
  DeleteLoadBalancerOutput,
  DescribeLoadBalancerAttributesInput,
  DescribeLoadBalancerAttributesOutput,
  DescribeLoadBalancersInput,
  DescribeLoadBalancersOutput,
  LoadBalancer,
  ModifyLoadBalancerAttributesInput,
  ModifyLoadBalancerAttributesOutput,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { isUniqueViolation } from '../../store/errors.js';
import { pageOfList } from '../../store/pagination.js';
import { loadBalancerArn } from './arns.js';
import { LOAD_BALANCER_ATTRIBUTES, applyAttributes, asList, defaults } from './attributes.js';
import { elbv2Transaction } from './config-epoch.js';
import { pushConfig } from './data-plane-link.js';
import { elbError, loadBalancerNamesNotFound, loadBalancersNotFound, unsupported, validation } from './errors.js';
import { parseJson, requireLoadBalancer, type LoadBalancerRow } from './lookup.js';
import { deleteAllTags, putTags, validateTags } from './tags.js';

/** AWS's quota: application load balancers per region. */
export const MAX_LOAD_BALANCERS = 50;
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

function loadBalancerOut(ctx: RequestContext, row: LoadBalancerRow): LoadBalancer {
  return {
    LoadBalancerArn: row.arn,
    // Listeners answer on the data-plane host, so that is the name a client connects to (see docs/elbv2.md).
    DNSName: ctx.runtime.config.dataPlaneHost,
    CreatedTime: new Date(row.created_at),
    LoadBalancerName: row.name,
    Scheme: row.scheme as LoadBalancer['Scheme'],
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: parseJson<string[]>(row.subnets).map((SubnetId) => ({ SubnetId })),
    SecurityGroups: parseJson<string[]>(row.security_groups),
    IpAddressType: row.ip_address_type as LoadBalancer['IpAddressType'],
  };
}

export async function createLoadBalancer(
  ctx: RequestContext,
  input: CreateLoadBalancerInput,
): Promise<CreateLoadBalancerOutput> {
  if (input.Type && input.Type !== 'application') {
    throw unsupported(`application load balancers; load balancer type '${input.Type}' is not available`);
  }
  if (!NAME.test(input.Name) || input.Name.toLowerCase().startsWith('internal-')) {
    throw validation(
      `The load balancer name '${input.Name}' must be at most 32 characters, contain only alphanumeric characters or hyphens, not begin or end with a hyphen, and not begin with 'internal-'`,
    );
  }
  if (input.SubnetMappings?.length || input.CustomerOwnedIpv4Pool || input.IpamPools) {
    throw unsupported('load balancers without subnet mappings, customer-owned pools or IPAM pools: it has no VPCs');
  }
  if (input.IpAddressType && input.IpAddressType !== 'ipv4' && input.IpAddressType !== 'dualstack') {
    throw validation(`IP address type '${input.IpAddressType}' is not valid for an application load balancer`);
  }
  const tags = input.Tags ?? [];
  validateTags(tags);
  const accountId = ctx.identity.accountId;
  const row: LoadBalancerRow = {
    arn: loadBalancerArn({ partition: ctx.partition, region: ctx.region, accountId }, input.Name),
    account_id: accountId,
    region: ctx.region,
    name: input.Name,
    scheme: input.Scheme ?? 'internet-facing',
    ip_address_type: input.IpAddressType ?? 'ipv4',
    subnets: JSON.stringify(input.Subnets ?? []),
    security_groups: JSON.stringify(input.SecurityGroups ?? []),
    attributes: JSON.stringify(defaults(LOAD_BALANCER_ATTRIBUTES)),
    created_at: ctx.receivedAt.getTime(),
  };
  const duplicate = () =>
    elbError('DuplicateLoadBalancerName', `A load balancer with the same name '${input.Name}' exists`);
  try {
    await elbv2Transaction(ctx.runtime, async (trx) => {
      const scope = accountScope(trx, accountId);
      const existing = await scope
        .selectFrom('elbv2_load_balancers')
        .select('arn')
        .where('region', '=', ctx.region)
        .execute();
      if (existing.length >= MAX_LOAD_BALANCERS) {
        throw elbError('TooManyLoadBalancers', 'The quota for the number of load balancers has been reached');
      }
      const same = await scope
        .selectFrom('elbv2_load_balancers')
        .select('arn')
        .where('region', '=', ctx.region)
        .where('name', '=', input.Name)
        .executeTakeFirst();
      if (same) throw duplicate();
      await trx.insertInto('elbv2_load_balancers').values(row).execute();
      await putTags(trx, accountId, row.arn, tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  ctx.audit.resources = [{ ARN: row.arn, accountId, type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' }];
  return { LoadBalancers: [loadBalancerOut(ctx, row)] };
}

export async function describeLoadBalancers(
  ctx: RequestContext,
  input: DescribeLoadBalancersInput,
): Promise<DescribeLoadBalancersOutput> {
  if (input.LoadBalancerArns?.length && input.Names?.length) {
    throw validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
  }
  let query = accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('elbv2_load_balancers')
    .selectAll()
    .where('region', '=', ctx.region);
  if (input.LoadBalancerArns?.length) query = query.where('arn', 'in', input.LoadBalancerArns);
  if (input.Names?.length) query = query.where('name', 'in', input.Names);
  const rows = await query.orderBy('created_at').orderBy('arn').execute();
  if (input.LoadBalancerArns?.length && rows.length < new Set(input.LoadBalancerArns).size)
    throw loadBalancersNotFound();
  if (input.Names?.length) {
    const missing = input.Names.filter((n) => !rows.some((r) => r.name === n));
    if (missing.length > 0) throw loadBalancerNamesNotFound(missing);
  }
  const page = pageOfList(ctx, rows, {
    token: input.Marker,
    limit: input.PageSize ?? 400,
    filters: { arns: input.LoadBalancerArns, names: input.Names },
    errors: { invalid: () => validation('The marker is not valid') },
  });
  return {
    LoadBalancers: page.items.map((r) => loadBalancerOut(ctx, r)),
    ...(page.next ? { NextMarker: page.next } : {}),
  };
}

export async function deleteLoadBalancer(
  ctx: RequestContext,
  input: DeleteLoadBalancerInput,
): Promise<DeleteLoadBalancerOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.LoadBalancerArn, accountId, type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' }];
  const deleted = await elbv2Transaction(ctx.runtime, async (trx) => {
    const scope = accountScope(trx, accountId);
    const lb = await scope
      .selectFrom('elbv2_load_balancers')
      .selectAll()
      .where('arn', '=', input.LoadBalancerArn)
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    // Deleting a load balancer that is already gone succeeds, as on AWS.
    if (!lb) return false;
    if (parseJson<Record<string, string>>(lb.attributes)['deletion_protection.enabled'] === 'true') {
      throw elbError(
        'OperationNotPermitted',
        `Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`,
      );
    }
    const listeners = await scope
      .selectFrom('elbv2_listeners')
      .select('arn')
      .where('load_balancer_arn', '=', lb.arn)
      .execute();
    const listenerArns = listeners.map((l) => l.arn);
    const rules = listenerArns.length
      ? await scope.selectFrom('elbv2_rules').select('arn').where('listener_arn', 'in', listenerArns).execute()
      : [];
    await deleteAllTags(trx, accountId, [lb.arn, ...listenerArns, ...rules.map((r) => r.arn)]);
    if (listenerArns.length) await scope.deleteFrom('elbv2_rules').where('listener_arn', 'in', listenerArns).execute();
    await scope.deleteFrom('elbv2_listeners').where('load_balancer_arn', '=', lb.arn).execute();
    await scope.deleteFrom('elbv2_load_balancers').where('arn', '=', lb.arn).execute();
    return true;
  });
  if (deleted) await pushConfig(ctx.runtime);
  return {};
}

export async function describeLoadBalancerAttributes(
  ctx: RequestContext,
  input: DescribeLoadBalancerAttributesInput,
): Promise<DescribeLoadBalancerAttributesOutput> {
  const lb = await requireLoadBalancer(ctx.runtime.store.db, ctx, input.LoadBalancerArn);
  return { Attributes: asList(parseJson(lb.attributes)) };
}

export async function modifyLoadBalancerAttributes(
  ctx: RequestContext,
  input: ModifyLoadBalancerAttributesInput,
): Promise<ModifyLoadBalancerAttributesOutput> {
  ctx.audit.resources = [{ ARN: input.LoadBalancerArn, accountId: ctx.identity.accountId }];
  const next = await elbv2Transaction(ctx.runtime, async (trx) => {
    const lb = await requireLoadBalancer(trx, ctx, input.LoadBalancerArn);
    const attrs = applyAttributes(
      'Load balancer',
      LOAD_BALANCER_ATTRIBUTES,
      parseJson(lb.attributes),
      input.Attributes,
    );
    await accountScope(trx, lb.account_id)
      .updateTable('elbv2_load_balancers')
      .set({ attributes: JSON.stringify(attrs) })
      .where('arn', '=', lb.arn)
      .execute();
    return attrs;
  });
  await pushConfig(ctx.runtime);
  return { Attributes: asList(next) };
}
