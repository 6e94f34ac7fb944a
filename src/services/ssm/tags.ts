// Tags of managed instances: AddTagsToResource, RemoveTagsFromResource and ListTagsForResource (ResourceType
// ManagedInstance; Warden holds no other taggable Systems Manager resource, so any other is a resource not found).
import type {
  AddTagsToResourceRequest,
  ListTagsForResourceRequest,
  RemoveTagsFromResourceRequest,
} from '../../aws/generated/ssm.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { managedInstanceArn } from './arns.js';
import { invalidParameters, ssmError } from './errors.js';
import { parseTagList, type Tag } from './instance-tags.js';

/** AWS: "Most resources can have a maximum of 50 tags" (AddTagsToResource). */
export const MAX_TAGS = 50;
export const MANAGED_INSTANCE_ID = /^mi-[0-9a-f]{17}$/;

/** AWS answers a resource it does not find with the bare code: `{"__type":"InvalidResourceId"}`. */
const invalidResourceId = () => ssmError('InvalidResourceId', '');
const tooManyTags = () => ssmError('TooManyTagsError', '');

/** The managed instance the request names, checked as AWS checks it: the id's format, then that it exists. */
function instanceIdOf(input: { ResourceType: string; ResourceId: string }): string {
  if (input.ResourceType !== 'ManagedInstance') throw invalidResourceId();
  if (!MANAGED_INSTANCE_ID.test(input.ResourceId)) {
    throw ssmError(
      'ValidationException',
      'resourceId should be in format mi-[0-9a-f]{17} for resource type ManagedInstance',
    );
  }
  return input.ResourceId;
}

function recordResource(ctx: RequestContext, instanceId: string): void {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [
    {
      ARN: managedInstanceArn(ctx.partition, ctx.region, accountId, instanceId),
      accountId,
      type: 'AWS::SSM::ManagedInstance',
    },
  ];
}

/**
 * Changes an instance's tags in one transaction, its row locked on PostgreSQL (SQLite runs one writer at a time), so
 * two concurrent tag calls each see the other's change: they wait for each other rather than answer TooManyUpdates.
 */
async function changeTags(ctx: RequestContext, instanceId: string, change: (tags: Tag[]) => Tag[]): Promise<void> {
  const store = ctx.runtime.store;
  await store.db.transaction().execute(async (tx) => {
    const scope = accountScope(tx, ctx.identity.accountId);
    let read = scope
      .selectFrom('ssm_managed_instances')
      .select('tags')
      .where('region', '=', ctx.region)
      .where('instance_id', '=', instanceId);
    if (store.dialect === 'postgres') read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (row === undefined) throw invalidResourceId();
    const tags = change(parseTagList(row.tags));
    await scope
      .updateTable('ssm_managed_instances')
      .set({ tags: JSON.stringify(tags) })
      .where('region', '=', ctx.region)
      .where('instance_id', '=', instanceId)
      .execute();
  });
}

export async function addTagsToResource(ctx: RequestContext, input: AddTagsToResourceRequest) {
  const instanceId = instanceIdOf(input);
  for (const t of input.Tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw invalidParameters('Tag keys beginning with aws: are reserved for AWS use.');
    }
  }
  await changeTags(ctx, instanceId, (tags) => {
    // Adds or overwrites: a key already there keeps its place with the new value; a key given twice, the last value.
    const merged = new Map(tags.map((t) => [t.Key, t.Value]));
    for (const t of input.Tags) merged.set(t.Key, t.Value);
    if (merged.size > MAX_TAGS) throw tooManyTags();
    return [...merged].map(([Key, Value]) => ({ Key, Value }));
  });
  recordResource(ctx, instanceId);
  return {};
}

export async function removeTagsFromResource(ctx: RequestContext, input: RemoveTagsFromResourceRequest) {
  const instanceId = instanceIdOf(input);
  const remove = new Set(input.TagKeys);
  await changeTags(ctx, instanceId, (tags) => tags.filter((t) => !remove.has(t.Key)));
  recordResource(ctx, instanceId);
  return {};
}

export async function listTagsForResource(ctx: RequestContext, input: ListTagsForResourceRequest) {
  const instanceId = instanceIdOf(input);
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('ssm_managed_instances')
    .select('tags')
    .where('region', '=', ctx.region)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (row === undefined) throw invalidResourceId();
  recordResource(ctx, instanceId);
  return { TagList: parseTagList(row.tags) };
}
