// Starting the data plane with the tables' configuration, and answering whether a load balancer exists (for WAF).
import type { Runtime, RunningService } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { arnOwner, resourceKind } from './arns.js';
import { buildDataPlaneConfig } from './data-plane-config.js';
import { followElbv2Epoch, readElbv2Epoch } from './config-epoch.js';
import { attachDataPlane, detachDataPlane, pushConfig } from './data-plane-link.js';
import { startDataPlane, type DataPlane } from './data-plane/data-plane.js';
import { startSupervisedDataPlane, type SupervisedDataPlane } from './data-plane/workers/supervisor.js';

export async function startElbv2(runtime: Runtime): Promise<RunningService> {
  // Read before the configuration, so a write landing in between is seen as a move.
  const epoch = await readElbv2Epoch(runtime.store.db);
  const config = await buildDataPlaneConfig(runtime);
  // With workers, listeners are bound here and their connections served in worker processes (docs/elbv2-data-plane.md).
  const workers = runtime.config.dataPlaneWorkers;
  const supervised: SupervisedDataPlane | undefined =
    workers > 0 ? await startSupervisedDataPlane(runtime, config, workers) : undefined;
  const dataPlane: DataPlane = supervised ?? (await startDataPlane(runtime, config));
  // A listener whose port was taken while Warden was down stays stored; the log says why it does not answer.
  for (const f of dataPlane.initialResult.failed) {
    runtime.log.warn(
      { listenerArn: f.listenerArn, port: f.port, code: f.code },
      `ELBv2 listener not served: ${f.message}`,
    );
  }
  attachDataPlane(runtime, dataPlane);
  // Other nodes on the same PostgreSQL database change the configuration too (SQLite is this node's alone).
  const follower =
    runtime.store.dialect === 'postgres'
      ? followElbv2Epoch(runtime, epoch, async () => {
          for (const f of (await pushConfig(runtime)).failed) {
            runtime.log.warn({ listenerArn: f.listenerArn, port: f.port, code: f.code }, 'listener could not bind');
          }
        })
      : undefined;
  return {
    async stop() {
      await follower?.stop();
      detachDataPlane(runtime);
      await dataPlane.stop();
    },
    ...(supervised ? { metrics: () => supervised.metrics() } : {}),
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
