// CheckCapacity: the WCUs a set of rules needs, priced as the web ACL or rule group holding them would be.
import type { CheckCapacityRequest, CheckCapacityResponse } from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { checkScope } from './arns.js';
import { storeLookup } from './lookup.js';
import { checkRules } from './rules.js';

export async function checkCapacity(ctx: RequestContext, input: CheckCapacityRequest): Promise<CheckCapacityResponse> {
  checkScope(ctx, input.Scope);
  const home = { account: ctx.identity.accountId, region: ctx.region, scope: input.Scope };
  const checked = await checkRules(
    input.Rules,
    'webacl',
    home,
    storeLookup(ctx.runtime.store.db, ctx.identity.accountId),
  );
  return { Capacity: checked.capacity };
}
