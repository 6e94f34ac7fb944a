// A Warden started by test/helpers/warden.ts in its own process, so the bench's load generator does not share its event loop.
import { startWarden } from '../test/helpers/warden.js';

const w = await startWarden();
// The parent reads this one line, then sets Warden up with AWS SDK clients.
process.stdout.write(JSON.stringify({ endpoint: w.endpoint, credentials: w.credentials }) + '\n');
process.once('SIGTERM', () => {
  void w.stop().finally(() => process.exit(0));
});
