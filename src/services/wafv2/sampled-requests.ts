// GetSampledRequests: the samples this node (and its data-plane workers) kept for a web ACL's rule (or default action) metric within the last three hours.
import type { GetSampledRequestsRequest, GetSampledRequestsResponse } from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { checkScope, parseWafArn } from './arns.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { SAMPLE_HORIZON_MS } from './samples.js';
import { gatherSamples } from './workers.js';

export async function getSampledRequests(
  ctx: RequestContext,
  input: GetSampledRequestsRequest,
): Promise<GetSampledRequestsResponse> {
  checkScope(ctx, input.Scope);
  const arn = parseWafArn(input.WebAclArn);
  if (!arn || arn.kind !== 'webacl') throw invalidParameter('RESOURCE_ARN', input.WebAclArn, REASON.format);
  if (arn.account !== ctx.identity.accountId || arn.region !== ctx.region || arn.scope !== input.Scope)
    throw nonexistent();
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('wafv2_resources')
    .select('arn')
    .where('arn', '=', input.WebAclArn)
    .where('kind', '=', 'webacl')
    .executeTakeFirst();
  if (!row) throw nonexistent();
  // Any range within the previous three hours: the answer's TimeWindow is the part of the asked one that is.
  const now = Date.now();
  const start = Math.max(input.TimeWindow.StartTime.getTime(), now - SAMPLE_HORIZON_MS);
  const end = Math.min(input.TimeWindow.EndTime.getTime(), now);
  const { samples, population } =
    start <= end
      ? await gatherSamples(ctx.runtime, {
          webAclArn: input.WebAclArn,
          metric: input.RuleMetricName,
          start,
          end,
          maxItems: input.MaxItems,
        })
      : { samples: [], population: 0 };
  return {
    SampledRequests: samples.map((s) => ({ ...s.sampled, Weight: 1, Timestamp: new Date(s.at) })),
    PopulationSize: population,
    TimeWindow: { StartTime: new Date(start), EndTime: new Date(Math.max(start, end)) },
  };
}
