// Test helper: ELBv2 scenarios' set-up — servers on local ports, and a target group whose one target is 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
  type CreateListenerCommandInput,
  type CreateTargetGroupCommandInput,
  type ElasticLoadBalancingV2Client,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/** Starts `server` on 127.0.0.1 at a port the system picks, and returns that port. */
export async function listenLocally(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A port free on 127.0.0.1 just now (a server opened there on port 0, then closed): for a listener to bind. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listenLocally(probe);
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * An HTTP target group of IP targets named `name` on `port` (with these further settings, health checks say), with
 * 127.0.0.1 registered in it: a local app behind it receives what the load balancer forwards.
 */
export async function localTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  name: string,
  port: number,
  settings: Partial<CreateTargetGroupCommandInput> = {},
): Promise<TargetGroup> {
  const tg = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: port, TargetType: 'ip', ...settings }),
    )
  ).TargetGroups![0]!;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '127.0.0.1' }] }));
  return tg;
}

/** CreateListener's input for an HTTP listener on `port` forwarding every request to the target group. */
export function forwardingListener(
  loadBalancerArn: string,
  targetGroupArn: string,
  port: number,
): CreateListenerCommandInput {
  return {
    LoadBalancerArn: loadBalancerArn,
    Protocol: 'HTTP',
    Port: port,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
  };
}
