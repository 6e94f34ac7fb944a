// ListCustomerAgreements: the acceptances of Warden's agreements that apply to the caller's account (its own and its
// organization's), terminated ones included with their end, in the model's CustomerAgreementSummary shape.
import type { CustomerAgreementSummary, ListCustomerAgreementsResponse } from '../../aws/generated/artifact.js';
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import { agreementById } from './agreement-catalogue.js';
import {
  agreementArn,
  applicableAgreements,
  customerAgreementArn,
  organizationArn,
  type ApplicableAgreement,
} from './agreements.js';
import { invalidNextToken } from './errors.js';

const DEFAULT_PAGE = 50;

function summaryOf(ctx: RequestContext, a: ApplicableAgreement): CustomerAgreementSummary | undefined {
  const { row } = a;
  const doc = agreementById(row.agreement_id);
  // An acceptance of an agreement a later Warden no longer offers has no text to show: it is left out.
  if (doc === undefined) return undefined;
  return {
    name: doc.name,
    arn: customerAgreementArn(ctx.partition, row),
    id: row.id,
    agreementArn: agreementArn(ctx.partition, doc.id),
    awsAccountId: row.account_id,
    ...(row.org_id !== null && a.managementAccountId !== undefined
      ? { organizationArn: organizationArn(ctx.partition, a.managementAccountId, row.org_id) }
      : {}),
    effectiveStart: new Date(Number(row.effective_start)),
    ...(row.effective_end === null ? {} : { effectiveEnd: new Date(Number(row.effective_end)) }),
    state: row.state as CustomerAgreementSummary['state'],
    description: doc.description,
    acceptanceTerms: [...doc.acceptanceTerms],
    terminateTerms: [...doc.terminateTerms],
    // Warden's own texts, accepted as offered: nothing was negotiated.
    type: 'DEFAULT',
  };
}

export async function listCustomerAgreements(
  ctx: RequestContext,
  input: { maxResults?: number; nextToken?: string },
): Promise<ListCustomerAgreementsResponse> {
  const all = (await applicableAgreements(ctx.runtime.store.db, ctx.identity.accountId))
    .map((a) => summaryOf(ctx, a))
    .filter((s): s is CustomerAgreementSummary => s !== undefined);
  const page = pageOfList(ctx, all, {
    token: input.nextToken,
    limit: input.maxResults ?? DEFAULT_PAGE,
    filters: {},
    errors: { invalid: invalidNextToken },
  });
  return { customerAgreements: page.items, ...(page.next ? { nextToken: page.next } : {}) };
}
