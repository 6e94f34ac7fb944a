// Enabling all features in an organization made with consolidated billing only: the ENABLE_ALL_FEATURES handshake,
// one APPROVE_ALL_FEATURES handshake per invited member, and the management account's finalizing acceptance
// (User Guide, "Enabling all features in your organization").
import { AwsError } from '../../aws/error.js';
import type { Db, OrgRecord } from './org-context.js';
import { newHandshakeId } from './ids.js';
import type { OrgHandshakesTable } from './tables.js';

/** The members have 90 days to approve; then every request of the attempt expires. */
const ALL_FEATURES_LIFETIME_MS = 90 * 24 * 3600 * 1000;

export const handshakeConstraint = (reason: string, message: string) =>
  new AwsError('HandshakeConstraintViolationException', message, { fields: { Reason: reason } });

/** The organization's ENABLE_ALL_FEATURES handshake still in progress (REQUESTED or OPEN, not expired). */
export async function pendingAllFeatures(db: Db, orgId: string, now: number): Promise<OrgHandshakesTable | undefined> {
  return db
    .selectFrom('org_handshakes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('action', '=', 'ENABLE_ALL_FEATURES')
    .where('state', 'in', ['REQUESTED', 'OPEN'])
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Starts the change: cancels pending invitations, asks every invited member, and returns the parent handshake. */
export async function startAllFeatures(db: Db, org: OrgRecord, now: number): Promise<OrgHandshakesTable> {
  if (org.featureSet === 'ALL') {
    throw handshakeConstraint(
      'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
      'The handshake request is invalid because the organization has already enabled all features.',
    );
  }
  if (await pendingAllFeatures(db, org.id, now)) {
    throw handshakeConstraint(
      'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION',
      'The handshake request is invalid because the organization has already started the process to enable all features.',
    );
  }
  // Invitations sent before the change said "consolidated billing only": AWS cancels them.
  await db
    .updateTable('org_handshakes')
    .set({ state: 'CANCELED' })
    .where('org_id', '=', org.id)
    .where('action', '=', 'INVITE')
    .where('state', '=', 'OPEN')
    .execute();
  // Only invited accounts approve; accounts the organization created do not get a request.
  const invited = await db
    .selectFrom('org_accounts')
    .select('account_id')
    .where('org_id', '=', org.id)
    .where('joined_method', '=', 'INVITED')
    .where('account_id', '!=', org.managementAccountId)
    .orderBy('account_id')
    .execute();
  const parent: OrgHandshakesTable = {
    id: newHandshakeId(),
    org_id: org.id,
    action: 'ENABLE_ALL_FEATURES',
    // With no invited member the management account may finalize at once.
    state: invited.length > 0 ? 'REQUESTED' : 'OPEN',
    target_account_id: org.managementAccountId,
    notes: null,
    requested_at: now,
    expires_at: now + ALL_FEATURES_LIFETIME_MS,
    parent_id: null,
  };
  await db.insertInto('org_handshakes').values(parent).execute();
  for (const member of invited) {
    await db
      .insertInto('org_handshakes')
      .values({
        ...parent,
        id: newHandshakeId(),
        action: 'APPROVE_ALL_FEATURES',
        state: 'OPEN',
        target_account_id: member.account_id,
        parent_id: parent.id,
      })
      .execute();
  }
  return parent;
}

/**
 * Opens the parent handshake for finalizing once every approval of a member still in the organization is accepted
 * (a member that declined must be removed for the change to go on).
 */
export async function openIfApproved(db: Db, orgId: string, now: number): Promise<void> {
  const parent = await pendingAllFeatures(db, orgId, now);
  if (!parent || parent.state !== 'REQUESTED') return;
  const members = new Set(
    (await db.selectFrom('org_accounts').select('account_id').where('org_id', '=', orgId).execute()).map(
      (m) => m.account_id,
    ),
  );
  const approvals = await db
    .selectFrom('org_handshakes')
    .select(['target_account_id', 'state'])
    .where('parent_id', '=', parent.id)
    .execute();
  if (approvals.every((a) => a.state === 'ACCEPTED' || !members.has(a.target_account_id))) {
    await db.updateTable('org_handshakes').set({ state: 'OPEN' }).where('id', '=', parent.id).execute();
  }
}

/** The management account accepts the OPEN parent: the organization has all features from now on. */
export async function finalizeAllFeatures(db: Db, orgId: string): Promise<void> {
  await db.updateTable('org_organizations').set({ feature_set: 'ALL' }).where('id', '=', orgId).execute();
}

/** Cancelling the parent cancels the members' open approvals with it. */
export async function cancelApprovals(db: Db, parentId: string): Promise<void> {
  await db
    .updateTable('org_handshakes')
    .set({ state: 'CANCELED' })
    .where('parent_id', '=', parentId)
    .where('state', '=', 'OPEN')
    .execute();
}
