// The accounts whose findings and resources a caller's report may contain: those the caller sees, its own and, as its
// organization's Inspector delegated administrator, its associated members' (../members/visibility.ts).
import type { RequestContext } from '../../../core/runtime.js';
import { visibleAccountIds } from '../members/visibility.js';

export async function reportAccounts(ctx: RequestContext): Promise<string[]> {
  return visibleAccountIds(ctx);
}
