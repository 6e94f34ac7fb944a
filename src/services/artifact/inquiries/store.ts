// Reading and writing compliance inquiries, their queries and tags: every query scoped to the caller's account and
// Region (inquiries are regional, as their ARNs are).
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import type { ArtifactComplianceInquiriesTable, ArtifactInquiryQueriesTable } from '../tables.js';
import { inquiryNotFound, validation } from '../errors.js';

export type InquiryRow = Selectable<ArtifactComplianceInquiriesTable>;
export type QueryRow = Selectable<ArtifactInquiryQueriesTable>;

/** AWS's limit on a resource's tags. */
export const MAX_TAGS = 50;

export function newInquiryId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `compliance-inquiry-${[...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export function inquiryArn(ctx: RequestContext, id: string): string {
  return `arn:${ctx.partition}:artifact:${ctx.region}:${ctx.identity.accountId}:compliance-inquiry/${id}`;
}

export const scope = (ctx: RequestContext) => accountScope(ctx.runtime.store.db, ctx.identity.accountId);

export async function findInquiry(ctx: RequestContext, id: string): Promise<InquiryRow> {
  const row = await scope(ctx)
    .selectFrom('artifact_compliance_inquiries')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw inquiryNotFound(id);
  return row;
}

export async function queriesOf(ctx: RequestContext, inquiryId: string): Promise<QueryRow[]> {
  return scope(ctx)
    .selectFrom('artifact_inquiry_queries')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('inquiry_id', '=', inquiryId)
    .orderBy('query_id')
    .execute();
}

export const tagsOf = (row: InquiryRow): Record<string, string> => JSON.parse(row.tags) as Record<string, string>;

/** Tags as AWS checks them beyond the model's patterns: no `aws:` keys (AWS reserves them), at most 50 in all. */
export function checkTags(tags: Record<string, string>): void {
  for (const key of Object.keys(tags)) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw validation(`Tag keys starting with 'aws:' are reserved: ${key.slice(0, 128)}`, 'fieldValidationFailed');
    }
  }
  if (Object.keys(tags).length > MAX_TAGS) {
    throw validation(`A resource can have at most ${MAX_TAGS} tags`, 'fieldValidationFailed');
  }
}

/** A stored export as its account may download it, until it expires. */
export async function exportDocument(
  db: Kysely<Database>,
  accountId: string,
  exportId: string,
  now: number,
): Promise<{ pdf: Buffer; inquiryId: string } | undefined> {
  const row = await db
    .selectFrom('artifact_inquiry_exports')
    .select(['document', 'inquiry_id'])
    .where('id', '=', exportId)
    .where('account_id', '=', accountId)
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  return row === undefined ? undefined : { pdf: Buffer.from(row.document, 'base64'), inquiryId: row.inquiry_id };
}
