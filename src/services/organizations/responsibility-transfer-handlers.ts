// The responsibility-transfer operations: invite another organization to transfer its bill, describe, list,
// rename and withdraw transfers. Accepting, declining and canceling go through the handshake operations.
import { AwsError } from '../../aws/error.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { OrganizationsOperations, ResponsibilityTransfer } from '../../aws/generated/organizations.js';
import type { RequestContext } from '../../core/runtime.js';
import { accessDenied, accountNotFound, invalidInput } from './errors.js';
import { newHandshakeId } from './ids.js';
import { callerOrg, type Db, orgOfAccount, type OrgRecord } from './org-context.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import type { OrgHandshakesTable } from './tables.js';
import type { OrgResponsibilityTransfersTable } from './transfer-tables.js';
import {
  activeTransferOfSource,
  holdInvitationTags,
  invalidTransferTransition,
  newTransferId,
  TRANSFER_ACTION,
  transferAlreadyInStatus,
  transferHandshakeExpiry,
  transferHandshakeView,
  transferNotFound,
  transferStatus,
  transferView,
  validEnd,
  validStart,
} from './responsibility-transfers.js';

const handshakeConstraint = (reason: string, message: string) =>
  new AwsError('HandshakeConstraintViolationException', message, { fields: { Reason: reason } });

/** The caller's organization, when the caller is its management account (transfers are between those only). */
async function managementCaller(ctx: RequestContext, db: Db): Promise<OrgRecord> {
  const org = await callerOrg(ctx, db);
  if (org.managementAccountId !== ctx.identity.accountId) throw accessDenied();
  return org;
}

/** The transfer, if the caller is its source or target management account. */
async function participantTransfer(ctx: RequestContext, db: Db, id: string): Promise<OrgResponsibilityTransfersTable> {
  await managementCaller(ctx, db);
  const row = await db.selectFrom('org_responsibility_transfers').selectAll().where('id', '=', id).executeTakeFirst();
  const caller = ctx.identity.accountId;
  if (!row || (row.source_account_id !== caller && row.target_account_id !== caller)) throw transferNotFound();
  return row;
}

