// ListAvailableManagedRuleGroups, DescribeManagedRuleGroup, ListAvailableManagedRuleGroupVersions over Warden's catalog.
import { AwsError } from '../../../aws/error.js';
import type {
  DescribeManagedRuleGroupRequest,
  DescribeManagedRuleGroupResponse,
  ListAvailableManagedRuleGroupVersionsRequest,
  ListAvailableManagedRuleGroupVersionsResponse,
  ListAvailableManagedRuleGroupsRequest,
  ListAvailableManagedRuleGroupsResponse,
} from '../../../aws/generated/wafv2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { pageOfList } from '../../../store/pagination.js';
import { MANAGED_RULE_GROUPS, findManagedGroup, lookupManagedRuleGroup } from './catalog.js';
import { availableLabels, consumedLabels } from './labels.js';

/** WAFv2's list operations answer 100 items when Limit is left out. */
const DEFAULT_LIMIT = 100;

/** The words AWS answers a managed group that does not exist with (as recorded in terraform-aws-wafv2 issue 23). */
function noSuchGroup(vendor: string, name: string): AwsError {
  return new AwsError(
    'WAFNonexistentItemException',
    `ManagedRules with name ${name} by vendor ${vendor} does not exist. Please check your inputs`,
  );
}

/** WAF's generic not-found message, for a version of a group that Warden does not ship. */
function noSuchItem(): AwsError {
  return new AwsError(
    'WAFNonexistentItemException',
    'AWS WAF couldn\u2019t perform the operation because your resource doesn\u2019t exist.',
  );
}

function invalidMarker(): AwsError {
  return new AwsError(
    'WAFInvalidParameterException',
    'Error reason: The parameter contains formatting that is not valid., field: NEXT_MARKER, parameter: NextMarker',
    {
      fields: {
        Field: 'NEXT_MARKER',
        Parameter: 'NextMarker',
        Reason: 'The parameter contains formatting that is not valid.',
      },
    },
  );
}

export async function listAvailableManagedRuleGroups(
  ctx: RequestContext,
  input: ListAvailableManagedRuleGroupsRequest,
): Promise<ListAvailableManagedRuleGroupsResponse> {
  const page = pageOfList(ctx, MANAGED_RULE_GROUPS, {
    token: input.NextMarker,
    limit: input.Limit ?? DEFAULT_LIMIT,
    filters: { Scope: input.Scope },
    errors: { invalid: invalidMarker },
  });
  return {
    ManagedRuleGroups: page.items.map((g) => ({
      VendorName: g.vendor,
      Name: g.name,
      VersioningSupported: g.versioningSupported,
      Description: g.description,
    })),
    ...(page.next !== undefined ? { NextMarker: page.next } : {}),
  };
}

export async function describeManagedRuleGroup(
  _ctx: RequestContext,
  input: DescribeManagedRuleGroupRequest,
): Promise<DescribeManagedRuleGroupResponse> {
  const found = lookupManagedRuleGroup(input.VendorName, input.Name, input.VersionName);
  if (!found.found) {
    throw found.reason === 'no-such-group' ? noSuchGroup(input.VendorName, input.Name) : noSuchItem();
  }
  const g = found.group;
  // No SnsTopicArn: Warden publishes no change notifications.
  return {
    ...(g.versionName !== undefined ? { VersionName: g.versionName } : {}),
    Capacity: g.capacity,
    Rules: g.rules.map((r) => ({ Name: r.Name, ...(r.Action ? { Action: r.Action } : {}) })),
    LabelNamespace: g.labelNamespace,
    AvailableLabels: availableLabels(g.rules).map((Name) => ({ Name })),
    ConsumedLabels: consumedLabels(g.rules).map((Name) => ({ Name })),
  };
}

export async function listAvailableManagedRuleGroupVersions(
  ctx: RequestContext,
  input: ListAvailableManagedRuleGroupVersionsRequest,
): Promise<ListAvailableManagedRuleGroupVersionsResponse> {
  const def = findManagedGroup(input.VendorName, input.Name);
  if (!def) throw noSuchGroup(input.VendorName, input.Name);
  // AWS lists versions newest first.
  const newestFirst = [...def.versions].reverse();
  const page = pageOfList(ctx, newestFirst, {
    token: input.NextMarker,
    limit: input.Limit ?? DEFAULT_LIMIT,
    filters: { VendorName: input.VendorName, Name: input.Name, Scope: input.Scope },
    errors: { invalid: invalidMarker },
  });
  return {
    Versions: page.items.map((v) => ({ Name: v.name, LastUpdateTimestamp: v.lastUpdated })),
    ...(def.defaultVersion !== undefined ? { CurrentDefaultVersion: def.defaultVersion } : {}),
    ...(page.next !== undefined ? { NextMarker: page.next } : {}),
  };
}
