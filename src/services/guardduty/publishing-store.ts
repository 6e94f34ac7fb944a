// Publishing destinations at rest: their ARNs, rows and removal with their detector.
import type { Kysely } from 'kysely';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import type { GuardDutyPublishingDestinationsTable } from './member-tables.js';
import { deleteTags } from './tags.js';
import './member-tables.js';

interface ArnContext {
  partition: string;
  region: string;
  identity: { accountId: string };
}

/** `arn:<partition>:guardduty:<region>:<account>:detector/<detector>/publishingDestination/<id>` */
export function destinationArn(ctx: ArnContext, detectorId: string, destinationId: string): string {
  return `arn:${ctx.partition}:guardduty:${ctx.region}:${ctx.identity.accountId}:detector/${detectorId}/publishingDestination/${destinationId}`;
}

export async function destinationsOf(
  db: Kysely<Database>,
  accountId: string,
  detectorId: string,
): Promise<GuardDutyPublishingDestinationsTable[]> {
  return (await accountScope(db, accountId)
    .selectFrom('guardduty_publishing_destinations')
    .selectAll()
    .where('detector_id', '=', detectorId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as GuardDutyPublishingDestinationsTable[];
}

/** Removes a detector's destinations and their tags (DeleteDetector). */
export async function deleteDestinationsOf(db: Kysely<Database>, ctx: ArnContext, detectorId: string): Promise<void> {
  const account = ctx.identity.accountId;
  for (const d of await destinationsOf(db, account, detectorId))
    await deleteTags(db, account, destinationArn(ctx, detectorId, d.id));
  await accountScope(db, account)
    .deleteFrom('guardduty_publishing_destinations')
    .where('detector_id', '=', detectorId)
    .execute();
}
