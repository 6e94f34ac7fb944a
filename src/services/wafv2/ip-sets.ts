// IP sets: Create/Get/Update/Delete/List, addresses validated and normalized per the set's IP version.
import type {
  CreateIPSetRequest,
  CreateIPSetResponse,
  DeleteIPSetRequest,
  DeleteIPSetResponse,
  GetIPSetRequest,
  GetIPSetResponse,
  IPAddressVersion,
  IPSet,
  ListIPSetsRequest,
  ListIPSetsResponse,
  UpdateIPSetRequest,
  UpdateIPSetResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { normalizeAddresses } from './addresses.js';
import { createStored, deleteStored, listStored, readStored, updateStored } from './stored-resources.js';

/** The set as Get returns it; the IP version is fixed at creation. */
function bodyOf(
  names: { Name: string; Id: string; ARN: string; Description: string | undefined },
  version: IPAddressVersion,
  addresses: string[],
): IPSet {
  return {
    Name: names.Name,
    Id: names.Id,
    ARN: names.ARN,
    ...(names.Description !== undefined ? { Description: names.Description } : {}),
    IPAddressVersion: version,
    Addresses: addresses,
  };
}

export async function createIPSet(ctx: RequestContext, input: CreateIPSetRequest): Promise<CreateIPSetResponse> {
  const { Name, Description, IPAddressVersion: version } = input;
  return createStored(
    ctx,
    'ipset',
    input,
    async () => {
      const addresses = normalizeAddresses(version, input.Addresses);
      return { capacity: null, body: (Id, ARN) => bodyOf({ Name, Id, ARN, Description }, version, addresses) };
    },
    'AWS::WAFv2::IPSet',
  );
}

export async function getIPSet(ctx: RequestContext, input: GetIPSetRequest): Promise<GetIPSetResponse> {
  const row = await readStored(ctx, 'ipset', input);
  return { IPSet: JSON.parse(row.body) as IPSet, LockToken: row.lock_token };
}

export async function updateIPSet(ctx: RequestContext, input: UpdateIPSetRequest): Promise<UpdateIPSetResponse> {
  return updateStored(ctx, 'ipset', input, async (_trx, row) => {
    const old = JSON.parse(row.body) as IPSet;
    const addresses = normalizeAddresses(old.IPAddressVersion, input.Addresses);
    return {
      capacity: null,
      body: bodyOf({ ...old, Description: input.Description }, old.IPAddressVersion, addresses),
    };
  });
}

export async function deleteIPSet(ctx: RequestContext, input: DeleteIPSetRequest): Promise<DeleteIPSetResponse> {
  return deleteStored(ctx, 'ipset', input);
}

export async function listIPSets(ctx: RequestContext, input: ListIPSetsRequest): Promise<ListIPSetsResponse> {
  const { items, ...next } = await listStored(ctx, 'ipset', input);
  return { IPSets: items, ...next };
}
