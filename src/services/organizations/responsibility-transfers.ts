// Responsibility transfers: their rows, views, validation, and what answering their TRANSFER_RESPONSIBILITY
// handshake does. AWS's Billing user guide ("Billing transfers"): only a management account invites, and only the
// one that will manage and pay (bill-transfer, the transfer's Target) invites another organization's management
// account (bill-source, its Source); a transfer starts at 00:00:00 UTC on the first day of a month and its
// invitation must be accepted 24 hours before that; a withdrawal (either side) ends it at the end of a month.
import { randomInt } from 'node:crypto';
import { AwsError } from '../../aws/error.js';
import type { Handshake, HandshakeResource, ResponsibilityTransfer, Tag } from '../../aws/generated/organizations.js';
import { monthStart, nextMonthStart } from '../../billing/dates.js';
import { handshakeArn } from './ids.js';
import type { Db, OrgRecord } from './org-context.js';
import type { OrgHandshakesTable } from './tables.js';
import { putTags } from './tags.js';
import type { OrgResponsibilityTransfersTable } from './transfer-tables.js';

export const TRANSFER_ACTION = 'TRANSFER_RESPONSIBILITY';
/** AWS keeps an invitation open for 15 days; a transfer's must also be accepted 24 hours before its start. */
const HANDSHAKE_LIFETIME_MS = 15 * 24 * 3600 * 1000;
export const ACCEPT_BEFORE_START_MS = 24 * 3600 * 1000;

export const transferNotFound = () =>
  new AwsError('ResponsibilityTransferNotFoundException', "We can't find a transfer that you specified.");
export const transferAlreadyInStatus = () =>
  new AwsError(
    'ResponsibilityTransferAlreadyInStatusException',
    'The responsibility transfer is already in the status that you specified.',
  );
export const invalidTransferTransition = () =>
  new AwsError(
    'InvalidResponsibilityTransferTransitionException',
    "The responsibility transfer can't transition to the requested state because it's not in a valid state for this operation.",
  );

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function newTransferId(): string {
  let out = 'rt-';
  for (let i = 0; i < 12; i++) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}

/** When an invitation to a transfer starting at start lapses: 15 days on, or 24 hours before start if sooner. */
export function transferHandshakeExpiry(requestedAt: number, start: number): number {
  return Math.min(requestedAt + HANDSHAKE_LIFETIME_MS, start - ACCEPT_BEFORE_START_MS);
}

/** A REQUESTED transfer whose invitation lapsed reads as EXPIRED. */
export function transferStatus(
  row: OrgResponsibilityTransfersTable,
  handshake: OrgHandshakesTable | undefined,
  now: number,
): string {
  if (row.status === 'REQUESTED' && (!handshake || now > handshake.expires_at)) return 'EXPIRED';
  return row.status;
}

/** A transfer that still holds its source organization: an open invitation, or accepted and not yet ended. */
export async function activeTransferOfSource(db: Db, sourceOrgId: string, now: number): Promise<boolean> {
  const rows = await db
    .selectFrom('org_responsibility_transfers as t')
    .innerJoin('org_handshakes as h', 'h.id', 't.handshake_id')
    .select(['t.status', 't.end_at', 'h.expires_at'])
    .where('t.source_org_id', '=', sourceOrgId)
    .where('t.status', 'in', ['REQUESTED', 'ACCEPTED', 'WITHDRAWN'])
    .execute();
  return rows.some(
    (r) =>
      (r.status === 'REQUESTED' && now <= r.expires_at) ||
      (r.status !== 'REQUESTED' && (r.end_at === null || r.end_at > now)),
  );
}

/**
 * The transfer as the caller sees it: its ARN is the caller's side's (inbound for the target, outbound for the
 * source), under that side's management account and organization. EndTimestamp is the last second of its last month.
 */
