// The caller's policies compiled once and reused per principal until the account's policy epoch moves.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import { compilePolicy, PolicySet, type CompiledPolicy } from '../policy/index.js';
import type { Database } from '../store/schema.js';
import {
  loadManagedPolicyDocument,
  loadRolePolicies,
  loadUserPolicies,
} from '../services/iam/policies/principal-policies.js';
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
  /**
   * The user or role the caller's credentials belong to (by unique id) no longer exists: a session that outlived
   * its role or user. It holds no policy, and nothing granted to the principal's ARN (now perhaps another
   * principal's) reaches it: KMS grants must not either (see kms-keys.ts).
   */
  readonly orphaned: boolean;
}

export function compileRefs(refs: readonly PolicyDocumentRef[]): CompiledPolicy[] {
  return refs.map((r) => compilePolicy(r.document, r.id));
}

/**
 * Whose stored policies a caller carries: a user's, a role's (sessions), or none (root); by name and by unique id
 * (AIDA... / AROA...), the id the credentials were issued to.
 */
export type PolicyOwner =
  { kind: 'user'; name: string; id: string } | { kind: 'role'; name: string; arn: string; id: string } | undefined;

const ROLE_NAME = /:role\/(?:.*\/)?([^/]+)$/;

export function policyOwnerOf(identity: CallerIdentity): PolicyOwner {
  if (identity.type === 'IAMUser' && identity.userName) {
    return { kind: 'user', name: identity.userName, id: identity.principalId };
  }
  const issuer = identity.session?.issuer;
  if (issuer?.type === 'Role') {
    const name = ROLE_NAME.exec(issuer.arn)?.[1];
    if (name) return { kind: 'role', name, arn: issuer.arn, id: issuer.principalId };
  }
  if (issuer?.type === 'IAMUser' && issuer.userName) {
    return { kind: 'user', name: issuer.userName, id: issuer.principalId };
  }
  return undefined;
}

/**
 * The session policy of a role session whose role is gone: a policy with no statement. Session policies limit
 * what a resource policy grants to the role's ARN (and, for a role session, to the session itself), so with it a
 * key policy, trust policy or other resource policy naming `role/<name>` (a new role of that name, or a stale
 * grant) allows the orphaned session nothing, while its denial still reads "no identity-based policy allows".
 */
const ORPHANED_SESSION_POLICY = '{"Version":"2012-10-17","Statement":[]}';

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

/**
 * Loads the caller's policies, bound to the unique id its credentials were issued to. IAM keys a principal by its
 * unique id, not its name: a user or role deleted and created again under the same name is a new principal with a
 * new id (IAM User Guide, "IAM identifiers", unique identifiers), and a session's permissions "are evaluated each
 * time they are used to make an AWS request. Once you remove all permissions from the credentials, AWS requests
 * that use them fail" (IAM User Guide, "Disabling permissions for temporary security credentials"); DeleteRole
 * and DeleteUser require every policy removed first. So a session of a deleted role or user keeps authenticating
 * (GetCallerIdentity answers), holds no permission, and each authorized call is AccessDenied, never the new
 * principal's permissions.
 */
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
  let orphaned = false;
  if (owner?.kind === 'user') {
    const [policies, user] = await Promise.all([
      loadUserPolicies(db, accountId, owner.name, identity.partition, owner.id),
      dir.user(owner.name),
    ]);
    identityRefs = policies.identity;
    boundaryRef = policies.boundary;
    orphaned = !policies.found;
    if (!orphaned) tags = user?.tags ?? {};
  } else if (owner?.kind === 'role') {
    const [policies, role] = await Promise.all([
      loadRolePolicies(db, accountId, owner.name, identity.partition, owner.id),
      dir.role(owner.name),
    ]);
    identityRefs = policies.identity;
    boundaryRef = policies.boundary;
    orphaned = !policies.found;
    if (!orphaned) tags = role?.tags ?? {};
  }
  const sessionTags = identity.session?.tags;
  if (sessionTags) tags = { ...tags, ...sessionTags };
  const session =
    orphaned && identity.type === 'AssumedRole'
      ? new PolicySet([compilePolicy(ORPHANED_SESSION_POLICY, 'SessionPolicy')])
      : await sessionPolicies(db, identity);
  return {
    identity: new PolicySet(compileRefs(identityRefs)),
    boundary: boundaryRef ? new PolicySet(compileRefs([boundaryRef])) : undefined,
    session,
    tags,
    orphaned,
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
