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
