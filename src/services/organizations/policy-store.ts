// Reading policies and attachments: customer policies of an org plus AWS's managed ones, and targets' views.
import type { PolicyTargetSummary } from '../../aws/generated/organizations.js';
import { policyNotFound, targetNotFound } from './errors.js';
import type { Db, EntityKind, OrgRecord } from './org-context.js';
import { entityKind } from './org-context.js';
import { accountArn, ouArn, rootArn } from './ids.js';
import type { PolicyRecord } from './views.js';
import { AWS_MANAGED_POLICIES, policyRecord } from './views.js';

export async function findPolicy(db: Db, org: OrgRecord, policyId: string): Promise<PolicyRecord> {
  const managed = AWS_MANAGED_POLICIES.find((p) => p.id === policyId);
  if (managed) return managed;
  const row = await db
    .selectFrom('org_policies')
    .selectAll()
    .where('id', '=', policyId)
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  if (!row) throw policyNotFound();
  return policyRecord(row);
}

/** Every policy of a type visible to the organization: AWS's managed ones first, then the org's by name. */
export async function policiesOfType(db: Db, org: OrgRecord, type: string): Promise<PolicyRecord[]> {
  const rows = await db
    .selectFrom('org_policies')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('type', '=', type)
    .orderBy('name')
    .execute();
  return [...AWS_MANAGED_POLICIES.filter((p) => p.type === type), ...rows.map(policyRecord)];
}

/** Ids of the policies of a type attached to a target, in a stable order. */
export async function attachedPolicyIds(db: Db, org: OrgRecord, targetId: string, type?: string): Promise<string[]> {
  let query = db
    .selectFrom('org_policy_attachments')
    .select('policy_id')
    .where('org_id', '=', org.id)
    .where('target_id', '=', targetId);
  if (type !== undefined) query = query.where('policy_type', '=', type);
  return (await query.orderBy('policy_id').execute()).map((r) => r.policy_id);
}

export async function requireTarget(db: Db, org: OrgRecord, targetId: string): Promise<EntityKind> {
  const kind = await entityKind(db, org, targetId);
  if (!kind) throw targetNotFound();
  return kind;
}

export async function targetSummary(db: Db, org: OrgRecord, targetId: string): Promise<PolicyTargetSummary> {
  const kind = await entityKind(db, org, targetId);
  if (kind === 'ROOT') return { TargetId: targetId, Arn: rootArn(org.scope, targetId), Name: 'Root', Type: 'ROOT' };
  if (kind === 'ORGANIZATIONAL_UNIT') {
    const ou = await db.selectFrom('org_units').select('name').where('id', '=', targetId).executeTakeFirstOrThrow();
    return { TargetId: targetId, Arn: ouArn(org.scope, targetId), Name: ou.name, Type: 'ORGANIZATIONAL_UNIT' };
  }
  const account = await db.selectFrom('accounts').select('name').where('id', '=', targetId).executeTakeFirst();
  return { TargetId: targetId, Arn: accountArn(org.scope, targetId), Name: account?.name ?? '', Type: 'ACCOUNT' };
}
