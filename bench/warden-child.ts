// A Warden started by test/helpers/warden.ts in its own process, so the bench's load generator does not share its event loop.
import { startWarden } from '../test/helpers/warden.js';

// Configuration overrides as JSON in the first argument. By default the load comes from one client by design: its
// request bucket stays on (its cost is measured) but never empties.
const overrides = process.argv[2]
  ? (JSON.parse(process.argv[2]) as Parameters<typeof startWarden>[0])
  : { clientRequestsPerSecond: 1_000_000, clientRequestBurst: 1_000_000, concurrentRequestsPerClient: 1_000 };
const w = await startWarden(overrides);
// The parent reads this one line, then sets Warden up with AWS SDK clients.
process.stdout.write(JSON.stringify({ endpoint: w.endpoint, credentials: w.credentials }) + '\n');
process.once('SIGTERM', () => {
  void w.stop().finally(() => process.exit(0));
});
