// GuardDuty's background work as one `start` hook: trail detection and network detection run side by side.
import type { RunningService, Runtime } from '../../core/runtime.js';

type Start = (runtime: Runtime) => Promise<RunningService>;

/** Starts each in order; stops them in the reverse order. One that fails to start stops those already started. */
export function startTogether(...starts: readonly Start[]): Start {
  return async (runtime) => {
    const running: RunningService[] = [];
    try {
      for (const start of starts) running.push(await start(runtime));
    } catch (err) {
      for (const r of running.reverse()) await r.stop();
      throw err;
    }
    return {
      stop: async () => {
        for (const r of [...running].reverse()) await r.stop();
      },
    };
  };
}
