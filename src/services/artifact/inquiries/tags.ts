// Artifact's TagResource, UntagResource and ListTagsForResource. AWS's Service Authorization Reference lists the
// compliance inquiry as the only Artifact resource these take, so any other ARN (a report, an agreement) is refused.
import type { ListTagsForResourceResponse } from '../../../aws/generated/artifact.js';
import type { RequestContext } from '../../../core/runtime.js';
import { inquiryNotFound, validation } from '../errors.js';
import { accountScope } from '../../../store/account-scope.js';
import { checkTags, findInquiry, tagsOf, type InquiryRow } from './store.js';

const INQUIRY_ARN =
  /^arn:([a-z-]+):artifact:([a-z0-9-]+):(\d{12}):compliance-inquiry\/(compliance-inquiry-[a-zA-Z0-9]{16})$/;

/** The caller's inquiry the ARN names; another account's or Region's is not found, as it is for that caller. */
async function inquiryOf(ctx: RequestContext, arn: string): Promise<InquiryRow> {
  const m = INQUIRY_ARN.exec(arn);
  if (m === null) {
    throw validation(
      'resourceArn: only compliance inquiries (…:compliance-inquiry/<id>) take tags',
      'fieldValidationFailed',
    );
  }
  const [, partition, region, account, id] = m;
  if (partition !== ctx.partition || region !== ctx.region || account !== ctx.identity.accountId) {
    throw inquiryNotFound(id!);
  }
  return findInquiry(ctx, id!);
}

/**
 * Changes the inquiry's tags in one transaction, its row locked on PostgreSQL (SQLite runs one writer at a time), so
 * two concurrent tag calls cannot lose each other's change.
 */
async function changeTags(
  ctx: RequestContext,
  row: InquiryRow,
  change: (tags: Record<string, string>) => Record<string, string>,
): Promise<void> {
  await ctx.runtime.store.db.transaction().execute(async (tx) => {
    let read = accountScope(tx, ctx.identity.accountId)
      .selectFrom('artifact_compliance_inquiries')
      .select('tags')
      .where('region', '=', ctx.region)
      .where('id', '=', row.id);
    if (ctx.runtime.store.dialect === 'postgres') read = read.forUpdate();
    const current = await read.executeTakeFirst();
    if (current === undefined) throw inquiryNotFound(row.id);
    const tags = change(JSON.parse(current.tags) as Record<string, string>);
    await accountScope(tx, ctx.identity.accountId)
      .updateTable('artifact_compliance_inquiries')
      .set({ tags: JSON.stringify(tags) })
      .where('region', '=', ctx.region)
      .where('id', '=', row.id)
      .execute();
  });
}

export async function tagResource(
  ctx: RequestContext,
  input: { resourceArn: string; tags: Record<string, string> },
): Promise<Record<string, never>> {
  const row = await inquiryOf(ctx, input.resourceArn);
  checkTags(input.tags);
  await changeTags(ctx, row, (tags) => {
    const merged = { ...tags, ...input.tags };
    checkTags(merged);
    return merged;
  });
  return {};
}

export async function untagResource(
  ctx: RequestContext,
  input: { resourceArn: string; tagKeys: string[] },
): Promise<Record<string, never>> {
  const row = await inquiryOf(ctx, input.resourceArn);
  const remove = new Set(input.tagKeys);
  await changeTags(ctx, row, (tags) => Object.fromEntries(Object.entries(tags).filter(([k]) => !remove.has(k))));
  return {};
}

export async function listTagsForResource(
  ctx: RequestContext,
  input: { resourceArn: string },
): Promise<ListTagsForResourceResponse> {
  return { tags: tagsOf(await inquiryOf(ctx, input.resourceArn)) };
}
