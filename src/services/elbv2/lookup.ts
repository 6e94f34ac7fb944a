// Finding the caller's ELBv2 resources by ARN, in its account and region, answering AWS's not-found errors.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type {
  Elbv2ListenersTable,
  Elbv2LoadBalancersTable,
  Elbv2RulesTable,
  Elbv2TargetGroupsTable,
} from './tables.js';
import { listenersNotFound, loadBalancersNotFound, rulesNotFound, targetGroupsNotFound } from './errors.js';

export type Db = Kysely<Database>;
export type LoadBalancerRow = Selectable<Elbv2LoadBalancersTable>;
export type TargetGroupRow = Selectable<Elbv2TargetGroupsTable>;
export type ListenerRow = Selectable<Elbv2ListenersTable>;
export type RuleRow = Selectable<Elbv2RulesTable>;

type Where = Pick<RequestContext, 'region' | 'identity'>;

export async function requireLoadBalancer(db: Db, ctx: Where, arn: string): Promise<LoadBalancerRow> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_load_balancers')
    .selectAll()
    .where('arn', '=', arn)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw loadBalancersNotFound();
  return row;
}

export async function requireTargetGroup(db: Db, ctx: Where, arn: string): Promise<TargetGroupRow> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_target_groups')
    .selectAll()
    .where('arn', '=', arn)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw targetGroupsNotFound();
  return row;
}

export async function requireListener(db: Db, ctx: Where, arn: string): Promise<ListenerRow> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_listeners')
    .selectAll()
    .where('arn', '=', arn)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw listenersNotFound();
  return row;
}

export async function requireRule(db: Db, ctx: Where, arn: string): Promise<RuleRow> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_rules')
    .selectAll()
    .where('arn', '=', arn)
    .where('region', '=', ctx.region)
    .executeTakeFirst();
  if (!row) throw rulesNotFound();
  return row;
}

export const parseJson = <T>(text: string): T => JSON.parse(text) as T;

/** A target group's health-check settings as stored (JSON in elbv2_target_groups.health_check). */
export interface HealthCheckSettings {
  HealthCheckProtocol: string;
  HealthCheckPort: string;
  HealthCheckEnabled: boolean;
  HealthCheckPath: string;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  Matcher: { HttpCode: string };
}