async function listTransfers(
  ctx: RequestContext,
  side: 'source_account_id' | 'target_account_id',
  input: { Type: string; Id?: string; NextToken?: string; MaxResults?: number },
): Promise<{ ResponsibilityTransfers: ResponsibilityTransfer[]; NextToken?: string }> {
  const db = ctx.runtime.store.db;
  await managementCaller(ctx, db);
  let query = db
    .selectFrom('org_responsibility_transfers')
    .selectAll()
    .where(side, '=', ctx.identity.accountId)
    .where('type', '=', input.Type);
  if (input.Id !== undefined) query = query.where('id', '=', input.Id);
  const rows = await query.orderBy('requested_at').orderBy('id').execute();
  if (input.Id !== undefined && rows.length === 0) throw transferNotFound();
  const now = Date.now();
  const views: ResponsibilityTransfer[] = [];
  for (const row of rows) views.push(await transferView(db, row, ctx.identity.accountId, ctx.partition, now));
  const page = paginate(ctx, views, input);
  return { ResponsibilityTransfers: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

export const responsibilityTransferHandlers: Handlers<OrganizationsOperations> = {
  async InviteOrganizationToTransferResponsibility(ctx, input) {
    const handshake = await mutate(ctx, async (trx) => {
      const org = await managementCaller(ctx, trx);
      const now = Date.now();
      const { Id, Type } = input.Target;
      if (Type !== 'ACCOUNT' && Type !== 'EMAIL') {
        throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type for the Target party.');
      }
      const start = validStart(input.StartTimestamp, now);
      if (start instanceof AwsError) throw start;
      const account =
        Type === 'ACCOUNT'
          ? await trx.selectFrom('accounts').select(['id', 'status']).where('id', '=', Id).executeTakeFirst()
          : await trx.selectFrom('accounts').select(['id', 'status']).where('email', '=', Id).executeTakeFirst();
      if (!account || account.status !== 'ACTIVE') throw accountNotFound();
      if (account.id === ctx.identity.accountId) {
        throw handshakeConstraint(
          'SOURCE_AND_TARGET_CANNOT_MATCH',
          "The source and target of a responsibility transfer can't be the same account.",
        );
      }
      // Invitations go between management accounts: the invited account must manage another organization.
      const source = await orgOfAccount(trx, account.id, ctx.partition);
      if (!source || source.managementAccountId !== account.id || source.id === org.id) {
        throw handshakeConstraint(
          'TARGET_ACCOUNT_VALIDATION_FAILURE',
          "The invited account isn't the management account of another organization.",
        );
      }
      if (await activeTransferOfSource(trx, source.id, now)) {
        throw handshakeConstraint(
          'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
          'The handshake request is invalid because a responsibility transfer already exists for this organization.',
        );
      }
      const handshakeRow: OrgHandshakesTable = {
        id: newHandshakeId(),
        org_id: org.id,
        action: TRANSFER_ACTION,
        state: 'OPEN',
        target_account_id: account.id,
        notes: input.Notes ?? null,
        requested_at: now,
        expires_at: transferHandshakeExpiry(now, start),
        parent_id: null,
      };
      await trx.insertInto('org_handshakes').values(handshakeRow).execute();
      await trx
        .insertInto('org_responsibility_transfers')
        .values({
          id: newTransferId(),
          type: input.Type,
          name: input.SourceName,
          status: 'REQUESTED',
          source_account_id: account.id,
          source_org_id: source.id,
          target_account_id: ctx.identity.accountId,
          target_org_id: org.id,
          start_at: start,
          end_at: null,
          handshake_id: handshakeRow.id,
          requested_at: now,
        })
        .execute();
      // Checked now, so that an invalid set sends no invitation; attached to the transfer when it is accepted.
      if (input.Tags && input.Tags.length > 0) await holdInvitationTags(trx, org, handshakeRow.id, input.Tags);
      return transferHandshakeView(trx, handshakeRow, 'OPEN', ctx.partition);
    });
    return { Handshake: handshake };
  },

  async DescribeResponsibilityTransfer(ctx, input) {
    const db = ctx.runtime.store.db;
    const row = await participantTransfer(ctx, db, input.Id);
    return {
      ResponsibilityTransfer: await transferView(db, row, ctx.identity.accountId, ctx.partition, Date.now()),
    };
  },

  ListInboundResponsibilityTransfers: (ctx, input) => listTransfers(ctx, 'target_account_id', input),
  ListOutboundResponsibilityTransfers: (ctx, input) => listTransfers(ctx, 'source_account_id', input),

  async UpdateResponsibilityTransfer(ctx, input) {
    const transfer = await mutate(ctx, async (trx) => {
      const row = await participantTransfer(ctx, trx, input.Id);
      await trx
        .updateTable('org_responsibility_transfers')
        .set({ name: input.Name })
        .where('id', '=', row.id)
        .execute();
      return transferView(trx, { ...row, name: input.Name }, ctx.identity.accountId, ctx.partition, Date.now());
    });
    return { ResponsibilityTransfer: transfer };
  },

  async TerminateResponsibilityTransfer(ctx, input) {
    const transfer = await mutate(ctx, async (trx) => {
      const row = await participantTransfer(ctx, trx, input.Id);
      const now = Date.now();
      const handshake = await trx
        .selectFrom('org_handshakes')
        .selectAll()
        .where('id', '=', row.handshake_id)
        .executeTakeFirst();
      const status = transferStatus(row, handshake, now);
      if (status === 'WITHDRAWN') throw transferAlreadyInStatus();
      if (status !== 'ACCEPTED') throw invalidTransferTransition();
      const end = validEnd(input.EndTimestamp, now);
      if (end instanceof AwsError) throw end;
      const changed = { status: 'WITHDRAWN', end_at: end };
      await trx.updateTable('org_responsibility_transfers').set(changed).where('id', '=', row.id).execute();
      return transferView(trx, { ...row, ...changed }, ctx.identity.accountId, ctx.partition, now);
    });
    return { ResponsibilityTransfer: transfer };
  },
};
