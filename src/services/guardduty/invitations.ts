// A member account's side: the invitations it received (List, count, Accept, Decline, Delete), its administrator
// (Get, Disassociate), and the deprecated "master" names of the same operations.
import type { Kysely } from 'kysely';
import type {
  AcceptAdministratorInvitationRequest,
  AcceptAdministratorInvitationResponse,
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  Administrator,
  DeclineInvitationsRequest,
  DeclineInvitationsResponse,
  DeleteInvitationsRequest,
  DeleteInvitationsResponse,
  DisassociateFromAdministratorAccountRequest,
  DisassociateFromAdministratorAccountResponse,
  DisassociateFromMasterAccountRequest,
  DisassociateFromMasterAccountResponse,
  GetAdministratorAccountRequest,
  GetAdministratorAccountResponse,
  GetInvitationsCountRequest,
  GetInvitationsCountResponse,
  GetMasterAccountRequest,
  GetMasterAccountResponse,
  Invitation,
  ListInvitationsRequest,
  ListInvitationsResponse,
  UnprocessedAccount,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { requireDetector } from './detectors.js';
import { badRequest, invalidInput } from './errors.js';
import { administratorRow, ASSOCIATED, memberRows, RESULT, rowsAsMember, unprocessed } from './member-store.js';
import type { GuardDutyMembersTable } from './member-tables.js';
import { syncOrganizationOf } from './organization-admin.js';
import { pageOf } from './paging.js';

/** The invitation states a member still sees in ListInvitations (an accepted one is its administrator instead). */
const LISTED: ReadonlySet<string | null> = new Set(['PENDING', 'DECLINED']);

/** Changes the administrator's row of this member: the member acts on the relationship another account holds. */
async function updateAsMember(
  db: Kysely<Database>,
  row: GuardDutyMembersTable,
  change: Partial<Pick<GuardDutyMembersTable, 'relationship' | 'invitation_state'>>,
): Promise<void> {
  await otherAccountScope(db, row.account_id)
    .updateTable('guardduty_members')
    .set({ ...change, updated_at: Date.now() })
    .where('region', '=', row.region)
    .where('member_account_id', '=', row.member_account_id)
    .execute();
}

function invitationView(row: GuardDutyMembersTable): Invitation {
  return {
    AccountId: row.account_id,
    ...(row.invitation_id !== null && { InvitationId: row.invitation_id }),
    RelationshipStatus: row.relationship,
    ...(row.invited_at !== null && { InvitedAt: new Date(row.invited_at).toISOString() }),
  };
}

export async function listInvitations(
  ctx: RequestContext,
  input: ListInvitationsRequest,
): Promise<ListInvitationsResponse> {
  const rows = (await rowsAsMember(ctx.runtime.store.db, ctx.identity.accountId, ctx.region)).filter((r) =>
    LISTED.has(r.invitation_state),
  );
  const page = pageOf(ctx, rows.map(invitationView), input);
  return { Invitations: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}

export async function getInvitationsCount(
  ctx: RequestContext,
  _input: GetInvitationsCountRequest,
): Promise<GetInvitationsCountResponse> {
  const rows = await rowsAsMember(ctx.runtime.store.db, ctx.identity.accountId, ctx.region);
  return { InvitationsCount: rows.filter((r) => LISTED.has(r.invitation_state)).length };
}

async function accept(ctx: RequestContext, detectorId: string, administratorId: string, invitationId: string) {
  const caller = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    await requireDetector(trx, ctx, detectorId);
    const own = (await memberRows(trx, caller, ctx.region)).filter(
      (r) => r.relationship !== 'Removed' && r.relationship !== 'Resigned',
    );
    if (own.length > 0)
      throw badRequest(
        'The request is rejected because the current account cannot accept invitations since it still has created, invited or associated members.',
      );
    if ((await administratorRow(trx, caller, ctx.region)) !== undefined)
      throw badRequest(
        'The request is rejected because the current account cannot accept invitations since it is already an associated member of some master account.',
      );
    const row = (await rowsAsMember(trx, caller, ctx.region)).find(
      (r) => r.account_id === administratorId && r.invitation_id === invitationId && r.invitation_state === 'PENDING',
    );
    if (!row) throw badRequest(RESULT.noPendingInvitation);
    if ((await administratorRow(trx, administratorId, ctx.region)) !== undefined)
      throw badRequest(
        'The request is rejected because the current account cannot accept invitation from the given account ID since the latter is an associated member of another master account.',
      );
    await updateAsMember(trx, row, { relationship: 'Enabled', invitation_state: 'ACCEPTED' });
  });
}

