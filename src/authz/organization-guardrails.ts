// Organizations' guardrails over an account (its SCP and RCP levels), compiled once per Organizations epoch.
import type { Kysely } from 'kysely';
import { compilePolicy, type OrgPolicyLevel } from '../policy/index.js';
import type { Runtime } from '../core/runtime.js';
import { loadGuardrails, type GuardrailLevel } from '../services/organizations/guardrails.js';
import type { Database } from '../store/schema.js';
import type { OrganizationPolicies } from './organization-policies.js';

interface Entry {
  readonly epoch: string;
  readonly value: Promise<OrganizationPolicies | undefined>;
}

const ACCOUNTS = 10_000;
let cache = new WeakMap<Kysely<Database>, Map<string, Entry>>();

function levels(list: readonly GuardrailLevel[]): OrgPolicyLevel[] {
  return list.map((level) => ({
    id: level.id,
    // Compiled under its ARN: AWS's denial names the SCP or RCP that denied by it.
    policies: level.policies.map((p) => compilePolicy(p.document, p.arn)),
  }));
}

async function load(db: Kysely<Database>, accountId: string): Promise<OrganizationPolicies | undefined> {
  const g = await loadGuardrails(db, accountId);
  if (!g) return undefined;
  const scps = levels(g.scps);
  const rcps = levels(g.rcps);
  return {
    ...(scps.length > 0 ? { scps } : {}),
    ...(rcps.length > 0 ? { rcps } : {}),
    isManagementAccount: g.isManagementAccount,
    orgId: g.orgId,
    orgPath: g.path,
  };
}

/** The provider authorize uses: Organizations' guardrails, reloaded only when Organizations' epoch moved. */
export function organizationGuardrails(
  runtime: Runtime,
  accountId: string,
  epoch: string,
): Promise<OrganizationPolicies | undefined> {
  const db = runtime.store.db;
  let perStore = cache.get(db);
  if (perStore === undefined) cache.set(db, (perStore = new Map()));
  const hit = perStore.get(accountId);
  if (hit !== undefined && hit.epoch === epoch) return hit.value;
  const entry: Entry = { epoch, value: load(db, accountId) };
  perStore.delete(accountId);
  perStore.set(accountId, entry);
  if (perStore.size > ACCOUNTS) perStore.delete(perStore.keys().next().value!);
  const store = perStore;
  entry.value.catch(() => {
    if (store.get(accountId) === entry) store.delete(accountId);
  });
  return entry.value;
}

/** Forgets every cached guardrail (tests). */
export function clearOrganizationGuardrails(): void {
  cache = new WeakMap();
}