export async function transferView(
  db: Db,
  row: OrgResponsibilityTransfersTable,
  callerId: string,
  partition: string,
  now: number,
): Promise<ResponsibilityTransfer> {
  const handshake = await db
    .selectFrom('org_handshakes')
    .selectAll()
    .where('id', '=', row.handshake_id)
    .executeTakeFirst();
  const emails = await db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('id', 'in', [row.source_account_id, row.target_account_id])
    .execute();
  const email = (id: string) => emails.find((e) => e.id === id)?.email ?? '';
  const inbound = callerId === row.target_account_id;
  const [accountId, orgId] = inbound
    ? [row.target_account_id, row.target_org_id]
    : [row.source_account_id, row.source_org_id];
  return {
    Arn: `arn:${partition}:organizations::${accountId}:transfer/${orgId}/${row.type.toLowerCase()}/${inbound ? 'inbound' : 'outbound'}/${row.id}`,
    Name: row.name,
    Id: row.id,
    Type: row.type as ResponsibilityTransfer['Type'],
    Status: transferStatus(row, handshake, now) as ResponsibilityTransfer['Status'],
    Source: { ManagementAccountId: row.source_account_id, ManagementAccountEmail: email(row.source_account_id) },
    Target: { ManagementAccountId: row.target_account_id, ManagementAccountEmail: email(row.target_account_id) },
    StartTimestamp: new Date(row.start_at),
    ...(row.end_at !== null ? { EndTimestamp: new Date(row.end_at - 1000) } : {}),
    ActiveHandshakeId: row.handshake_id,
  };
}

/** The TRANSFER_RESPONSIBILITY handshake: the inviting organization and the invited management account. */
export async function transferHandshakeView(
  db: Db,
  handshake: OrgHandshakesTable,
  state: string,
  partition: string,
): Promise<Handshake> {
  const row = await db
    .selectFrom('org_responsibility_transfers')
    .selectAll()
    .where('handshake_id', '=', handshake.id)
    .executeTakeFirstOrThrow();
  const manager = await db
    .selectFrom('accounts')
    .select(['email', 'name'])
    .where('id', '=', row.target_account_id)
    .executeTakeFirst();
  const resources: HandshakeResource[] = [
    { Type: 'RESPONSIBILITY_TRANSFER', Value: row.id },
    { Type: 'TRANSFER_TYPE', Value: row.type },
    { Type: 'TRANSFER_START_TIMESTAMP', Value: new Date(row.start_at).toISOString() },
    {
      Type: 'ORGANIZATION',
      Value: row.target_org_id,
      Resources: [
        { Type: 'MANAGEMENT_ACCOUNT', Value: row.target_account_id },
        { Type: 'MANAGEMENT_EMAIL', Value: manager?.email ?? '' },
        { Type: 'MANAGEMENT_NAME', Value: manager?.name ?? '' },
      ],
    },
    { Type: 'ACCOUNT', Value: row.source_account_id },
    ...(handshake.notes !== null ? [{ Type: 'NOTES' as const, Value: handshake.notes }] : []),
  ];
  return {
    Id: handshake.id,
    Arn: handshakeArn(
      { partition, managementAccountId: row.target_account_id, orgId: row.target_org_id },
      handshake.id,
      TRANSFER_ACTION,
    ),
    Parties: [
      { Id: row.target_org_id, Type: 'ORGANIZATION' },
      { Id: row.source_account_id, Type: 'ACCOUNT' },
    ],
    State: state as Handshake['State'],
    RequestedTimestamp: new Date(handshake.requested_at),
    ExpirationTimestamp: new Date(handshake.expires_at),
    Action: TRANSFER_ACTION,
    Resources: resources,
  };
}

/**
 * An invitation's Tags, held under its handshake's id (no taggable resource has that form) in the inviting
 * organization until acceptance attaches them to the transfer: the model says they are "actually attached" then.
 * Held through putTags so the invitation fails whole on a duplicate key or more than a transfer may carry.
 */
export async function holdInvitationTags(db: Db, org: OrgRecord, handshakeId: string, tags: Tag[]): Promise<void> {
  await putTags(db, org, handshakeId, tags);
}