export async function acceptAdministratorInvitation(
  ctx: RequestContext,
  input: AcceptAdministratorInvitationRequest,
): Promise<AcceptAdministratorInvitationResponse> {
  await accept(ctx, input.DetectorId, input.AdministratorId, input.InvitationId);
  return {};
}

export async function acceptInvitation(
  ctx: RequestContext,
  input: AcceptInvitationRequest,
): Promise<AcceptInvitationResponse> {
  await accept(ctx, input.DetectorId, input.MasterId, input.InvitationId);
  return {};
}

export async function declineInvitations(
  ctx: RequestContext,
  input: DeclineInvitationsRequest,
): Promise<DeclineInvitationsResponse> {
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await rowsAsMember(trx, ctx.identity.accountId, ctx.region);
    for (const id of new Set(input.AccountIds)) {
      const row = rows.find((r) => r.account_id === id && r.invitation_state === 'PENDING');
      if (!row) out.push(unprocessed(id, RESULT.noPendingInvitation));
      // The administrator sees the member resign from an invitation it declined.
      else await updateAsMember(trx, row, { relationship: 'Resigned', invitation_state: 'DECLINED' });
    }
  });
  return { UnprocessedAccounts: out };
}

export async function deleteInvitations(
  ctx: RequestContext,
  input: DeleteInvitationsRequest,
): Promise<DeleteInvitationsResponse> {
  const out: UnprocessedAccount[] = [];
  await ctx.runtime.store.transaction(async (trx) => {
    const rows = await rowsAsMember(trx, ctx.identity.accountId, ctx.region);
    for (const id of new Set(input.AccountIds)) {
      const row = rows.find((r) => r.account_id === id && r.invitation_state !== null);
      if (!row) out.push(unprocessed(id, RESULT.noPendingInvitation));
      else if (row.invitation_state === 'PENDING' || ASSOCIATED.has(row.relationship))
        out.push(unprocessed(id, RESULT.cannotDeleteInvitation));
      else await updateAsMember(trx, row, { invitation_state: null });
    }
  });
  return { UnprocessedAccounts: out };
}

async function administratorOf(ctx: RequestContext, detectorId: string): Promise<Administrator | undefined> {
  const db = ctx.runtime.store.db;
  await requireDetector(db, ctx, detectorId);
  await syncOrganizationOf(ctx, ctx.identity.accountId);
  const row = await administratorRow(db, ctx.identity.accountId, ctx.region);
  return row && invitationView(row);
}

/** With no administrator, GuardDuty answers an empty body. */
export async function getAdministratorAccount(
  ctx: RequestContext,
  input: GetAdministratorAccountRequest,
): Promise<GetAdministratorAccountResponse> {
  const administrator = await administratorOf(ctx, input.DetectorId);
  return (administrator ? { Administrator: administrator } : {}) as GetAdministratorAccountResponse;
}

export async function getMasterAccount(
  ctx: RequestContext,
  input: GetMasterAccountRequest,
): Promise<GetMasterAccountResponse> {
  const administrator = await administratorOf(ctx, input.DetectorId);
  return (administrator ? { Master: administrator } : {}) as GetMasterAccountResponse;
}

async function disassociate(ctx: RequestContext, detectorId: string): Promise<void> {
  await ctx.runtime.store.transaction(async (trx) => {
    await requireDetector(trx, ctx, detectorId);
    const row = await administratorRow(trx, ctx.identity.accountId, ctx.region);
    if (!row)
      throw badRequest('The request is rejected because the current account is not associated to a master account.');
    // An organization's account is its delegated administrator's member for as long as it is in the organization.
    if (row.via_organization === 1) throw invalidInput();
    await updateAsMember(trx, row, { relationship: 'Resigned', invitation_state: null });
  });
}

export async function disassociateFromAdministratorAccount(
  ctx: RequestContext,
  input: DisassociateFromAdministratorAccountRequest,
): Promise<DisassociateFromAdministratorAccountResponse> {
  await disassociate(ctx, input.DetectorId);
  return {};
}

export async function disassociateFromMasterAccount(
  ctx: RequestContext,
  input: DisassociateFromMasterAccountRequest,
): Promise<DisassociateFromMasterAccountResponse> {
  await disassociate(ctx, input.DetectorId);
  return {};
}
