// GetCallerIdentity latency while RSA_4096 keys are being created: key generation must not stall other requests.
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { getCallerIdentityRequest } from './requests.js';
import { runLoad, type LoadResult } from './load.js';
import { BENCH_CREDENTIALS, startWardenServer } from './servers.js';

export interface KeygenContentionRun {
  leg: 'alone' | 'during RSA_4096 CreateKey';
  result: LoadResult;
  keysCreated: number;
}

/**
 * Two legs against one Warden in a child process: GetCallerIdentity alone, then the same load while `creators`
 * clients create RSA_4096 signing keys back to back. Key generation runs off the event loop (issue 12), so the
 * second leg's p99 should stay close to the first's; a `generateKeyPairSync` would stall every request for seconds.
 */
export async function runKeygenContentionBench(opts: {
  connections: number;
  durationMs: number;
  creators?: number;
}): Promise<KeygenContentionRun[]> {
  const server = await startWardenServer();
  try {
    const request = await getCallerIdentityRequest(server.origin);
    const load = { connections: opts.connections, durationMs: opts.durationMs };
    await runLoad(server.origin, request, { ...load, durationMs: 1000 });
    const alone = await runLoad(server.origin, request, load);

    const kms = new KMSClient({
      endpoint: server.origin,
      region: 'us-east-1',
      credentials: BENCH_CREDENTIALS,
      maxAttempts: 1,
    });
    let running = true;
    let keysCreated = 0;
    const creator = async () => {
      while (running) {
        await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }));
        keysCreated++;
      }
    };
    const creators = Array.from({ length: opts.creators ?? 2 }, creator);
    const during = await runLoad(server.origin, request, load);
    running = false;
    await Promise.all(creators);
    return [
      { leg: 'alone', result: alone, keysCreated: 0 },
      { leg: 'during RSA_4096 CreateKey', result: during, keysCreated },
    ];
  } finally {
    await server.stop();
  }
}
