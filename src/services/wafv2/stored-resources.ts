// The handler steps WAF's four resource kinds share: create with tags, get, update and delete under the LockToken, list.
import type { Kysely } from 'kysely';
import type { Scope, Tag } from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import type { Database } from '../../store/schema.js';
import { checkScope, parseWafArn, type Kind } from './arns.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import {
  assertUnreferenced,
  deleteResource,
  insertResource,
  listResources,
  lockedResource,
  requireResource,
  setReferences,
  summaryOf,
  updateResource,
} from './resources.js';
import { writeTags } from './tags.js';
import type { Wafv2ResourcesTable } from './tables.js';

type Trx = Kysely<Database>;
type Summary = ReturnType<typeof summaryOf>;

/** What a write stores besides the names: WCU capacity (null for sets) and, for rules, the ARNs they reference. */
interface Content {
  capacity: number | null;
  references?: readonly string[];
}

interface Named {
  Name: string;
  Scope: Scope;
  Id: string;
}

/**
 * Create*: the scope checked first, then in one transaction `prepare` (validation that may read the store) and the
 * insert, references and tags. `auditType` names the new resource in the trail where the caller records it.
 */
export async function createStored(
  ctx: RequestContext,
  kind: Kind,
  input: { Name: string; Scope: Scope; Description?: string; Tags?: Tag[] },
  prepare: (trx: Trx) => Promise<Content & { body: (id: string, arn: string) => object }>,
  auditType?: string,
): Promise<{ Summary: Summary }> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const content = await prepare(trx);
    const made = await insertResource(trx, ctx, {
      kind,
      scope: input.Scope,
      name: input.Name,
      description: input.Description,
      capacity: content.capacity,
      body: (id, arn) => ({ ...content.body(id, arn) }),
    });
    if (content.references !== undefined)
      await setReferences(trx, ctx.identity.accountId, made.arn, content.references);
    await writeTags(trx, ctx.identity.accountId, made.arn, input.Tags ?? [], []);
    if (auditType !== undefined) {
      ctx.audit.resources = [{ ARN: made.arn, accountId: ctx.identity.accountId, type: auditType }];
    }
    return {
      Summary: {
        Name: input.Name,
        Id: made.id,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        LockToken: made.lockToken,
        ARN: made.arn,
      },
    };
  });
}

/** Get*: named by Name, Scope and Id, or (GetWebACL, GetRuleGroup) by ARN instead. */
export async function readStored(
  ctx: RequestContext,
  kind: Kind,
  input: { ARN?: string; Name?: string; Scope?: Scope; Id?: string },
): Promise<Wafv2ResourcesTable> {
  const key = input.ARN !== undefined ? parseWafArn(input.ARN) : undefined;
  if (input.ARN !== undefined && (key === undefined || key.kind !== kind)) throw nonexistent();
  const scope = key?.scope ?? input.Scope;
  if (scope === undefined) throw invalidParameter('SCOPE_VALUE', 'Scope', REASON.exactlyOne);
  checkScope(ctx, scope);
  const row = await requireResource(ctx.runtime.store.db, ctx, kind, {
    Name: key?.name ?? input.Name ?? '',
    Scope: scope,
    Id: key?.id ?? input.Id ?? '',
  });
  if (input.ARN !== undefined && row.arn !== input.ARN) throw nonexistent();
  return row;
}

/** Update*: the resource under its LockToken; `build` gives the new body from the stored row. */
export async function updateStored(
  ctx: RequestContext,
  kind: Kind,
  input: Named & { LockToken: string; Description?: string },
  build: (trx: Trx, row: Wafv2ResourcesTable) => Promise<Content & { body: object }>,
): Promise<{ NextLockToken: string }> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const key = { Name: input.Name, Scope: input.Scope, Id: input.Id };
    const row = await lockedResource(trx, ctx, kind, key, input.LockToken);
    const content = await build(trx, row);
    const next = await updateResource(trx, ctx, row, { ...content.body }, input.Description, content.capacity);
    if (content.references !== undefined) await setReferences(trx, ctx.identity.accountId, row.arn, content.references);
    return { NextLockToken: next };
  });
}

/** Refuses to delete what a web ACL or rule group still references. */
async function unreferenced(trx: Trx, accountId: string, row: Wafv2ResourcesTable): Promise<void> {
  await assertUnreferenced(trx, accountId, row.arn);
}

/** Delete*: the resource under its LockToken, once `inUse` (by default: nothing references it) has not refused. */
export async function deleteStored(
  ctx: RequestContext,
  kind: Kind,
  input: Named & { LockToken: string },
  inUse: (trx: Trx, accountId: string, row: Wafv2ResourcesTable) => Promise<void> = unreferenced,
): Promise<Record<string, never>> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, kind, input, input.LockToken);
    await inUse(trx, ctx.identity.accountId, row);
    await deleteResource(trx, ctx, row);
    return {};
  });
}

/** List*: a page of the scope's summaries, by name then Id; NextMarker only when more follow. */
export async function listStored(
  ctx: RequestContext,
  kind: Kind,
  input: { Scope: Scope; NextMarker?: string; Limit?: number },
): Promise<{ items: Summary[]; NextMarker?: string }> {
  checkScope(ctx, input.Scope);
  const rows = await listResources(ctx.runtime.store.db, ctx, kind, input.Scope);
  return pageOf(ctx, rows.map(summaryOf), { ...input });
}
