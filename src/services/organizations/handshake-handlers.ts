// Invitations of existing accounts: InviteAccountToOrganization and the handshake life cycle (accept, decline, cancel).
import { AwsError } from '../../aws/error.js';
import { accountColumnScope } from '../../store/account-scope.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Handshake, HandshakeResource, OrganizationsOperations } from '../../aws/generated/organizations.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountNotFound, handshakeNotFound, invalidInput } from './errors.js';
import { handshakeArn, newHandshakeId } from './ids.js';
import type { Db } from './org-context.js';
import { managedOrg, orgOfAccount, readableOrg } from './org-context.js';
import { attachDefaults } from './attachments.js';
import { mutate } from './mutate.js';
import { paginate } from './paging.js';
import type { OrgHandshakesTable } from './tables.js';
import {
  cancelApprovals,
  finalizeAllFeatures,
  handshakeConstraint,
  openIfApproved,
  pendingAllFeatures,
  startAllFeatures,
} from './all-features.js';
import { settleTransferHandshake, TRANSFER_ACTION, transferHandshakeView } from './responsibility-transfers.js';

/** AWS keeps an invitation open for 15 days. */
const HANDSHAKE_LIFETIME_MS = 15 * 24 * 3600 * 1000;

const alreadyInOrg = () =>
  new AwsError(
    'HandshakeConstraintViolationException',
    'The handshake request is invalid because the invited account is already a member of an organization.',
    { fields: { Reason: 'ALREADY_IN_AN_ORGANIZATION' } },
  );
const invalidTransition = () =>
  new AwsError(
    'InvalidHandshakeTransitionException',
    "You can't perform the operation on the handshake in its current state.",
  );
const alreadyInState = () =>
  new AwsError('HandshakeAlreadyInStateException', 'The specified handshake is already in the requested state.');

/** An OPEN or REQUESTED handshake past its expiry reads as EXPIRED. */
function stateOf(row: OrgHandshakesTable, now: number): string {
  return (row.state === 'OPEN' || row.state === 'REQUESTED') && now > row.expires_at ? 'EXPIRED' : row.state;
}

/** Parties and resources of the all-features handshakes, as AWS's examples show them. */
function allFeaturesShape(row: OrgHandshakesTable): Pick<Handshake, 'Parties' | 'Resources'> {
  if (row.action === 'ENABLE_ALL_FEATURES') {
    return {
      Parties: [{ Id: row.org_id, Type: 'ORGANIZATION' }],
      Resources: [{ Type: 'ORGANIZATION', Value: row.org_id }],
    };
  }
  return {
    Parties: [
      { Id: row.org_id, Type: 'ORGANIZATION' },
      { Id: row.target_account_id, Type: 'ACCOUNT' },
    ],
    Resources: [
      { Type: 'PARENT_HANDSHAKE', Value: row.parent_id ?? '' },
      { Type: 'ORGANIZATION', Value: row.org_id },
      { Type: 'ACCOUNT', Value: row.target_account_id },
    ],
  };
}

async function handshakeView(db: Db, row: OrgHandshakesTable, partition: string): Promise<Handshake> {
  const org = await db.selectFrom('org_organizations').selectAll().where('id', '=', row.org_id).executeTakeFirst();
  const managementId = org?.management_account_id ?? '';
  if (row.action === TRANSFER_ACTION) return transferHandshakeView(db, row, stateOf(row, Date.now()), partition);
  if (row.action !== 'INVITE') {
    return {
      Id: row.id,
      Arn: handshakeArn({ partition, managementAccountId: managementId, orgId: row.org_id }, row.id, row.action),
      ...allFeaturesShape(row),
      State: stateOf(row, Date.now()) as Handshake['State'],
      RequestedTimestamp: new Date(row.requested_at),
      ExpirationTimestamp: new Date(row.expires_at),
      Action: row.action as Handshake['Action'],
    };
  }
  const manager = await db
    .selectFrom('accounts')
    .select(['email', 'name'])
    .where('id', '=', managementId)
    .executeTakeFirst();
  const resources: HandshakeResource[] = [
    {
      Type: 'ORGANIZATION',
      Value: row.org_id,
      Resources: [
        { Type: 'MASTER_EMAIL', Value: manager?.email ?? '' },
        { Type: 'MASTER_NAME', Value: manager?.name ?? '' },
        { Type: 'ORGANIZATION_FEATURE_SET', Value: org?.feature_set ?? 'ALL' },
      ],
    },
    { Type: 'ACCOUNT', Value: row.target_account_id },
    ...(row.notes !== null ? [{ Type: 'NOTES' as const, Value: row.notes }] : []),
  ];
  return {
    Id: row.id,
    Arn: handshakeArn({ partition, managementAccountId: managementId, orgId: row.org_id }, row.id, row.action),
    Parties: [
      { Id: row.org_id, Type: 'ORGANIZATION' },
      { Id: row.target_account_id, Type: 'ACCOUNT' },
    ],
    State: stateOf(row, Date.now()) as Handshake['State'],
    RequestedTimestamp: new Date(row.requested_at),
    ExpirationTimestamp: new Date(row.expires_at),
    Action: row.action as Handshake['Action'],
    Resources: resources,
  };
}

