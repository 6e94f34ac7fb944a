// WAF (v2) as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { wafv2ResourceOverrides } from './authz.js';
import { wafv2 } from './index.js';
import { wafInspector } from './inspector.js';
import { wafWorkerHooks } from './workers.js';
import { startWaf } from './lifecycle.js';
import { shieldMitigator } from './shield-mitigation.js';
import { startWafEpochListener } from './epoch-listener.js';
import { wafv2Migration } from './migrations/0070_wafv2.js';
import { wafv2LoggingMigration } from './migrations/0071_wafv2_logging.js';
import { wafv2TokenKeysMigration } from './migrations/0072_wafv2_token_keys.js';

export const wafv2Service: ServiceDescriptor = {
  model: 'wafv2',
  iamPrefix: 'wafv2',
  eventSource: 'wafv2.amazonaws.com',
  billing: { name: 'AWS WAF', requestUsageType: 'WAF-Requests' },
  provider: wafv2,
  authorization: { resourceOverrides: wafv2ResourceOverrides },
  migrations: [wafv2Migration, wafv2LoggingMigration, wafv2TokenKeysMigration],
  // On PostgreSQL: learns of other nodes' WAF writes as they commit (epoch-listener.ts). Then the shared rate
  // counter's Redis connection and the log writer, closed at shutdown (lifecycle.ts).
  start: async (runtime) => {
    const epochs = await startWafEpochListener(runtime);
    const waf = await startWaf(runtime);
    return {
      async stop() {
        await waf.stop();
        await epochs.stop();
      },
    };
  },
  traffic: { inspector: wafInspector, mitigator: shieldMitigator, workers: wafWorkerHooks },
};
