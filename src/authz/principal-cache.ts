// The caller's policies compiled once and reused per principal until the account's policy epoch moves.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import { compilePolicy, PolicySet, type CompiledPolicy } from '../policy/index.js';
import type { Database } from '../store/schema.js';
import { loadManagedPolicyDocument, loadRolePolicies, loadUserPolicies } from '../services/iam/principal-policies.js';
import { accountDirectory, type Tags } from './iam-directory.js';

/** A stored policy document as principal-policies.ts hands it over. */
export interface PolicyDocumentRef {
  readonly id: string;
  readonly document: string | Readonly<Record<string, unknown>>;
}

/** Everything the engine needs about the caller, compiled. */
export interface PrincipalPolicies {
  /** Identity-based policies: inline and attached, the user's groups' too. */
  readonly identity: PolicySet;
  /** The permissions boundary, when one is attached. */
  readonly boundary: PolicySet | undefined;
  /** Session policies (role and federated sessions created with Policy/PolicyArns); undefined when none. */
  readonly session: PolicySet | undefined;
  /** aws:PrincipalTag values: the user's or role's tags, session tags over them. */
  readonly tags: Tags;
}

export function compileRefs(refs: readonly PolicyDocumentRef[]): CompiledPolicy[] {
  return refs.map((r) => compilePolicy(r.document, r.id));
}

/** Whose stored policies a caller carries: a user's, a role's (sessions), or none (root). */
export type PolicyOwner = { kind: 'user'; name: string } | { kind: 'role'; name: string; arn: string } | undefined;

const ROLE_NAME = /:role\/(?:.*\/)?([^/]+)$/;

export function policyOwnerOf(identity: CallerIdentity): PolicyOwner {
  if (identity.type === 'IAMUser' && identity.userName) return { kind: 'user', name: identity.userName };
  const issuer = identity.session?.issuer;
  if (issuer?.type === 'Role') {
    const name = ROLE_NAME.exec(issuer.arn)?.[1];
    if (name) return { kind: 'role', name, arn: issuer.arn };
  }
  if (issuer?.type === 'IAMUser' && issuer.userName) return { kind: 'user', name: issuer.userName };
  return undefined;
}

async function sessionPolicies(db: Kysely<Database>, identity: CallerIdentity): Promise<PolicySet | undefined> {
  const session = identity.session;
  if (!session || (session.policy === undefined && (session.policyArns ?? []).length === 0)) return undefined;
  const compiled: CompiledPolicy[] = [];
  for (const arn of session.policyArns ?? []) {
    const doc = await loadManagedPolicyDocument(db, arn);
    if (doc !== undefined) compiled.push(compilePolicy(doc, arn));
  }
  if (session.policy !== undefined) compiled.push(compilePolicy(session.policy, 'SessionPolicy'));
  return new PolicySet(compiled);
}

async function loadPrincipal(
  db: Kysely<Database>,
  identity: CallerIdentity,
  epoch: string,
): Promise<PrincipalPolicies> {
  const owner = policyOwnerOf(identity);
  const accountId = identity.accountId;
  const dir = accountDirectory(db, accountId, epoch);
  let identityRefs: readonly PolicyDocumentRef[] = [];
  let boundaryRef: PolicyDocumentRef | undefined;
  let tags: Tags = {};
  if (owner?.kind === 'user') {
    const [policies, user] = await Promise.all([
      loadUserPolicies(db, accountId, owner.name, identity.partition),
      dir.user(owner.name),
    ]);
    identityRefs = policies.identity;
    boundaryRef = policies.boundary;
    tags = user?.tags ?? {};
  } else if (owner?.kind === 'role') {
    const [policies, role] = await Promise.all([
      loadRolePolicies(db, accountId, owner.name, identity.partition),
      dir.role(owner.name),
    ]);
    identityRefs = policies.identity;
    boundaryRef = policies.boundary;
    tags = role?.tags ?? {};
  }
  const sessionTags = identity.session?.tags;
  if (sessionTags) tags = { ...tags, ...sessionTags };
  return {
    identity: new PolicySet(compileRefs(identityRefs)),
    boundary: boundaryRef ? new PolicySet(compileRefs([boundaryRef])) : undefined,
    session: await sessionPolicies(db, identity),
    tags,
  };
}

interface Entry {
  readonly epoch: string;
  readonly value: Promise<PrincipalPolicies>;
}

const LIMIT = 20_000;
let cache = new WeakMap<Kysely<Database>, Map<string, Entry>>();

/** A cache key that changes whenever what the caller's policies are made of could differ. */
function principalKey(identity: CallerIdentity): string {
  const s = identity.session;
  if (!s) return `${identity.type}|${identity.principalId}`;
  return [
    identity.type,
    identity.principalId,
    s.issuer?.arn ?? '',
    s.creationDate.getTime(),
    s.policy ?? '',
    (s.policyArns ?? []).join(','),
    JSON.stringify(s.tags ?? {}),
  ].join('|');
}

/**
 * The caller's compiled policies, loaded from the store on first use and after every IAM change in its account
 * (a moved epoch); otherwise a map lookup. Concurrent first requests share one load.
 */
export function principalPolicies(
  db: Kysely<Database>,
  identity: CallerIdentity,
  epoch: string,
): Promise<PrincipalPolicies> {
  let perStore = cache.get(db);
  if (perStore === undefined) cache.set(db, (perStore = new Map()));
  const key = principalKey(identity);
  const hit = perStore.get(key);
  if (hit !== undefined && hit.epoch === epoch) {
    // Most recently used last, so the oldest entry is the first one out.
    perStore.delete(key);
    perStore.set(key, hit);
    return hit.value;
  }
  const value = loadPrincipal(db, identity, epoch);
  const entry: Entry = { epoch, value };
  perStore.delete(key);
  perStore.set(key, entry);
  if (perStore.size > LIMIT) perStore.delete(perStore.keys().next().value!);
  const store = perStore;
  value.catch(() => {
    if (store.get(key) === entry) store.delete(key);
  });
  return value;
}

/** Forgets every compiled principal (tests). */
export function clearPrincipalCache(): void {
  cache = new WeakMap();
}
