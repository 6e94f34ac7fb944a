// A data-plane worker process: serves load balancer listeners' connections handed over by the process serving the API.
import type { Socket } from 'node:net';
import type { Config } from './config.js';
import type { Runtime } from './core/runtime.js';
import type { AuditWriter } from './audit/writer.js';
import { authorizationStores } from './core/stores.js';
import type { DataPlaneConfig } from './services/elbv2/data-plane/config.js';
import { Peer, type IpcEnd } from './services/elbv2/data-plane/workers/peer.js';
import {
  startWorkerPlane,
  type WorkerPlane,
  type WorkerPlaneOptions,
} from './services/elbv2/data-plane/workers/worker-plane.js';
import { serviceDescriptors } from './services/registry.js';
import { createLogger } from './server.js';
import { connectStore } from './store/open.js';
import { SecretBox, loadMasterKey } from './store/secrets.js';
import type { Store } from './store/store.js';

interface Init {
  readonly config: Config;
  readonly options: WorkerPlaneOptions;
  readonly dataPlane: DataPlaneConfig;
  readonly index: number;
}

/** A worker serves traffic and answers no API call: nothing it does is an audited call, so nothing may append. */
function noAudit(): AuditWriter {
  const refuse = () => Promise.reject(new Error('a data-plane worker records no audit events'));
  return { append: refuse, appendIntent: refuse, flush: async () => undefined, close: async () => undefined };
}

/** The runtime of a node that serves no API: the configured store (already migrated), the master key, every service. */
async function workerRuntime(config: Config, index: number): Promise<Runtime> {
  const store = await connectStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    sync: config.auditSync,
  });
  const services = serviceDescriptors();
  return {
    config,
    store,
    secrets: new SecretBox(loadMasterKey({ dataDir: config.dataDir, env: process.env })),
    audit: noAudit(),
    services,
    ...authorizationStores(services.values()),
    log: createLogger(config).child({ dataPlaneWorker: index }),
  };
}

export function runDataPlaneWorker(end: IpcEnd & NodeJS.EventEmitter): void {
  let plane: WorkerPlane | undefined;
  let store: Store | undefined;
  const peer = new Peer(
    end,
    async (kind, body) => {
      switch (kind) {
        case 'init': {
          const init = body as Init;
          const runtime = await workerRuntime(init.config, init.index);
          store = runtime.store;
          plane = await startWorkerPlane(runtime, peer, init.dataPlane, init.options);
          return null;
        }
        case 'update':
          return plane?.update(body as DataPlaneConfig);
        case 'service': {
          const { service, message } = body as { service: string; message: unknown };
          if (plane === undefined) throw new Error('not started');
          return plane.answerService(service, message);
        }
        case 'metrics':
          return plane?.metrics() ?? [];
        case 'stop':
          await plane?.stop();
          await store?.close();
          // Exits once the answer is on its way.
          setImmediate(() => process.exit(0));
          return null;
        default:
          throw new Error(`unknown question ${kind}`);
      }
    },
    (note, handle) => {
      if (note.k !== 'conn' || typeof note.arn !== 'string' || typeof note.key !== 'string' || handle === undefined)
        return;
      const socket = handle as Socket;
      // Connections come only once the worker has answered `init`; one that did not would have nobody to serve it.
      if (plane) return plane.take(note.arn, note.key, socket);
      socket.destroy();
      peer.note({ k: 'closed', key: note.key });
    },
  );
  // The serving process went away: so does its worker (its listeners went with it).
  end.on('disconnect', () => process.exit(0));
  // Messages sent before this process listened would be lost: the serving process waits for this first.
  peer.note({ k: 'listening' });
}
