// Bench aid, preloaded into a Warden child started with --expose-gc: SIGUSR2 runs a full collection, so the memory
// bench reads what requests left behind rather than where the collector happened to be.
process.on('SIGUSR2', () => globalThis.gc?.());
