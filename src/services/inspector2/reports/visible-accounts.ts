// The accounts whose findings and resources a caller's report may contain: today only its own. Inspector's
// delegated administrator sees its members' too; when Warden has one, this is the one place to widen.
import type { RequestContext } from '../../../core/runtime.js';

export async function reportAccounts(ctx: RequestContext): Promise<string[]> {
  return [ctx.identity.accountId];
}
