// GuardDuty's administrator–member relationships at rest: rows, their API views, AWS's per-account Result texts, and
// the detectors an administrator monitors (its own and its enabled members').
import type { Kysely } from 'kysely';
import type { Member, UnprocessedAccount } from '../../aws/generated/guardduty.js';
import { accountColumnScope, accountScope, otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import type { DetectorRef } from './detectors.js';
import type { GuardDutyMembersTable } from './member-tables.js';
import './member-tables.js';

/** AWS's Result texts for accounts a member operation could not process (UnprocessedAccounts). */
export const RESULT = {
  self: 'The request is rejected because an account cannot become a member of itself.',
  alreadyMember:
    'The request is rejected because the given account ID is already a member or associated member of the current account.',
  creatorIsMember:
    'The request is rejected because the current account cannot create members since it is already an associated member of another master account.',
  memberLimit:
    'The request is rejected because the current account cannot create anymore members since it cannot exceed the maximum number of allowed members.',
  notMember: 'The request is rejected because the given account ID is not a member of the current account.',
  /** Warden's wording (AWS documents the refusal, not its text): ALL keeps every organization account a member. */
  autoEnabledForAll:
    'The request is rejected because the organization configuration enables GuardDuty for all accounts of the organization (AutoEnableOrganizationMembers ALL).',
  /** Warden's wording: an organization account that administers members of its own cannot become a member. */
  memberIsAdministrator:
    'The request is rejected because the given account ID is the GuardDuty administrator of other member accounts.',
  notAssociated:
    'The request is rejected because the given account ID is not an associated member of account the current account.',
  inviteSelf: 'The request is rejected because the current account cannot invite itself.',
  inviterIsMember:
    'The request is rejected because the current account cannot invite other accounts since it is already an associated member of another master account.',
  alreadyInvited:
    'The request is rejected because the current account has already invited or is already the GuardDuty master of the given member account ID.',
  noPendingInvitation:
    'The request is rejected because the current account has no pending invitation from the given master account ID or is already an associated member of another master account.',
  cannotDeleteInvitation:
    'The request is rejected because the current account cannot delete the invitation from the given master account ID since it is still associated to it or has not declined their invitation yet.',
} as const;

/** GuardDuty's quota: "Maximum number of member accounts per administrator account" — 5,000 (10,000 by organization). */
export const MAX_MEMBERS = 5000;

/** Relationships in which the administrator monitors the member ("associated"). */
export const ASSOCIATED: ReadonlySet<string> = new Set(['Enabled', 'Disabled']);

export function unprocessed(accountId: string, result: string): UnprocessedAccount {
  return { AccountId: accountId, Result: result };
}

export async function memberRows(
  db: Kysely<Database>,
  adminAccountId: string,
  region: string,
): Promise<GuardDutyMembersTable[]> {
  const rows = await accountScope(db, adminAccountId)
    .selectFrom('guardduty_members')
    .selectAll()
    .where('region', '=', region)
    .orderBy('member_account_id')
    .execute();
  return rows as GuardDutyMembersTable[];
}

/** Every administrator row naming this account as its member in a Region (the member's side of the relationship). */
export async function rowsAsMember(
  db: Kysely<Database>,
  memberAccountId: string,
  region: string,
): Promise<GuardDutyMembersTable[]> {
  const rows = await accountColumnScope(db, 'guardduty_members', 'member_account_id', memberAccountId)
    .selectAll()
    .where('region', '=', region)
    .orderBy('account_id')
    .execute();
  return rows as GuardDutyMembersTable[];
}

/** The administrator this account is associated with in a Region (Enabled or Disabled), if any. */
export async function administratorRow(
  db: Kysely<Database>,
  memberAccountId: string,
  region: string,
): Promise<GuardDutyMembersTable | undefined> {
  return (await rowsAsMember(db, memberAccountId, region)).find((r) => ASSOCIATED.has(r.relationship));
}

/** Whether the account administers members of its own in a Region (an administrator cannot also be a member). */
export async function hasOwnMembers(db: Kysely<Database>, accountId: string, region: string): Promise<boolean> {
  return (await memberRows(db, accountId, region)).some(
    (r) => r.relationship !== 'Removed' && r.relationship !== 'Resigned',
  );
}

/** An account's detector id in a Region: the member's, read by its administrator (GuardDuty shows it in Member). */
export async function detectorIdOf(
  db: Kysely<Database>,
  accountId: string,
  region: string,
): Promise<string | undefined> {
  const row = await otherAccountScope(db, accountId)
    .selectFrom('guardduty_detectors')
    .select('id')
    .where('region', '=', region)
    .executeTakeFirst();
  return row?.id;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether Warden holds the account and it is suspended or closing (AWS shows such a member AccountSuspended). */
async function suspended(db: Kysely<Database>, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirst();
  return row !== undefined && row.status !== 'ACTIVE';
}

export async function memberView(db: Kysely<Database>, row: GuardDutyMembersTable): Promise<Member> {
  const detectorId = ASSOCIATED.has(row.relationship)
    ? await detectorIdOf(db, row.member_account_id, row.region)
    : undefined;
  const relationship = (await suspended(db, row.member_account_id)) ? 'AccountSuspended' : row.relationship;
  return {
    AccountId: row.member_account_id,
    ...(detectorId !== undefined && { DetectorId: detectorId }),
    MasterId: row.account_id,
    AdministratorId: row.account_id,
    Email: row.email,
    RelationshipStatus: relationship,
    ...(row.invited_at !== null && { InvitedAt: iso(row.invited_at) }),
    UpdatedAt: iso(row.updated_at),
  };
}

/**
 * The detectors whose findings an administrator's detector shows: its own, and each Enabled member's detector in
 * the same Region (GuardDuty: "the administrator account can view ... findings for member accounts"). Members that
 * are Disabled (StopMonitoringMembers), not yet associated, or suspended are left out.
 */
export async function monitoredDetectors(db: Kysely<Database>, own: DetectorRef): Promise<DetectorRef[]> {
  // One query however many members: each Enabled member's detector in the Region (the member's own row, joined by
  // the account the membership names), unless Warden holds the account suspended or closing.
  const rows = await accountScope(db, own.accountId)
    .selectFrom('guardduty_members as m')
    .innerJoin('guardduty_detectors as d', (j) =>
      j.onRef('d.account_id', '=', 'm.member_account_id').onRef('d.region', '=', 'm.region'),
    )
    .leftJoin('accounts as a', 'a.id', 'm.member_account_id')
    .select(['m.member_account_id', 'd.id'])
    .where('m.region', '=', own.region)
    .where('m.relationship', '=', 'Enabled')
    .where((eb) => eb.or([eb('a.status', 'is', null), eb('a.status', '=', 'ACTIVE')]))
    .orderBy('m.member_account_id')
    .execute();
  const out: DetectorRef[] = [own];
  for (const row of rows) out.push({ accountId: row.member_account_id, region: own.region, id: row.id });
  return out;
}
