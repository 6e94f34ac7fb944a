// `warden protect`'s calls: a load balancer, target group, web ACL and listener made through the public API, undone
// in reverse on any failure; an existing setup of the same name is reported when it matches and refused otherwise.
import type {
  Action,
  CreateListenerOutput,
  CreateLoadBalancerOutput,
  CreateTargetGroupOutput,
  DescribeListenersOutput,
  DescribeLoadBalancersOutput,
  DescribeTargetHealthOutput,
} from '../aws/generated/elbv2.js';
import type {
  CreateWebACLResponse,
  GetWebACLForResourceResponse,
  GetWebACLResponse,
  Rule,
} from '../aws/generated/wafv2.js';
import { AwsCallError, callAws, type CallTarget } from '../aws/client/call.js';
import type { ProtectPlan } from './plan.js';

export interface Protection {
  /** False when a matching setup of this name already existed and nothing was made. */
  created: boolean;
  name: string;
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
  webAclArn: string;
  managedRuleGroups: string[];
  target: string;
  /** Where clients send their traffic: the load balancer's DNS name (the data-plane host) at the listener's port. */
  url: string;
}

/** The setup could not be made (the AWS error that stopped it) or an existing one of the name differs. */
export class ProtectError extends Error {
  constructor(
    message: string,
    /** What was undone after the failure, and anything an undo step could not remove (left in place). */
    readonly undone: string[] = [],
    readonly leftBehind: string[] = [],
  ) {
    super(message);
    this.name = 'ProtectError';
  }
}

type Call = <T>(service: 'elbv2' | 'wafv2', operation: string, input: Record<string, unknown>) => Promise<T>;

function caller(target: CallTarget): Call {
  return async <T>(service: 'elbv2' | 'wafv2', operation: string, input: Record<string, unknown>) =>
    (await callAws(target, service, operation, input)) as T;
}

/** A host in a URL: an IPv6 address goes in brackets. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const TAG = { Key: 'warden:protect', Value: 'true' };

/** One managed rule group as a web ACL rule: the group's own actions (OverrideAction None), priority by order given. */
function managedRule(group: string, priority: number): Rule {
  return {
    Name: group,
    Priority: priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
    OverrideAction: { None: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: group },
  };
}

function forwardTargets(actions: Action[] | undefined): string[] {
  return (actions ?? []).flatMap((a) =>
    a.Type !== 'forward'
      ? []
      : a.ForwardConfig?.TargetGroups?.length
        ? a.ForwardConfig.TargetGroups.map((t) => t.TargetGroupArn ?? '')
        : [a.TargetGroupArn ?? ''],
  );
}

function errorText(err: unknown): string {
  return err instanceof AwsCallError ? `${err.operation}: ${err.code}: ${err.awsMessage}` : String(err);
}

/** Makes the setup, or reports the one already made under plan.name when it matches the plan. */
export async function protect(target: CallTarget, plan: ProtectPlan): Promise<Protection> {
  const call = caller(target);
  let existing: Protection | undefined;
  try {
    existing = await findExisting(call, plan);
  } catch (err) {
    throw err instanceof ProtectError ? err : new ProtectError(errorText(err));
  }
  return existing ?? create(call, plan);
}

async function findExisting(call: Call, plan: ProtectPlan): Promise<Protection | undefined> {
  let found: DescribeLoadBalancersOutput;
  try {
    found = await call('elbv2', 'DescribeLoadBalancers', { Names: [plan.name] });
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'LoadBalancerNotFound') return undefined;
    throw err;
  }
  const lb = found.LoadBalancers?.[0];
  if (!lb?.LoadBalancerArn) return undefined;
  const lbArn = lb.LoadBalancerArn;
  const differences: string[] = [];
  const listeners = await call<DescribeListenersOutput>('elbv2', 'DescribeListeners', { LoadBalancerArn: lbArn });
  const listener = listeners.Listeners?.find((l) => l.Port === plan.listenerPort);
  const forwards = forwardTargets(listener?.DefaultActions);
  if (!listener?.ListenerArn) differences.push(`it has no listener on port ${plan.listenerPort}`);
  else if (listener.Protocol !== 'HTTP' || forwards.length !== 1) {
    differences.push(`its listener on port ${plan.listenerPort} does not only forward HTTP to one target group`);
  }
  const targetGroupArn = forwards.length === 1 ? forwards[0]! : '';
  const wanted = `${plan.upstream.ip}:${plan.upstream.port}`;
  if (targetGroupArn) {
    const health = await call<DescribeTargetHealthOutput>('elbv2', 'DescribeTargetHealth', {
      TargetGroupArn: targetGroupArn,
    });
    const targets = (health.TargetHealthDescriptions ?? []).map((d) => `${d.Target?.Id}:${d.Target?.Port}`);
    if (targets.length !== 1 || targets[0] !== wanted) {
      differences.push(`its target group's targets are [${targets.join(', ')}], not [${wanted}]`);
    }
  }
  const acl = (await call<GetWebACLForResourceResponse>('wafv2', 'GetWebACLForResource', { ResourceArn: lbArn }))
    .WebACL;
  const groups = (acl?.Rules ?? []).map((r) => r.Statement?.ManagedRuleGroupStatement?.Name ?? `(rule ${r.Name})`);
  if (!acl?.ARN) differences.push('no web ACL is associated with it');
  else if (groups.join(',') !== plan.managedRuleGroups.join(',') || acl.DefaultAction?.Allow === undefined) {
    differences.push(
      `its web ACL ${acl.Name} has rule groups [${groups.join(', ')}] and default action ${acl.DefaultAction?.Allow ? 'Allow' : 'Block'}, not [${plan.managedRuleGroups.join(', ')}] and Allow`,
    );
  }
  if (differences.length > 0) {
    throw new ProtectError(
      `A load balancer named '${plan.name}' already exists (${lbArn}) but ${differences.join('; ')}. ` +
        'Nothing was changed: choose another --name, or delete that setup first.',
    );
  }
  return {
    created: false,
    name: plan.name,
    loadBalancerArn: lbArn,
    targetGroupArn,
    listenerArn: listener!.ListenerArn!,
    webAclArn: acl!.ARN!,
    managedRuleGroups: plan.managedRuleGroups,
    target: wanted,
    url: `http://${urlHost(lb.DNSName ?? '127.0.0.1')}:${plan.listenerPort}/`,
  };
}

