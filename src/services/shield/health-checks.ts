// Health-based detection: AssociateHealthCheck / DisassociateHealthCheck put a Route 53 health check on a protection,
// and the detector reads its health (through src/core/health-checks.ts; Shield knows nothing of Route 53 itself).
import type {
  AssociateHealthCheckRequest,
  AssociateHealthCheckResponse,
  DisassociateHealthCheckRequest,
  DisassociateHealthCheckResponse,
} from '../../aws/generated/shield.js';
import { healthCheckDirectory, healthCheckIdOf } from '../../core/health-checks.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { protectionsChanged } from './detection/monitor.js';
import { invalidResource, limitsExceeded, protectionNotFound } from './errors.js';
import { MAX_HEALTH_CHECKS_PER_PROTECTION } from './limits.js';
import { requireSubscription } from './subscription.js';

/** The health check an ARN names, if it is one of the caller's (another account's is as good as none). */
async function callersHealthCheck(ctx: RequestContext, arn: string): Promise<string> {
  const id = healthCheckIdOf(arn);
  const directory = healthCheckDirectory(ctx.runtime);
  if (id === undefined || !directory || !(await directory.exists(ctx.runtime, ctx.identity.accountId, id))) {
    throw invalidResource();
  }
  return id;
}

/** Rewrites a protection's health check list, if the protection is the caller's. */
async function changeHealthChecks(
  ctx: RequestContext,
  protectionId: string,
  change: (ids: string[]) => string[],
): Promise<void> {
  const accountId = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await requireSubscription(trx, accountId);
    const scope = accountScope(trx, accountId);
    const row = await scope
      .selectFrom('shield_protections')
      .select(['arn', 'health_check_ids'])
      .where('id', '=', protectionId)
      .executeTakeFirst();
    if (!row) throw protectionNotFound();
    const ids = change(JSON.parse(row.health_check_ids) as string[]);
    await scope
      .updateTable('shield_protections')
      .set({ health_check_ids: JSON.stringify(ids) })
      .where('id', '=', protectionId)
      .execute();
    ctx.audit.resources = [{ ARN: row.arn, accountId }];
  });
  // The detector reads which resources have health checks on its refresh: now, on this node.
  await protectionsChanged(ctx.runtime);
}

export async function associateHealthCheck(
  ctx: RequestContext,
  input: AssociateHealthCheckRequest,
): Promise<AssociateHealthCheckResponse> {
  await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  const id = await callersHealthCheck(ctx, input.HealthCheckArn);
  await changeHealthChecks(ctx, input.ProtectionId, (ids) => {
    if (ids.includes(id)) return ids;
    if (ids.length >= MAX_HEALTH_CHECKS_PER_PROTECTION) {
      throw limitsExceeded('HEALTH_CHECK', MAX_HEALTH_CHECKS_PER_PROTECTION);
    }
    return [...ids, id];
  });
  return {};
}

/** Removing a health check the protection does not have changes nothing and succeeds, as removing one it has. */
export async function disassociateHealthCheck(
  ctx: RequestContext,
  input: DisassociateHealthCheckRequest,
): Promise<DisassociateHealthCheckResponse> {
  await requireSubscription(ctx.runtime.store.db, ctx.identity.accountId);
  const id = healthCheckIdOf(input.HealthCheckArn);
  await changeHealthChecks(ctx, input.ProtectionId, (ids) => ids.filter((x) => x !== id));
  return {};
}
