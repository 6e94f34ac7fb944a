// Artifact's authorization hook: a call naming a compliance inquiry (by id, or by ARN for the tag operations) is
// decided on that inquiry's own ARN with its tags as aws:ResourceTag/*, as AWS documents for the resource type.
import type { ResolvedCheck } from '../../../core/authorization.js';
import type { RequestContext, ServiceAuthorization } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { inquiryArn } from './store.js';

const INQUIRY_ID = /^compliance-inquiry-[a-zA-Z0-9]{16}$/;
const ARN_TAIL = /:compliance-inquiry\/(compliance-inquiry-[a-zA-Z0-9]{16})$/;

/** The inquiry id the request names, when it names one well-formed. */
function inquiryIdOf(input: Readonly<Record<string, unknown>>, ctx: RequestContext): string | undefined {
  const id = input.complianceInquiryId;
  if (typeof id === 'string') return INQUIRY_ID.test(id) ? id : undefined;
  const arn = input.resourceArn;
  if (typeof arn !== 'string') return undefined;
  const found = ARN_TAIL.exec(arn)?.[1];
  // Only an ARN in the caller's own account and Region names one of its inquiries; the handler refuses the rest.
  return found !== undefined && arn === inquiryArn(ctx, found) ? found : undefined;
}

async function resolveInquiry(
  ctx: RequestContext,
  input: Readonly<Record<string, unknown>>,
  checks: readonly ResolvedCheck[],
): Promise<ResolvedCheck[]> {
  if (ctx.service !== 'artifact') return [...checks];
  const id = inquiryIdOf(input, ctx);
  if (id === undefined) return [...checks];
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('artifact_compliance_inquiries')
    .select('tags')
    .where('region', '=', ctx.region)
    .where('id', '=', id)
    .executeTakeFirst();
  // An inquiry that does not exist is left to the handler, which answers ResourceNotFoundException.
  if (row === undefined) return [...checks];
  const arn = inquiryArn(ctx, id);
  const tags = JSON.parse(row.tags) as Record<string, string>;
  const context = Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  return checks.map((check) => ({
    ...check,
    resources: check.resources.map((r) =>
      r.arn.includes(':compliance-inquiry/') ? { ...r, arn, display: arn, context: { ...r.context, ...context } } : r,
    ),
  }));
}

export const artifactAuthorization: ServiceAuthorization = { resolveResources: resolveInquiry };
