// Where AWS Organizations' SCPs and RCPs join every decision: a replaceable provider, Organizations' by default.
import type { CallerIdentity } from '../aws/identity.js';
import type { OrgPolicyLevel } from '../policy/index.js';
import type { Runtime } from '../core/runtime.js';
import { readOrgEpoch } from '../services/organizations/epoch.js';
import { organizationGuardrails } from './organization-guardrails.js';
import { currentOrganizationsEpoch } from './policy-epoch.js';

/** The organization's guardrails over one account. */
export interface OrganizationPolicies {
  /** SCPs from the organization root down to the account; each level must allow. */
  readonly scps?: readonly OrgPolicyLevel[];
  /** RCPs over the account's resources, root to account. */
  readonly rcps?: readonly OrgPolicyLevel[];
  /** Principals of the management account are not restricted by SCPs. */
  readonly isManagementAccount: boolean;
  /** aws:PrincipalOrgID: the organization's id (`o-...`). */
  readonly orgId?: string;
  /** aws:PrincipalOrgPaths: `o-.../r-.../ou-.../`. */
  readonly orgPath?: string;
}

/**
 * Returns the guardrails of an account, or undefined when the account is in no organization. It is called on every
 * authorized request: `epoch` is Organizations' current epoch, which a cache is keyed by.
 */
export type OrganizationPolicyProvider = (
  runtime: Runtime,
  accountId: string,
  epoch: string,
) => Promise<OrganizationPolicies | undefined>;

let provider: OrganizationPolicyProvider | undefined = organizationGuardrails;

/** Replaces the provider (tests; undefined: no account is in an organization). */
export function setOrganizationPolicyProvider(next: OrganizationPolicyProvider | undefined): void {
  provider = next;
}

/**
 * The guardrails over an account. With the caller's identity the epoch authentication read is reused; without it
 * (simulation) the epoch is read.
 */
export async function organizationPolicies(
  runtime: Runtime,
  accountId: string,
  identity?: CallerIdentity,
): Promise<OrganizationPolicies | undefined> {
  if (!provider) return undefined;
  const db = runtime.store.db;
  const epoch = identity ? await currentOrganizationsEpoch(db, identity) : await readOrgEpoch(db);
  return provider(runtime, accountId, epoch);
}
