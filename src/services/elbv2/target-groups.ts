// Target groups: create, describe (paged), modify, delete, and their attributes. Warden serves HTTP/HTTPS 'ip' groups.
import type {
  CreateTargetGroupInput,
  CreateTargetGroupOutput,
  DeleteTargetGroupInput,
  DeleteTargetGroupOutput,
  DescribeTargetGroupAttributesInput,
  DescribeTargetGroupAttributesOutput,
  DescribeTargetGroupsInput,
  DescribeTargetGroupsOutput,
  Matcher,
  ModifyTargetGroupAttributesInput,
  ModifyTargetGroupAttributesOutput,
  ModifyTargetGroupInput,
  ModifyTargetGroupOutput,
  TargetGroup,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { isUniqueViolation } from '../../store/errors.js';
import { pageOfList } from '../../store/pagination.js';
import type { Action } from '../../aws/generated/elbv2.js';
import { forwardedGroups } from './actions.js';
import { targetGroupArn } from './arns.js';
import { TARGET_GROUP_ATTRIBUTES, applyAttributes, asList, defaults } from './attributes.js';
import { elbv2Transaction } from './config-epoch.js';
import { pushConfig } from './data-plane-link.js';
import { elbError, targetGroupNamesNotFound, targetGroupsNotFound, unsupported, validation } from './errors.js';
import {
  parseJson,
  requireLoadBalancer,
  requireTargetGroup,
  type Db,
  type HealthCheckSettings,
  type TargetGroupRow,
} from './lookup.js';
import { deleteAllTags, putTags, validateTags } from './tags.js';

const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;
/** AWS's quota: target groups per region. */
export const MAX_TARGET_GROUPS = 3000;

type HealthCheckInput = Partial<Omit<HealthCheckSettings, 'Matcher'>> & { Matcher?: Matcher };

/** Merges health-check changes over current settings (AWS's ALB defaults when creating) and validates them. */
export function healthCheckSettings(
  current: HealthCheckSettings | undefined,
  protocol: string,
  input: HealthCheckInput,
) {
  const base: HealthCheckSettings = current ?? {
    HealthCheckProtocol: protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckPath: '/',
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    Matcher: { HttpCode: '200' },
  };
  const hc: HealthCheckSettings = {
    HealthCheckProtocol: input.HealthCheckProtocol ?? base.HealthCheckProtocol,
    HealthCheckPort: input.HealthCheckPort ?? base.HealthCheckPort,
    HealthCheckEnabled: input.HealthCheckEnabled ?? base.HealthCheckEnabled,
    HealthCheckPath: input.HealthCheckPath ?? base.HealthCheckPath,
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? base.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: input.HealthyThresholdCount ?? base.HealthyThresholdCount,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? base.UnhealthyThresholdCount,
    Matcher: { HttpCode: input.Matcher?.HttpCode ?? base.Matcher.HttpCode },
  };
  if (input.Matcher?.GrpcCode !== undefined) throw unsupported('HTTP health checks; gRPC matchers are not available');
  if (hc.HealthCheckProtocol !== 'HTTP' && hc.HealthCheckProtocol !== 'HTTPS') {
    throw validation(
      `Health check protocol '${hc.HealthCheckProtocol}' is not supported for an application load balancer target group`,
    );
  }
  if (
    hc.HealthCheckPort !== 'traffic-port' &&
    !(/^\d+$/.test(hc.HealthCheckPort) && +hc.HealthCheckPort >= 1 && +hc.HealthCheckPort <= 65535)
  ) {
    throw validation(`Health check port '${hc.HealthCheckPort}' must be 'traffic-port' or a port from 1 to 65535`);
  }
  if (!hc.HealthCheckPath.startsWith('/')) throw validation("Health check path must begin with a '/' character");
  if (hc.HealthCheckTimeoutSeconds >= hc.HealthCheckIntervalSeconds) {
    throw validation(
      `Health check timeout '${hc.HealthCheckTimeoutSeconds}' must be smaller than the interval '${hc.HealthCheckIntervalSeconds}'`,
    );
  }
  if (!/^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/.test(hc.Matcher.HttpCode)) {
    throw validation(
      `Health check matcher HTTP code '${hc.Matcher.HttpCode}' must be a code, a list of codes or a range from 200 to 499`,
    );
  }
  for (const part of hc.Matcher.HttpCode.split(/[,-]/)) {
    if (+part < 200 || +part > 499)
      throw validation(`Health check matcher HTTP code '${part}' must be from 200 to 499`);
  }
  return hc;
}

/** For every target group of the account that a listener or rule forwards to, the load balancers doing so (sorted). */
async function loadBalancersByGroup(db: Db, accountId: string): Promise<Map<string, string[]>> {
  const scope = accountScope(db, accountId);
  const [listeners, rules] = await Promise.all([
    scope.selectFrom('elbv2_listeners').select(['arn', 'load_balancer_arn', 'default_actions']).execute(),
    scope.selectFrom('elbv2_rules').select(['listener_arn', 'actions']).execute(),
  ]);
  const lbOfListener = new Map(listeners.map((l) => [l.arn, l.load_balancer_arn]));
  const byGroup = new Map<string, Set<string>>();
  const add = (tgArn: string, lb: string) => {
    let lbs = byGroup.get(tgArn);
    if (lbs === undefined) byGroup.set(tgArn, (lbs = new Set()));
    lbs.add(lb);
  };
  for (const l of listeners)
    for (const tg of forwardedGroups(parseJson<Action[]>(l.default_actions))) add(tg, l.load_balancer_arn);
  for (const r of rules) {
    const lb = lbOfListener.get(r.listener_arn);
    if (lb) for (const tg of forwardedGroups(parseJson<Action[]>(r.actions))) add(tg, lb);
  }
  return new Map([...byGroup].map(([tg, lbs]) => [tg, [...lbs].sort()]));
}

async function loadBalancersOf(db: Db, accountId: string, tgArn: string): Promise<string[]> {
  return (await loadBalancersByGroup(db, accountId)).get(tgArn) ?? [];
}

function targetGroupOut(row: TargetGroupRow, lbs: string[]): TargetGroup {
  const hc = parseJson<HealthCheckSettings>(row.health_check);
  return {
    TargetGroupArn: row.arn,
    TargetGroupName: row.name,
    Protocol: row.protocol as TargetGroup['Protocol'],
    Port: row.port,
    ...hc,
    HealthCheckProtocol: hc.HealthCheckProtocol as TargetGroup['Protocol'],
    LoadBalancerArns: lbs,
    TargetType: row.target_type as TargetGroup['TargetType'],
    ProtocolVersion: row.protocol_version,
    IpAddressType: row.ip_address_type as TargetGroup['IpAddressType'],
  };
}

export async function createTargetGroup(
  ctx: RequestContext,
  input: CreateTargetGroupInput,
): Promise<CreateTargetGroupOutput> {
  if (!NAME.test(input.Name)) {
    throw validation(
      `Target group name '${input.Name}' can have a maximum of 32 characters, contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen`,
    );
  }
  const targetType = input.TargetType ?? 'instance';
  if (targetType !== 'ip') {
    throw unsupported(
      `target groups of target type 'ip' (Warden has no EC2 instances, Lambda functions or ALBs to target); '${targetType}' is not available`,
    );
  }
  if (input.Protocol !== 'HTTP' && input.Protocol !== 'HTTPS') {
    throw validation(
      input.Protocol === undefined
        ? 'A protocol must be specified'
        : `Protocol '${input.Protocol}' is not supported for an application load balancer target group`,
    );
  }
  if (input.Port === undefined) throw validation('A port must be specified');
  if (input.ProtocolVersion !== undefined && input.ProtocolVersion !== 'HTTP1') {
    throw unsupported(`HTTP1 target groups; protocol version '${input.ProtocolVersion}' is not available`);
  }
  const tags = input.Tags ?? [];
  validateTags(tags);
  const accountId = ctx.identity.accountId;
  const row: TargetGroupRow = {
    arn: targetGroupArn({ partition: ctx.partition, region: ctx.region, accountId }, input.Name),
    account_id: accountId,
    region: ctx.region,
    name: input.Name,
    protocol: input.Protocol,
    protocol_version: 'HTTP1',
    port: input.Port,
    target_type: targetType,
    ip_address_type: input.IpAddressType ?? 'ipv4',
    health_check: JSON.stringify(healthCheckSettings(undefined, input.Protocol, input)),
    attributes: JSON.stringify(defaults(TARGET_GROUP_ATTRIBUTES)),
    created_at: ctx.receivedAt.getTime(),
  };
  const duplicate = () =>
    elbError(
      'DuplicateTargetGroupName',
      `A target group with the same name '${input.Name}' exists, but with different settings`,
    );
  try {
    await elbv2Transaction(ctx.runtime, async (trx) => {
      const scope = accountScope(trx, accountId);
      const same = await scope
        .selectFrom('elbv2_target_groups')
        .select('arn')
        .where('region', '=', ctx.region)
        .where('name', '=', input.Name)
        .executeTakeFirst();
      if (same) throw duplicate();
      const { count } = await scope
        .selectFrom('elbv2_target_groups')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('region', '=', ctx.region)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TARGET_GROUPS) {
        throw elbError(
          'TooManyTargetGroups',
          "You've reached the limit on the number of target groups for your AWS account",
        );
      }
      await trx.insertInto('elbv2_target_groups').values(row).execute();
      await putTags(trx, accountId, row.arn, tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  ctx.audit.resources = [{ ARN: row.arn, accountId, type: 'AWS::ElasticLoadBalancingV2::TargetGroup' }];
  await pushConfig(ctx.runtime);
  return { TargetGroups: [targetGroupOut(row, [])] };
}

export async function describeTargetGroups(
  ctx: RequestContext,
  input: DescribeTargetGroupsInput,
): Promise<DescribeTargetGroupsOutput> {
  const given = [input.LoadBalancerArn, input.TargetGroupArns?.length, input.Names?.length].filter(Boolean).length;
  if (given > 1) throw validation('Only one of load balancer ARN, target group ARNs or names can be specified');
  const db = ctx.runtime.store.db;
  const accountId = ctx.identity.accountId;
  let query = accountScope(db, accountId)
    .selectFrom('elbv2_target_groups')
    .selectAll()
    .where('region', '=', ctx.region);
  if (input.TargetGroupArns?.length) query = query.where('arn', 'in', input.TargetGroupArns);
  if (input.Names?.length) query = query.where('name', 'in', input.Names);
  const rows = await query.orderBy('created_at').orderBy('arn').execute();
  if (input.TargetGroupArns?.length && rows.length < new Set(input.TargetGroupArns).size) throw targetGroupsNotFound();
  if (input.Names?.length) {
    const missing = input.Names.filter((n) => !rows.some((r) => r.name === n));
    if (missing.length) throw targetGroupNamesNotFound(missing);
  }
  // One read of the account's listeners and rules for the whole page, not one per target group.
  const lbsByGroup = await loadBalancersByGroup(db, accountId);
  const withLbs = rows.map((r) => ({ r, lbs: lbsByGroup.get(r.arn) ?? [] }));
  let items = withLbs;
  if (input.LoadBalancerArn) {
    await requireLoadBalancer(db, ctx, input.LoadBalancerArn);
    items = withLbs.filter((x) => x.lbs.includes(input.LoadBalancerArn!));
  }
  const page = pageOfList(ctx, items, {
    token: input.Marker,
    limit: input.PageSize ?? 400,
    filters: { lb: input.LoadBalancerArn, arns: input.TargetGroupArns, names: input.Names },
    errors: { invalid: () => validation('The marker is not valid') },
  });
  return {
    TargetGroups: page.items.map((x) => targetGroupOut(x.r, x.lbs)),
    ...(page.next ? { NextMarker: page.next } : {}),
  };
}

export async function modifyTargetGroup(
  ctx: RequestContext,
  input: ModifyTargetGroupInput,
): Promise<ModifyTargetGroupOutput> {
  ctx.audit.resources = [{ ARN: input.TargetGroupArn, accountId: ctx.identity.accountId }];
  const row = await elbv2Transaction(ctx.runtime, async (trx) => {
    const tg = await requireTargetGroup(trx, ctx, input.TargetGroupArn);
    const hc = healthCheckSettings(parseJson(tg.health_check), tg.protocol, input);
    const health_check = JSON.stringify(hc);
    await accountScope(trx, tg.account_id)
      .updateTable('elbv2_target_groups')
      .set({ health_check })
      .where('arn', '=', tg.arn)
      .execute();
    return { ...tg, health_check };
  });
  await pushConfig(ctx.runtime);
  return { TargetGroups: [targetGroupOut(row, await loadBalancersOf(ctx.runtime.store.db, row.account_id, row.arn))] };
}

export async function deleteTargetGroup(
  ctx: RequestContext,
  input: DeleteTargetGroupInput,
): Promise<DeleteTargetGroupOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.TargetGroupArn, accountId, type: 'AWS::ElasticLoadBalancingV2::TargetGroup' }];
  const deleted = await elbv2Transaction(ctx.runtime, async (trx) => {
    const scope = accountScope(trx, accountId);
    const tg = await scope
      .selectFrom('elbv2_target_groups')
      .select('arn')
      .where('arn', '=', input.TargetGroupArn)
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    // Deleting a target group that is already gone succeeds, as on AWS.
    if (!tg) return false;
    if ((await loadBalancersOf(trx, accountId, tg.arn)).length > 0) {
      throw elbError('ResourceInUse', `Target group '${tg.arn}' is currently in use by a listener or a rule`);
    }
    await scope.deleteFrom('elbv2_targets').where('target_group_arn', '=', tg.arn).execute();
    await deleteAllTags(trx, accountId, [tg.arn]);
    await scope.deleteFrom('elbv2_target_groups').where('arn', '=', tg.arn).execute();
    return true;
  });
  if (deleted) await pushConfig(ctx.runtime);
  return {};
}

export async function describeTargetGroupAttributes(
  ctx: RequestContext,
  input: DescribeTargetGroupAttributesInput,
): Promise<DescribeTargetGroupAttributesOutput> {
  const tg = await requireTargetGroup(ctx.runtime.store.db, ctx, input.TargetGroupArn);
  return { Attributes: asList(parseJson(tg.attributes)) };
}

export async function modifyTargetGroupAttributes(
  ctx: RequestContext,
  input: ModifyTargetGroupAttributesInput,
): Promise<ModifyTargetGroupAttributesOutput> {
  ctx.audit.resources = [{ ARN: input.TargetGroupArn, accountId: ctx.identity.accountId }];
  const next = await elbv2Transaction(ctx.runtime, async (trx) => {
    const tg = await requireTargetGroup(trx, ctx, input.TargetGroupArn);
    const attrs = applyAttributes('Target group', TARGET_GROUP_ATTRIBUTES, parseJson(tg.attributes), input.Attributes);
    await accountScope(trx, tg.account_id)
      .updateTable('elbv2_target_groups')
      .set({ attributes: JSON.stringify(attrs) })
      .where('arn', '=', tg.arn)
      .execute();
    return attrs;
  });
  await pushConfig(ctx.runtime);
  return { Attributes: asList(next) };
}
