// Targets: RegisterTargets, DeregisterTargets, and DescribeTargetHealth from the data plane's health checker.
import { isIP } from 'node:net';
import { AwsError } from '../../aws/error.js';
import type {
  DeregisterTargetsInput,
  DeregisterTargetsOutput,
  DescribeTargetHealthInput,
  DescribeTargetHealthOutput,
  RegisterTargetsInput,
  RegisterTargetsOutput,
  TargetHealthDescription,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { elbv2Transaction } from './config-epoch.js';
import { dataPlaneOf, pushConfig } from './data-plane-link.js';
import { elbError } from './errors.js';
import { parseJson, requireTargetGroup } from './lookup.js';
import type { HealthCheckSettings } from './lookup.js';

/** AWS's quota: targets per target group (application load balancer). */
export const MAX_TARGETS = 1000;

const invalidTarget = (message: string) => elbError('InvalidTarget', message);

export async function registerTargets(
  ctx: RequestContext,
  input: RegisterTargetsInput,
): Promise<RegisterTargetsOutput> {
  ctx.audit.resources = [{ ARN: input.TargetGroupArn, accountId: ctx.identity.accountId }];
  await elbv2Transaction(ctx.runtime, async (trx) => {
    const tg = await requireTargetGroup(trx, ctx, input.TargetGroupArn);
    const scope = accountScope(trx, tg.account_id);
    for (const t of input.Targets) {
      if (!isIP(t.Id)) throw invalidTarget(`The IP address '${t.Id}' is not a valid IPv4 address`);
      const port = t.Port ?? tg.port;
      if (port < 1 || port > 65535) throw invalidTarget(`The port '${port}' is not valid`);
      const exists = await scope
        .selectFrom('elbv2_targets')
        .select('target_id')
        .where('target_group_arn', '=', tg.arn)
        .where('target_id', '=', t.Id)
        .where('port', '=', port)
        .executeTakeFirst();
      // Registering a registered target again changes nothing, as on AWS.
      if (!exists) {
        await scope
          .insertInto('elbv2_targets')
          .values({ target_group_arn: tg.arn, target_id: t.Id, port, registered_at: ctx.receivedAt.getTime() })
          .execute();
      }
    }
    const count = await scope
      .selectFrom('elbv2_targets')
      .select('port')
      .where('target_group_arn', '=', tg.arn)
      .execute();
    if (count.length > MAX_TARGETS) {
      throw elbError('TooManyTargets', 'You have reached the maximum number of targets for this target group');
    }
  });
  await pushConfig(ctx.runtime);
  return {};
}

export async function deregisterTargets(
  ctx: RequestContext,
  input: DeregisterTargetsInput,
): Promise<DeregisterTargetsOutput> {
  ctx.audit.resources = [{ ARN: input.TargetGroupArn, accountId: ctx.identity.accountId }];
  await elbv2Transaction(ctx.runtime, async (trx) => {
    const tg = await requireTargetGroup(trx, ctx, input.TargetGroupArn);
    const scope = accountScope(trx, tg.account_id);
    for (const t of input.Targets) {
      const port = t.Port ?? tg.port;
      const gone = await scope
        .deleteFrom('elbv2_targets')
        .where('target_group_arn', '=', tg.arn)
        .where('target_id', '=', t.Id)
        .where('port', '=', port)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) {
        throw invalidTarget(`The target '${t.Id}' on port '${port}' is not registered with the target group`);
      }
    }
  });
  await pushConfig(ctx.runtime);
  return {};
}

export async function describeTargetHealth(
  ctx: RequestContext,
  input: DescribeTargetHealthInput,
): Promise<DescribeTargetHealthOutput> {
  const db = ctx.runtime.store.db;
  const tg = await requireTargetGroup(db, ctx, input.TargetGroupArn);
  const hc = parseJson<HealthCheckSettings>(tg.health_check);
  const registered = await accountScope(db, tg.account_id)
    .selectFrom('elbv2_targets')
    .selectAll()
    .where('target_group_arn', '=', tg.arn)
    .orderBy('registered_at')
    .execute();
  const dataPlane = dataPlaneOf(ctx.runtime);
  // The health checker is not running (the data plane did not start): health is unknown, not made up.
  if (!dataPlane) {
    throw new AwsError('HealthUnavailable', 'Health information is unavailable: the data plane is not running', {
      status: 500,
      fault: 'Receiver',
    });
  }
  const views = dataPlane.targetHealth(tg.arn);
  // Without Targets: every registered target, and deregistered ones still draining.
  const all = registered.map((r) => ({ id: r.target_id, port: r.port }));
  for (const v of views) if (!all.some((t) => t.id === v.target.id && t.port === v.target.port)) all.push(v.target);
  const wanted = input.Targets?.length ? input.Targets.map((t) => ({ id: t.Id, port: t.Port ?? tg.port })) : all;
  type Health = NonNullable<TargetHealthDescription['TargetHealth']>;
  const out: TargetHealthDescription[] = wanted.map(({ id, port }) => {
    const view = views.find((v) => v.target.id === id && v.target.port === port);
    const isRegistered = registered.some((r) => r.target_id === id && r.port === port);
    const health: Health = view
      ? {
          State: view.state,
          ...(view.reason ? { Reason: view.reason as Health['Reason'] } : {}),
          ...(view.description ? { Description: view.description } : {}),
        }
      : isRegistered
        ? // Registered a moment ago: the data plane has not been handed it yet.
          { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' }
        : {
            State: 'unavailable',
            Reason: 'Target.NotRegistered',
            Description: 'Target is not registered to the target group',
          };
    return {
      Target: { Id: id, Port: port },
      HealthCheckPort:
        view?.healthCheckPort ?? (hc.HealthCheckPort === 'traffic-port' ? String(port) : hc.HealthCheckPort),
      TargetHealth: health,
    };
  });
  return { TargetHealthDescriptions: out };
}
