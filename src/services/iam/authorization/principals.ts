// The caller's policies as IAM holds them, compiled for authorization: identity policies, boundary, session policies.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../../../aws/identity.js';
import type { PrincipalPolicies, Tags } from '../../../core/authorization.js';
import { compilePolicy, PolicySet, type CompiledPolicy } from '../../../policy/index.js';
import type { Database } from '../../../store/schema.js';
import { loadManagedPolicyDocument, loadRolePolicies, loadUserPolicies } from '../policies/principal-policies.js';
import { accountDirectory } from './directory.js';

/** A stored policy document as principal-policies.ts hands it over. */
interface PolicyDocumentRef {
  readonly id: string;
  readonly document: string | Readonly<Record<string, unknown>>;
}

function compileRefs(refs: readonly PolicyDocumentRef[]): CompiledPolicy[] {
  return refs.map((r) => compilePolicy(r.document, r.id));
}

/**
 * Whose stored policies a caller carries: a user's, a role's (sessions), or none (root); by name and by unique id
 * (AIDA... / AROA...), the id the credentials were issued to.
 */
type PolicyOwner =
  { kind: 'user'; name: string; id: string } | { kind: 'role'; name: string; arn: string; id: string } | undefined;

const ROLE_NAME = /:role\/(?:.*\/)?([^/]+)$/;

function policyOwnerOf(identity: CallerIdentity): PolicyOwner {
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
export async function loadPrincipalPolicies(
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
