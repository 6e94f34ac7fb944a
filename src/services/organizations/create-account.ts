// CreateAccount's background step: an IN_PROGRESS request becomes a member account (or FAILED), exactly once.
import { sql } from 'kysely';
import type { Runtime } from '../../core/runtime.js';
import { newUniqueId } from '../../aws/ids.js';
import { bumpOrgEpoch, bumpPolicyEpoch } from '../../authz/policy-epoch.js';
import type { Db } from './org-context.js';
import { orgOfAccount } from './org-context.js';
import { attachDefaults } from './attachments.js';
import type { OrgCreateAccountStatusTable } from './tables.js';

export const ADMINISTRATOR_ACCESS_ARN = (partition: string) => `arn:${partition}:iam::aws:policy/AdministratorAccess`;

/** Whether any account of the deployment already uses email (AWS compares addresses without case). */
export async function emailInUse(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** The role the management account assumes to administer a member: AdministratorAccess, trusting the manager's root. */
export async function createAccessRole(
  db: Db,
  opts: { accountId: string; managementAccountId: string; roleName: string; partition: string; now: number },
): Promise<void> {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${opts.partition}:iam::${opts.managementAccountId}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  const nameLc = opts.roleName.toLowerCase();
  await db
    .insertInto('iam_roles')
    .values({
      account_id: opts.accountId,
      name_lc: nameLc,
      role_name: opts.roleName,
      role_id: newUniqueId('AROA'),
      path: '/',
      created_at: opts.now,
      assume_role_policy_document: JSON.stringify(trust),
      description: null,
      max_session_duration: 3600,
      permissions_boundary_arn: null,
      service_linked_to: null,
      last_used_at: null,
      last_used_region: null,
    })
    .execute();
  await db
    .insertInto('iam_attachments')
    .values({
      account_id: opts.accountId,
      entity_type: 'role',
      entity_lc: nameLc,
      policy_arn: ADMINISTRATOR_ACCESS_ARN(opts.partition),
    })
    .execute();
  await bumpPolicyEpoch(db, opts.accountId);
}

/** Completes one request if it is still IN_PROGRESS; a concurrent settler loses the conditional update and stops. */
async function settleOne(runtime: Runtime, request: OrgCreateAccountStatusTable, partition: string): Promise<void> {
  await runtime.store.transaction(async (trx) => {
    const now = Date.now();
    const claimed = await trx
      .updateTable('org_create_account_status')
      .set({ state: 'SUCCEEDED', completed_at: now })
      .where('id', '=', request.id)
      .where('state', '=', 'IN_PROGRESS')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const fail = (reason: string) =>
      trx
        .updateTable('org_create_account_status')
        .set({ state: 'FAILED', failure_reason: reason })
        .where('id', '=', request.id)
        .execute();
    const org = await trx
      .selectFrom('org_organizations')
      .select(['id', 'management_account_id'])
      .where('id', '=', request.org_id)
      .executeTakeFirst();
    if (!org) return void (await fail('INTERNAL_FAILURE'));
    // A failure decided when the request arrived (CONCURRENT_ACCOUNT_MODIFICATION) is reported now.
    if (request.failure_reason !== null) return void (await fail(request.failure_reason));
    if (await emailInUse(trx, request.email)) return void (await fail('EMAIL_ALREADY_EXISTS'));
    const record = await orgOfAccount(trx, org.management_account_id, partition);
    if (!record) return void (await fail('INTERNAL_FAILURE'));

    await trx
      .insertInto('accounts')
      .values({
        id: request.account_id,
        email: request.email,
        name: request.account_name,
        status: 'ACTIVE',
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('org_accounts')
      .values({
        account_id: request.account_id,
        org_id: org.id,
        parent_id: record.rootId,
        joined_method: 'CREATED',
        joined_at: now,
      })
      .execute();
    await attachDefaults(trx, record, request.account_id);
    const tags = JSON.parse(request.tags) as { Key: string; Value: string }[];
    for (const tag of tags) {
      await trx
        .insertInto('org_tags')
        .values({ org_id: org.id, resource_id: request.account_id, tag_key: tag.Key, tag_value: tag.Value })
        .execute();
    }
    await createAccessRole(trx, {
      accountId: request.account_id,
      managementAccountId: org.management_account_id,
      roleName: request.role_name,
      partition,
      now,
    });
    await bumpOrgEpoch(trx);
  });
}

/** Completes every IN_PROGRESS request of an organization (all organizations when orgId is undefined). */
export async function settleAccountRequests(
  runtime: Runtime,
  orgId: string | undefined,
  partition: string,
): Promise<void> {
  let query = runtime.store.db.selectFrom('org_create_account_status').selectAll().where('state', '=', 'IN_PROGRESS');
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  for (const request of await query.orderBy('requested_at').execute()) await settleOne(runtime, request, partition);
}

/** Runs the background step soon after the request is answered; the stored status makes it survive restarts. */
export function scheduleSettlement(runtime: Runtime, orgId: string, partition: string): void {
  const timer = setTimeout(() => {
    settleAccountRequests(runtime, orgId, partition).catch((err: unknown) =>
      runtime.log.warn({ err }, 'organizations: completing CreateAccount requests failed; the next read retries'),
    );
  }, 50);
  timer.unref();
}