/** Accepting attaches the held tags to the transfer's inviting side (over any it set meanwhile); else they go. */
async function settleInvitationTags(db: Db, row: OrgResponsibilityTransfersTable, accepted: boolean): Promise<void> {
  const held = db
    .selectFrom('org_tags')
    .select(['tag_key', 'tag_value'])
    .where('org_id', '=', row.target_org_id)
    .where('resource_id', '=', row.handshake_id);
  const tags = accepted ? await held.execute() : [];
  for (const tag of tags) {
    await db
      .insertInto('org_tags')
      .values({ org_id: row.target_org_id, resource_id: row.id, tag_key: tag.tag_key, tag_value: tag.tag_value })
      .onConflict((oc) => oc.columns(['org_id', 'resource_id', 'tag_key']).doUpdateSet({ tag_value: tag.tag_value }))
      .execute();
  }
  await db
    .deleteFrom('org_tags')
    .where('org_id', '=', row.target_org_id)
    .where('resource_id', '=', row.handshake_id)
    .execute();
}

/**
 * What answering (or canceling) a transfer's handshake does to the transfer: accepting makes the target the
 * source organization's payer from the start (src/billing/transfers.ts reads it), provided the source still
 * manages that organization and nothing else holds it; declining or canceling closes the invitation.
 */
export async function settleTransferHandshake(
  db: Db,
  handshake: OrgHandshakesTable,
  state: 'ACCEPTED' | 'DECLINED' | 'CANCELED',
): Promise<void> {
  const row = await db
    .selectFrom('org_responsibility_transfers')
    .selectAll()
    .where('handshake_id', '=', handshake.id)
    .executeTakeFirstOrThrow();
  if (state === 'ACCEPTED') {
    const org = await db
      .selectFrom('org_organizations')
      .select('id')
      .where('id', '=', row.source_org_id)
      .where('management_account_id', '=', row.source_account_id)
      .executeTakeFirst();
    if (!org) throw invalidTransferTransition();
    const others = await db
      .selectFrom('org_responsibility_transfers')
      .select(['id', 'status', 'end_at'])
      .where('source_org_id', '=', row.source_org_id)
      .where('id', '!=', row.id)
      .where('status', 'in', ['ACCEPTED', 'WITHDRAWN'])
      .execute();
    if (others.some((o) => o.end_at === null || o.end_at > row.start_at)) {
      throw new AwsError(
        'HandshakeConstraintViolationException',
        'The handshake request is invalid because a responsibility transfer already exists for this organization.',
        { fields: { Reason: 'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS' } },
      );
    }
  }
  await db.updateTable('org_responsibility_transfers').set({ status: state }).where('id', '=', row.id).execute();
  await settleInvitationTags(db, row, state === 'ACCEPTED');
}

/** A transfer's start: 00:00:00.000 UTC on the first of a month, more than 24 hours away. */
export function validStart(start: Date, now: number): number | AwsError {
  const ms = start.getTime();
  if (!Number.isFinite(ms)) return invalid('INVALID_START_DATE', 'The start date is not valid.');
  if (ms !== monthStart(ms)) {
    return invalid(
      'START_DATE_NOT_BEGINNING_OF_MONTH',
      'The start date must be 00:00:00 UTC on the first day of a month.',
    );
  }
  if (ms - ACCEPT_BEFORE_START_MS <= now) {
    return invalid(
      'START_DATE_TOO_EARLY',
      'The start date must be the first day of a month at least 24 hours from now.',
    );
  }
  return ms;
}

/**
 * A withdrawal's end: the last second of a month (23:59:59 UTC on its last day), no earlier than the current
 * month's; absent, the current month's end. Returns the exclusive bound, the next month's first instant.
 */
export function validEnd(end: Date | undefined, now: number): number | AwsError {
  if (end === undefined) return nextMonthStart(now);
  const ms = end.getTime();
  if (!Number.isFinite(ms)) return invalid('INVALID_END_DATE', 'The end date is not valid.');
  const bound = nextMonthStart(ms);
  if (Math.floor(ms / 1000) * 1000 !== bound - 1000) {
    return invalid('END_DATE_NOT_END_OF_MONTH', 'The end date must be 23:59:59 UTC on the last day of a month.');
  }
  if (bound < nextMonthStart(now)) {
    return invalid('END_DATE_TOO_EARLY', 'The end date must be no earlier than the end of the current month.');
  }
  return bound;
}

function invalid(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, { fields: { Reason: reason } });
}