interface UndoStep {
  what: string;
  run: () => Promise<unknown>;
}

async function create(call: Call, plan: ProtectPlan): Promise<Protection> {
  const undo: UndoStep[] = [];
  const target = `${plan.upstream.ip}:${plan.upstream.port}`;
  try {
    const lb = (
      await call<CreateLoadBalancerOutput>('elbv2', 'CreateLoadBalancer', {
        Name: plan.name,
        Type: 'application',
        Scheme: 'internet-facing',
        Tags: [TAG],
      })
    ).LoadBalancers![0]!;
    const lbArn = lb.LoadBalancerArn!;
    undo.push({
      what: `load balancer ${lbArn}`,
      run: () => call('elbv2', 'DeleteLoadBalancer', { LoadBalancerArn: lbArn }),
    });

    const tg = (
      await call<CreateTargetGroupOutput>('elbv2', 'CreateTargetGroup', {
        Name: plan.name,
        Protocol: 'HTTP',
        Port: plan.upstream.port,
        TargetType: 'ip',
        Tags: [TAG],
      })
    ).TargetGroups![0]!;
    const tgArn = tg.TargetGroupArn!;
    undo.push({
      what: `target group ${tgArn}`,
      run: () => call('elbv2', 'DeleteTargetGroup', { TargetGroupArn: tgArn }),
    });
    await call('elbv2', 'RegisterTargets', {
      TargetGroupArn: tgArn,
      Targets: [{ Id: plan.upstream.ip, Port: plan.upstream.port }],
    });

    // The web ACL is associated before the listener exists, so the port never answers unprotected.
    const acl = (
      await call<CreateWebACLResponse>('wafv2', 'CreateWebACL', {
        Name: plan.name,
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Description: `warden protect: ${target} behind port ${plan.listenerPort}`,
        Rules: plan.managedRuleGroups.map(managedRule),
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: plan.name },
        Tags: [TAG],
      })
    ).Summary!;
    const aclArn = acl.ARN!;
    undo.push({
      what: `web ACL ${aclArn}`,
      // The lock token is read afresh: an association may have changed it since the create.
      run: async () => {
        const current = await call<GetWebACLResponse>('wafv2', 'GetWebACL', {
          Name: acl.Name,
          Scope: 'REGIONAL',
          Id: acl.Id,
        });
        return call('wafv2', 'DeleteWebACL', {
          Name: acl.Name,
          Scope: 'REGIONAL',
          Id: acl.Id,
          LockToken: current.LockToken,
        });
      },
    });
    await call('wafv2', 'AssociateWebACL', { WebACLArn: aclArn, ResourceArn: lbArn });
    undo.push({
      what: `association of ${aclArn} with ${lbArn}`,
      run: () => call('wafv2', 'DisassociateWebACL', { ResourceArn: lbArn }),
    });

    const listener = (
      await call<CreateListenerOutput>('elbv2', 'CreateListener', {
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: plan.listenerPort,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        Tags: [TAG],
      })
    ).Listeners![0]!;
    return {
      created: true,
      name: plan.name,
      loadBalancerArn: lbArn,
      targetGroupArn: tgArn,
      listenerArn: listener.ListenerArn!,
      webAclArn: aclArn,
      managedRuleGroups: plan.managedRuleGroups,
      target,
      url: `http://${urlHost(lb.DNSName ?? '127.0.0.1')}:${plan.listenerPort}/`,
    };
  } catch (err) {
    const undone: string[] = [];
    const leftBehind: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step.run();
        undone.push(step.what);
      } catch (undoErr) {
        leftBehind.push(`${step.what} (${errorText(undoErr)})`);
      }
    }
    throw new ProtectError(errorText(err), undone, leftBehind);
  }
}
