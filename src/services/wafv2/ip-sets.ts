// IP sets: Create/Get/Update/Delete/List, addresses validated and normalized per the set's IP version.
import type {
  CreateIPSetRequest,
  CreateIPSetResponse,
  DeleteIPSetRequest,
  DeleteIPSetResponse,
  GetIPSetRequest,
  GetIPSetResponse,
  IPSet,
  ListIPSetsRequest,
  ListIPSetsResponse,
  UpdateIPSetRequest,
  UpdateIPSetResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { normalizeAddresses } from './addresses.js';
import { checkScope } from './arns.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import {
  assertUnreferenced,
  deleteResource,
  insertResource,
  listResources,
  lockedResource,
  requireResource,
  summaryOf,
  updateResource,
} from './resources.js';
import { writeTags } from './tags.js';

export async function createIPSet(ctx: RequestContext, input: CreateIPSetRequest): Promise<CreateIPSetResponse> {
  checkScope(ctx, input.Scope);
  const addresses = normalizeAddresses(input.IPAddressVersion, input.Addresses);
  return mutateWaf(ctx, async (trx) => {
    const made = await insertResource(trx, ctx, {
      kind: 'ipset',
      scope: input.Scope,
      name: input.Name,
      description: input.Description,
      capacity: null,
      body: (id, arn) => ({
        Name: input.Name,
        Id: id,
        ARN: arn,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        IPAddressVersion: input.IPAddressVersion,
        Addresses: addresses,
      }),
    });
    await writeTags(trx, ctx.identity.accountId, made.arn, input.Tags ?? [], []);
    ctx.audit.resources = [{ ARN: made.arn, accountId: ctx.identity.accountId, type: 'AWS::WAFv2::IPSet' }];
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

export async function getIPSet(ctx: RequestContext, input: GetIPSetRequest): Promise<GetIPSetResponse> {
  checkScope(ctx, input.Scope);
  const row = await requireResource(ctx.runtime.store.db, ctx, 'ipset', input);
  return { IPSet: JSON.parse(row.body) as IPSet, LockToken: row.lock_token };
}

export async function updateIPSet(ctx: RequestContext, input: UpdateIPSetRequest): Promise<UpdateIPSetResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'ipset', input, input.LockToken);
    const old = JSON.parse(row.body) as IPSet;
    const body: IPSet = {
      Name: old.Name,
      Id: old.Id,
      ARN: old.ARN,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      IPAddressVersion: old.IPAddressVersion,
      Addresses: normalizeAddresses(old.IPAddressVersion, input.Addresses),
    };
    const next = await updateResource(trx, ctx, row, { ...body }, input.Description, null);
    return { NextLockToken: next };
  });
}

export async function deleteIPSet(ctx: RequestContext, input: DeleteIPSetRequest): Promise<DeleteIPSetResponse> {
  checkScope(ctx, input.Scope);
  return mutateWaf(ctx, async (trx) => {
    const row = await lockedResource(trx, ctx, 'ipset', input, input.LockToken);
    await assertUnreferenced(trx, ctx.identity.accountId, row.arn);
    await deleteResource(trx, ctx, row);
    return {};
  });
}

export async function listIPSets(ctx: RequestContext, input: ListIPSetsRequest): Promise<ListIPSetsResponse> {
  checkScope(ctx, input.Scope);
  const rows = await listResources(ctx.runtime.store.db, ctx, 'ipset', input.Scope);
  const page = pageOf(ctx, rows.map(summaryOf), { ...input });
  return { IPSets: page.items, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
}