async function findHandshake(db: Db, id: string): Promise<OrgHandshakesTable> {
  const row = await db.selectFrom('org_handshakes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw handshakeNotFound();
  return row;
}

/** The handshake, if the caller is its invited account or the inviting organization's management account. */
async function visibleHandshake(ctx: RequestContext, db: Db, id: string): Promise<OrgHandshakesTable> {
  const row = await findHandshake(db, id);
  if (row.target_account_id === ctx.identity.accountId) return row;
  const org = await orgOfAccount(db, ctx.identity.accountId, ctx.partition);
  if (org && org.id === row.org_id && org.managementAccountId === ctx.identity.accountId) return row;
  throw handshakeNotFound();
}

/** Moves a handshake the invited account answers from OPEN to state. */
async function answer(ctx: RequestContext, id: string, state: 'ACCEPTED' | 'DECLINED'): Promise<Handshake> {
  return mutate(ctx, async (trx) => {
    const row = await findHandshake(trx, id);
    if (row.target_account_id !== ctx.identity.accountId) throw handshakeNotFound();
    const current = stateOf(row, Date.now());
    if (current === state) throw alreadyInState();
    if (current !== 'OPEN') throw invalidTransition();
    if (row.action !== 'INVITE') {
      await trx.updateTable('org_handshakes').set({ state }).where('id', '=', id).execute();
      if (row.action === TRANSFER_ACTION) await settleTransferHandshake(trx, row, state);
      if (state === 'ACCEPTED' && row.action === 'APPROVE_ALL_FEATURES')
        await openIfApproved(trx, row.org_id, Date.now());
      if (state === 'ACCEPTED' && row.action === 'ENABLE_ALL_FEATURES') await finalizeAllFeatures(trx, row.org_id);
      return handshakeView(trx, { ...row, state }, ctx.partition);
    }
    if (state === 'ACCEPTED') {
      if (await orgOfAccount(trx, ctx.identity.accountId, ctx.partition)) throw alreadyInOrg();
      const org = await trx
        .selectFrom('org_organizations')
        .select('management_account_id')
        .where('id', '=', row.org_id)
        .executeTakeFirst();
      if (!org) throw invalidTransition();
      const record = (await orgOfAccount(trx, org.management_account_id, ctx.partition))!;
      await trx
        .insertInto('org_accounts')
        .values({
          account_id: ctx.identity.accountId,
          org_id: row.org_id,
          parent_id: record.rootId,
          joined_method: 'INVITED',
          joined_at: Date.now(),
        })
        .execute();
      await attachDefaults(trx, record, ctx.identity.accountId);
    }
    await trx.updateTable('org_handshakes').set({ state }).where('id', '=', id).execute();
    return handshakeView(trx, { ...row, state }, ctx.partition);
  });
}

export const handshakeHandlers: Handlers<OrganizationsOperations> = {
  async EnableAllFeatures(ctx) {
    const handshake = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const parent = await startAllFeatures(trx, org, Date.now());
      return handshakeView(trx, parent, ctx.partition);
    });
    return { Handshake: handshake };
  },

  async InviteAccountToOrganization(ctx, input) {
    const handshake = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      if (await pendingAllFeatures(trx, org.id, Date.now())) {
        throw handshakeConstraint(
          'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES',
          "You can't issue new invitations to join an organization while it's in the process of enabling all features. You can resume inviting accounts after you finalize the process when all accounts have agreed to the change.",
        );
      }
      const { Id, Type } = input.Target;
      if (Type !== 'ACCOUNT' && Type !== 'EMAIL') {
        throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type for the Target party.');
      }
      const account =
        Type === 'ACCOUNT'
          ? await trx.selectFrom('accounts').select(['id', 'status']).where('id', '=', Id).executeTakeFirst()
          : await trx.selectFrom('accounts').select(['id', 'status']).where('email', '=', Id).executeTakeFirst();
      if (!account || account.status !== 'ACTIVE') throw accountNotFound();
      if (await orgOfAccount(trx, account.id, ctx.partition)) throw alreadyInOrg();
      const open = await accountColumnScope(trx, 'org_handshakes', 'target_account_id', account.id)
        .select('id')
        .where('org_id', '=', org.id)
        .where('state', '=', 'OPEN')
        .where('expires_at', '>', Date.now())
        .executeTakeFirst();
      if (open)
        throw new AwsError(
          'DuplicateHandshakeException',
          'A handshake with the same action and target already exists.',
        );
      const now = Date.now();
      const row: OrgHandshakesTable = {
        id: newHandshakeId(),
        org_id: org.id,
        action: 'INVITE',
        state: 'OPEN',
        target_account_id: account.id,
        notes: input.Notes ?? null,
        requested_at: now,
        expires_at: now + HANDSHAKE_LIFETIME_MS,
        parent_id: null,
      };
      await trx.insertInto('org_handshakes').values(row).execute();
      return handshakeView(trx, row, ctx.partition);
    });
    return { Handshake: handshake };
  },

  AcceptHandshake: async (ctx, input) => ({ Handshake: await answer(ctx, input.HandshakeId, 'ACCEPTED') }),
  DeclineHandshake: async (ctx, input) => ({ Handshake: await answer(ctx, input.HandshakeId, 'DECLINED') }),

  async CancelHandshake(ctx, input) {
    const handshake = await mutate(ctx, async (trx) => {
      const org = await managedOrg(ctx, trx);
      const row = await findHandshake(trx, input.HandshakeId);
      if (row.org_id !== org.id) throw handshakeNotFound();
      const current = stateOf(row, Date.now());
      if (current === 'CANCELED') throw alreadyInState();
      if (current !== 'OPEN' && current !== 'REQUESTED') throw invalidTransition();
      await trx.updateTable('org_handshakes').set({ state: 'CANCELED' }).where('id', '=', row.id).execute();
      if (row.action === 'ENABLE_ALL_FEATURES') await cancelApprovals(trx, row.id);
      if (row.action === TRANSFER_ACTION) await settleTransferHandshake(trx, row, 'CANCELED');
      return handshakeView(trx, { ...row, state: 'CANCELED' }, ctx.partition);
    });
    return { Handshake: handshake };
  },

  async DescribeHandshake(ctx, input) {
    const db = ctx.runtime.store.db;
    return { Handshake: await handshakeView(db, await visibleHandshake(ctx, db, input.HandshakeId), ctx.partition) };
  },

  async ListHandshakesForAccount(ctx, input) {
    const db = ctx.runtime.store.db;
    // ENABLE_ALL_FEATURES has the organization as its only party: it is the organization's, not an account's.
    let query = accountColumnScope(db, 'org_handshakes', 'target_account_id', ctx.identity.accountId)
      .selectAll()
      .where('action', '!=', 'ENABLE_ALL_FEATURES');
    if (input.Filter?.ActionType) query = query.where('action', '=', input.Filter.ActionType);
    const rows = await query.orderBy('requested_at').execute();
    const views = [];
    for (const row of rows) views.push(await handshakeView(db, row, ctx.partition));
    const page = paginate(ctx, views, input);
    return { Handshakes: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },

  async ListHandshakesForOrganization(ctx, input) {
    const db = ctx.runtime.store.db;
    const org = await readableOrg(ctx, db);
    let query = db.selectFrom('org_handshakes').selectAll().where('org_id', '=', org.id);
    if (input.Filter?.ActionType) query = query.where('action', '=', input.Filter.ActionType);
    const rows = await query.orderBy('requested_at').execute();
    const views = [];
    for (const row of rows) views.push(await handshakeView(db, row, ctx.partition));
    const page = paginate(ctx, views, input);
    return { Handshakes: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
