// Managed policy rows: lookup by ARN with IAM's not-found wording, usage counts, and the Policy shape IAM returns.
import type { Kysely } from 'kysely';
import type { Policy, Tag } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { awsManagedDenied, policyNotFound } from '../errors.js';
import { inPartition, isAwsManaged, resolvePolicyArn, type PolicyArnRef } from './arns.js';
import type { IamPoliciesTable } from '../tables.js';
import { accountScope } from '../../../store/account-scope.js';

export type PolicyRow = IamPoliciesTable;

/** How often a policy is used in one account: attached as a permissions policy, and set as a boundary. */
export interface PolicyUsage {
  attachments: number;
  boundaries: number;
}

export async function findPolicy(db: Kysely<Database>, storedArn: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('iam_policies').selectAll().where('arn', '=', storedArn).executeTakeFirst();
}

/**
 * The policy an ARN names if the caller's account can see it (its own or an AWS-managed one), else undefined.
 * Text that is not an ARN throws ValidationError.
 */
export async function visiblePolicy(
  db: Kysely<Database>,
  ctx: RequestContext,
  arnText: string,
): Promise<{ ref: PolicyArnRef; row: PolicyRow } | undefined> {
  const ref = resolvePolicyArn(arnText, ctx.partition);
  if (!ref || (ref.owner !== ctx.identity.accountId && !isAwsManaged(ref))) return undefined;
  const row = await findPolicy(db, ref.stored);
  return row && { ref, row };
}

/** visiblePolicy, or "Policy arn:... was not found." */
export async function requirePolicy(
  db: Kysely<Database>,
  ctx: RequestContext,
  arnText: string,
): Promise<{ ref: PolicyArnRef; row: PolicyRow }> {
  const found = await visiblePolicy(db, ctx, arnText);
  if (!found) throw policyNotFound(arnText);
  return found;
}

/** requirePolicy for writes: AWS-managed policies answer AccessDenied. */
export async function requireOwnPolicy(
  db: Kysely<Database>,
  ctx: RequestContext,
  arnText: string,
): Promise<{ ref: PolicyArnRef; row: PolicyRow }> {
  const found = await requirePolicy(db, ctx, arnText);
  if (isAwsManaged(found.ref)) throw awsManagedDenied(ctx, arnText);
  return found;
}

/**
 * Inside a transaction: takes the policy row's lock (a no-op update) and re-reads it, so writers that check the
 * version quota or the attachment state of one policy run one after the other on PostgreSQL as on SQLite.
 */
export async function lockPolicy(trx: Kysely<Database>, storedArn: string): Promise<PolicyRow | undefined> {
  await trx
    .updateTable('iam_policies')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('arn', '=', storedArn)
    .execute();
  return findPolicy(trx, storedArn);
}

/** Attachment and boundary counts in one account for the given stored ARNs (all ARNs when omitted). */
export async function policyUsage(
  db: Kysely<Database>,
  accountId: string,
  storedArns?: string[],
): Promise<Map<string, PolicyUsage>> {
  const usage = new Map<string, PolicyUsage>();
  const entry = (arn: string): PolicyUsage => {
    let u = usage.get(arn);
    if (!u) usage.set(arn, (u = { attachments: 0, boundaries: 0 }));
    return u;
  };
  if (storedArns && storedArns.length === 0) return usage;
  let attached = accountScope(db, accountId)
    .selectFrom('iam_attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('policy_arn');
  if (storedArns) attached = attached.where('policy_arn', 'in', storedArns);
  for (const r of await attached.execute()) entry(r.policy_arn).attachments += Number(r.n);
  for (const table of ['iam_users', 'iam_roles'] as const) {
    let bounded = accountScope(db, accountId)
      .selectFrom(table)
      .select(['permissions_boundary_arn', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('permissions_boundary_arn', 'is not', null)
      .groupBy('permissions_boundary_arn');
    if (storedArns) bounded = bounded.where('permissions_boundary_arn', 'in', storedArns);
    for (const r of await bounded.execute()) entry(r.permissions_boundary_arn as string).boundaries += Number(r.n);
  }
  return usage;
}

/**
 * The Policy structure as IAM returns it. GetPolicy shows Description and Tags, CreatePolicy only Tags;
 * ListPolicies leaves both out (pass neither).
 */
export function toPolicy(
  ctx: RequestContext,
  row: PolicyRow,
  usage: PolicyUsage | undefined,
  extra: { description?: boolean; tags?: Tag[] } = {},
): Policy {
  const policy: Policy = {
    PolicyName: row.policy_name,
    PolicyId: row.policy_id,
    Arn: inPartition(row.arn, ctx.partition),
    Path: row.path,
    DefaultVersionId: row.default_version_id,
    AttachmentCount: usage?.attachments ?? 0,
    PermissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    IsAttachable: true,
    CreateDate: new Date(Number(row.created_at)),
    UpdateDate: new Date(Number(row.updated_at)),
  };
  if (extra.description && row.description !== null) policy.Description = row.description;
  if (extra.tags && extra.tags.length > 0) policy.Tags = extra.tags;
  return policy;
}

/** Policy documents leave IAM percent-encoded (RFC 3986), as GetPolicyVersion and Get*Policy return them. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}
