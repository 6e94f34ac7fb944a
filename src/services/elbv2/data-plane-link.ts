// The running data plane as the control plane sees it: one per runtime, handed a fresh config after every write.
import type { Runtime } from '../../core/runtime.js';
import type { DataPlane, UpdateResult } from './data-plane/data-plane.js';
import { buildDataPlaneConfig } from './data-plane-config.js';

const running = new WeakMap<Runtime, DataPlane>();
/** Pushes run one after another, each reading the tables at its turn, so the last write's state is what is served. */
const queues = new WeakMap<Runtime, Promise<unknown>>();

export function attachDataPlane(runtime: Runtime, dataPlane: DataPlane): void {
  running.set(runtime, dataPlane);
}

export function detachDataPlane(runtime: Runtime): void {
  running.delete(runtime);
}

export function dataPlaneOf(runtime: Runtime): DataPlane | undefined {
  return running.get(runtime);
}

/**
 * Hands the data plane the configuration now in the tables (every account's), answering which listeners it could not
 * serve. This node's own data plane follows at once; the others sharing a PostgreSQL database follow the ELBv2
 * configuration epoch (config-epoch.ts) within about a second (docs/elbv2.md).
 */
export function pushConfig(runtime: Runtime): Promise<UpdateResult> {
  const dataPlane = running.get(runtime);
  if (!dataPlane) return Promise.resolve({ failed: [] });
  const previous = queues.get(runtime) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => dataPlane.update(await buildDataPlaneConfig(runtime)));
  queues.set(runtime, next);
  return next;
}
