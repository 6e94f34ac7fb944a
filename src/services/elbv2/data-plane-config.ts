// Builds what the data plane serves (DataPlaneConfig) from ELBv2's tables, every account's.
import type { Action, RuleCondition } from '../../aws/generated/elbv2.js';
import type { Runtime } from '../../core/runtime.js';
import type { DataPlaneConfig, ListenerConfig, TargetGroupConfig } from './data-plane/config.js';
import { actionConfigs } from './actions.js';
import { conditionConfigs } from './conditions.js';
import { parseJson } from './lookup.js';
import { serverCertificatePem } from './server-certificate.js';
import type { HealthCheckSettings } from './lookup.js';

/** Rows by a key, each list keeping the rows' order. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list === undefined) out.set(key, [row]);
    else list.push(row);
  }
  return out;
}

export async function buildDataPlaneConfig(runtime: Runtime): Promise<DataPlaneConfig> {
  const db = runtime.store.db;
  // The data plane serves every account's listeners: this is the one reader that is not account-scoped.
  const [lbs, groups, targets, listeners, rules] = await Promise.all([
    db.selectFrom('elbv2_load_balancers').select(['arn', 'attributes']).execute(),
    db.selectFrom('elbv2_target_groups').selectAll().execute(),
    db.selectFrom('elbv2_targets').selectAll().orderBy('registered_at').execute(),
    db.selectFrom('elbv2_listeners').selectAll().orderBy('created_at').execute(),
    db.selectFrom('elbv2_rules').selectAll().orderBy('priority').execute(),
  ]);
  // Grouped once (keeping the queries' order), so building is linear in the rows rather than groups × targets.
  const targetsOf = groupBy(targets, (t) => t.target_group_arn);
  const rulesOf = groupBy(rules, (r) => r.listener_arn);
  const idle = new Map(
    lbs.map((lb) => [
      lb.arn,
      Number(parseJson<Record<string, string>>(lb.attributes)['idle_timeout.timeout_seconds'] ?? 60),
    ]),
  );
  const targetGroups = groups.map((g): TargetGroupConfig => {
    const hc = parseJson<HealthCheckSettings>(g.health_check);
    const attrs = parseJson<Record<string, string>>(g.attributes);
    return {
      arn: g.arn,
      protocol: g.protocol as 'HTTP' | 'HTTPS',
      port: g.port,
      healthCheck: {
        enabled: hc.HealthCheckEnabled,
        protocol: hc.HealthCheckProtocol as 'HTTP' | 'HTTPS',
        port: hc.HealthCheckPort,
        path: hc.HealthCheckPath,
        intervalSeconds: hc.HealthCheckIntervalSeconds,
        timeoutSeconds: hc.HealthCheckTimeoutSeconds,
        healthyThresholdCount: hc.HealthyThresholdCount,
        unhealthyThresholdCount: hc.UnhealthyThresholdCount,
        successCodes: hc.Matcher.HttpCode,
      },
      targets: (targetsOf.get(g.arn) ?? []).map((t) => ({ id: t.target_id, port: t.port })),
      deregistrationDelaySeconds: Number(attrs['deregistration_delay.timeout_seconds'] ?? 300),
    };
  });
  const out: ListenerConfig[] = [];
  for (const l of listeners) {
    const certs = parseJson<{ CertificateArn?: string }[]>(l.certificates);
    let tls: ListenerConfig['tls'];
    if (l.protocol === 'HTTPS') {
      tls = certs[0]?.CertificateArn
        ? await serverCertificatePem(runtime, l.account_id, certs[0].CertificateArn)
        : undefined;
      // A listener whose certificate was deleted cannot serve TLS: it is left out rather than served without one.
      if (!tls) continue;
    }
    out.push({
      arn: l.arn,
      loadBalancerArn: l.load_balancer_arn,
      protocol: l.protocol as 'HTTP' | 'HTTPS',
      port: l.port,
      ...(tls ? { tls } : {}),
      rules: (rulesOf.get(l.arn) ?? []).map((r) => ({
        arn: r.arn,
        priority: r.priority,
        conditions: conditionConfigs(parseJson<RuleCondition[]>(r.conditions)),
        actions: actionConfigs(parseJson<Action[]>(r.actions)),
      })),
      defaultActions: actionConfigs(parseJson<Action[]>(l.default_actions)),
      idleTimeoutSeconds: idle.get(l.load_balancer_arn) ?? 60,
    });
  }
  return { listeners: out, targetGroups };
}
