// Grants: who a grant names, which operations it allows, and whether its encryption-context constraints hold.
import type { GrantConstraints, GrantListEntry } from '../../aws/generated/kms.js';
import type { KmsGrantsTable } from './tables.js';

/** Whether a grantee principal named in a grant covers the calling principal (role grants cover its sessions). */
export function granteeMatches(grantee: string, callerArn: string): boolean {
  if (grantee === callerArn) return true;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
  if (!session) return false;
  const [, partition, account, roleName] = session;
  const role = new RegExp(
    `^arn:${partition}:iam::${account}:role/(?:.*/)?${roleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
  );
  return role.test(grantee);
}

/** Whether the request's encryption context satisfies a grant's constraints. */
export function constraintsHold(
  constraints: GrantConstraints | null,
  context: Record<string, string> | undefined,
): boolean {
  if (!constraints) return true;
  const ctx = context ?? {};
  if (constraints.EncryptionContextEquals) {
    const want = constraints.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(ctx).length || keys.some((k) => ctx[k] !== want[k])) return false;
  }
  if (constraints.EncryptionContextSubset) {
    const want = constraints.EncryptionContextSubset;
    if (Object.entries(want).some(([k, v]) => ctx[k] !== v)) return false;
  }
  return true;
}

/**
 * Grant operations a grant's constraints do not bind: AWS applies encryption-context constraints to cryptographic
 * operations only, "not ... to management operations, such as DescribeKey or RetireGrant" (KMS API Reference,
 * GrantConstraints). CreateGrant is bound differently: see {@link narrowsGrant}. Every other operation is held to
 * the constraints (one without an encryption context cannot meet a non-empty one: fail closed).
 */
const UNCONSTRAINED_OPERATIONS = new Set(['DescribeKey', 'RetireGrant', 'CreateGrant']);

/** Whether a grant's constraints take part in deciding this operation. */
export function constraintsApply(operation: string): boolean {
  return !UNCONSTRAINED_OPERATIONS.has(operation);
}

/** The grant a CreateGrant request asks for, as a parent grant must cover it. */
export interface ChildGrant {
  readonly operations: readonly string[];
  readonly constraints: GrantConstraints | null;
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Every pair of `required` is among the pairs the child's constraints demand of every request's context. */
function demandsPairs(child: GrantConstraints, required: Readonly<Record<string, string>>): boolean {
  const demanded = { ...child.EncryptionContextSubset, ...child.EncryptionContextEquals };
  return Object.entries(required).every(([k, v]) => Object.hasOwn(demanded, k) && demanded[k] === v);
}

/**
 * Whether a grant (operations and constraints) may create `child` through its CreateGrant permission. KMS limits
 * principals who get CreateGrant from a grant: "the grant operations in the new grant must be a subset of the
 * operations in the parent grant", and a parent's constraint "requires that any grants created with the
 * CreateGrant permission have an equally strict or stricter encryption context constraint" (KMS Developer Guide,
 * "Granting CreateGrant permission"; API Reference, CreateGrant Constraints): a child may add pairs to an
 * EncryptionContextSubset or turn it into an EncryptionContextEquals, never the reverse, and must keep an
 * EncryptionContextEquals (and a SourceArn) exactly. So every context the child admits, the parent admits too.
 */
export function narrowsGrant(
  parentOperations: readonly string[],
  parentConstraints: GrantConstraints | null,
  child: ChildGrant,
): boolean {
  if (!child.operations.every((op) => parentOperations.includes(op))) return false;
  if (parentConstraints === null) return true;
  const constraints = child.constraints ?? {};
  const { EncryptionContextSubset: subset, EncryptionContextEquals: equals, SourceArn: sourceArn } = parentConstraints;
  if (subset !== undefined && !demandsPairs(constraints, subset)) return false;
  if (equals !== undefined) {
    if (constraints.EncryptionContextEquals === undefined) return false;
    if (!sameMap(constraints.EncryptionContextEquals, equals)) return false;
  }
  if (sourceArn !== undefined && constraints.SourceArn !== sourceArn) return false;
  return true;
}

export function grantEntry(row: KmsGrantsTable, partition: string): GrantListEntry {
  return {
    KeyId: row.key_arn,
    GrantId: row.grant_id,
    ...(row.name !== null ? { Name: row.name } : {}),
    CreationDate: new Date(row.created_at),
    GranteePrincipal: row.grantee_principal,
    ...(row.retiring_principal !== null ? { RetiringPrincipal: row.retiring_principal } : {}),
    IssuingAccount: `arn:${partition}:iam::${row.issuing_account}:root`,
    Operations: JSON.parse(row.operations),
    ...(row.constraints !== null ? { Constraints: JSON.parse(row.constraints) } : {}),
  };
}
