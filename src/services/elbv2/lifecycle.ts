// Starting the data plane with the tables' configuration, and answering whether a load balancer exists (for WAF).
import type { Runtime, RunningService } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { arnOwner, resourceKind } from './arns.js';
import { buildDataPlaneConfig } from './data-plane-config.js';
import { attachDataPlane, detachDataPlane } from './data-plane-link.js';
import { startDataPlane } from './data-plane/data-plane.js';

export async function startElbv2(runtime: Runtime): Promise<RunningService> {
  const dataPlane = await startDataPlane(runtime, await buildDataPlaneConfig(runtime));
  // A listener whose port was taken while Warden was down stays stored; the log says why it does not answer.
  for (const f of dataPlane.initialResult.failed) {
    runtime.log.warn(
      { listenerArn: f.listenerArn, port: f.port, code: f.code },
      `ELBv2 listener not served: ${f.message}`,
    );
  }
  attachDataPlane(runtime, dataPlane);
  return {
    async stop() {
      detachDataPlane(runtime);
      await dataPlane.stop();
    },
  };
}

export async function loadBalancerExists(runtime: Runtime, arn: string): Promise<boolean> {
  const owner = arnOwner(arn);
  if (!owner || resourceKind(arn) !== 'loadbalancer') return false;
  const row = await accountScope(runtime.store.db, owner.accountId)
    .selectFrom('elbv2_load_balancers')
    .select('arn')
    .where('arn', '=', arn)
    .where('region', '=', owner.region)
    .executeTakeFirst();
  return row !== undefined;
}
