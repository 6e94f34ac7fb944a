// Route 53's health checks as Shield asks after them (src/core/health-checks.ts): existence in the store, health here.
import type { HealthCheckDirectory } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { healthCheckStatus } from './runner.js';

export const route53HealthChecks: HealthCheckDirectory = {
  async exists(runtime, accountId, healthCheckId) {
    const row = await accountScope(runtime.store.db, accountId)
      .selectFrom('route53_health_checks')
      .select('id')
      .where('id', '=', healthCheckId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    return row !== undefined;
  },
  healthy(runtime, accountId, healthCheckId) {
    return healthCheckStatus(runtime, accountId, healthCheckId)?.healthy;
  },
};
