#!/usr/bin/env node
// Entry point of a data-plane worker process (forked by the serving process): loads the sources through tsx, then serves.
import { register } from 'tsx/esm/api';

if (typeof process.send !== 'function') {
  process.stderr.write('data-plane-worker: started by `warden serve --data-plane-workers N`, not by hand\n');
  process.exit(2);
}
register();
const { runDataPlaneWorker } = await import('../src/data-plane-worker.ts');
runDataPlaneWorker(process);
