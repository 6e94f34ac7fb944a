// Where an organization's SCPs and RCPs join every decision: the runtime's organizations, cached per epoch.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { OrganizationPolicies } from '../core/authorization.js';
import type { Runtime } from '../core/runtime.js';
import type { Database } from '../store/schema.js';
import { currentOrganizationsEpoch, readOrgEpoch } from './policy-epoch.js';

export type { OrganizationPolicies } from '../core/authorization.js';

interface Entry {
  readonly epoch: string;
  readonly value: Promise<OrganizationPolicies | undefined>;
}

const ACCOUNTS = 10_000;
let cache = new WeakMap<Kysely<Database>, Map<string, Entry>>();

/** An account's guardrails from the organizations store, reloaded only when the organizations epoch moved. */
function cachedGuardrails(
  runtime: Pick<Runtime, 'store'> & { readonly organizations: NonNullable<Runtime['organizations']> },
  accountId: string,
  epoch: string,
): Promise<OrganizationPolicies | undefined> {
  const db = runtime.store.db;
  let perStore = cache.get(db);
  if (perStore === undefined) cache.set(db, (perStore = new Map()));
  const hit = perStore.get(accountId);
  if (hit !== undefined && hit.epoch === epoch) return hit.value;
  const entry: Entry = { epoch, value: runtime.organizations.guardrails(db, accountId) };
  perStore.delete(accountId);
  perStore.set(accountId, entry);
  if (perStore.size > ACCOUNTS) perStore.delete(perStore.keys().next().value!);
  const store = perStore;
  entry.value.catch(() => {
    if (store.get(accountId) === entry) store.delete(accountId);
  });
  return entry.value;
}

/**
 * The guardrails over an account, or undefined when it is in no organization (or the runtime has no organizations).
 * Called on every authorized request: with the caller's identity the epoch authentication read is reused; without
 * it (simulation) the epoch is read.
 */
export async function organizationPolicies(
  runtime: Pick<Runtime, 'store' | 'organizations'>,
  accountId: string,
  identity?: CallerIdentity,
): Promise<OrganizationPolicies | undefined> {
  const organizations = runtime.organizations;
  if (!organizations) return undefined;
  const db = runtime.store.db;
  const epoch = identity ? await currentOrganizationsEpoch(db, identity) : await readOrgEpoch(db);
  return cachedGuardrails({ store: runtime.store, organizations }, accountId, epoch);
}

/** Forgets every cached guardrail (tests). */
export function clearOrganizationGuardrails(): void {
  cache = new WeakMap();
}
