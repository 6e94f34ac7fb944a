// Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import type { RequestContext } from '../../../core/runtime.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import { nameKey, transactUnique } from '../common.js';
import { AWS_MANAGED_ACCOUNT, storedPolicyArn } from '../policies/arns.js';
import { findRole, requireRole } from './entities.js';
import { roleView } from './views.js';
import { DEFAULT_MAX_SESSION_DURATION, insertRole, purgeRole } from './roles.js';
import { serviceLinkedRoleSpec, type ServiceLinkedRoleSpec } from './service-linked-role-catalog.js';
import type { IamRolesTable } from '../tables.js';
import { mutateIam, mutateIamStore } from '../mutate.js';
import { untypedScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

/** Row type of iam_slr_deletion_tasks (./migrations/0011_iam_identities.ts). */
export interface IamSlrDeletionTasksTable {
  task_id: string;
  account_id: string;
  role_name: string;
  /** SUCCEEDED | IN_PROGRESS | FAILED | NOT_STARTED */
  status: string;
  created_at: number;
}

type Db = Kysely<Database>;

/** The store seen with this module's own table added. */
function tasks(db: Db): Kysely<{ iam_slr_deletion_tasks: IamSlrDeletionTasksTable }> {
  return db as unknown as Kysely<{ iam_slr_deletion_tasks: IamSlrDeletionTasksTable }>;
}

/** Every service-linked role lives under this path, which no customer-created role can take over. */
export function serviceRolePath(service: string): string {
  return `/aws-service-role/${service}/`;
}

/** The trust policy IAM writes for a service-linked role: only the service may assume it. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** The attached policy's ARN as the store keys policy ARNs (one partition for all, see policies/arns.ts). */
function servicePolicyArn(spec: ServiceLinkedRoleSpec): string {
  return storedPolicyArn(AWS_MANAGED_ACCOUNT, '/aws-service-role/', spec.policyName);
}

function nameTakenForService(roleName: string) {
  return invalidInput(`Service role name ${roleName} has been taken in this account, please try a different suffix.`);
}

function specFor(service: string): ServiceLinkedRoleSpec {
  const spec = serviceLinkedRoleSpec(service);
  // IAM's exact wording for a principal it has no service-linked role for is not in the recorded corpus.
  if (!spec) throw invalidInput(`Unrecognized service principal ${service}: it has no service-linked role.`);
  return spec;
}

interface NewServiceLinkedRole {
  accountId: string;
  service: string;
  description?: string;
  customSuffix?: string;
  now: number;
}

/** Builds the role row and inserts it with its AWS managed policy attached, inside trx. */
async function insertServiceLinkedRole(trx: Db, req: NewServiceLinkedRole): Promise<IamRolesTable> {
  const spec = specFor(req.service);
  if (req.customSuffix !== undefined && !spec.customSuffix) {
    throw invalidInput(`Custom suffix is not allowed for ${req.service}`);
  }
  const roleName = req.customSuffix === undefined ? spec.roleName : `${spec.roleName}_${req.customSuffix}`;
  const description = req.description ?? spec.description;
  const row: IamRolesTable = {
    account_id: req.accountId,
    name_lc: nameKey(roleName),
    role_name: roleName,
    role_id: newUniqueId('AROA'),
    path: serviceRolePath(req.service),
    created_at: req.now,
    assume_role_policy_document: serviceTrustPolicy(req.service),
    description: description === undefined || description === '' ? null : description,
    max_session_duration: DEFAULT_MAX_SESSION_DURATION,
    permissions_boundary_arn: null,
    service_linked_to: req.service,
    last_used_at: null,
    last_used_region: null,
  };
  await insertRole(trx, row, [], () => nameTakenForService(roleName));
  await trx
    .insertInto('iam_attachments')
    .values({
      account_id: req.accountId,
      entity_type: 'role',
      entity_lc: row.name_lc,
      policy_arn: servicePolicyArn(spec),
    })
    .execute();
  return row;
}

/**
 * The service's service-linked role in the account, created if missing: what an AWS service does when it is
 * first enabled (GuardDuty, Inspector, Organizations, ...). Safe to call concurrently.
 */
export async function ensureServiceLinkedRole(
  store: Store,
  req: { accountId: string; service: string; now?: number },
): Promise<IamRolesTable> {
  const spec = specFor(req.service);
  const existing = await findRole(store.db, req.accountId, spec.roleName);
  if (existing) return existing;
  try {
    // Not an IAM request, but an IAM change all the same: nodes caching IAM facts must learn of the role.
    return await mutateIamStore(store, req.accountId, (trx) =>
      insertServiceLinkedRole(trx, { ...req, now: req.now ?? Date.now() }),
    );
  } catch (err) {
    // Another caller created it between the look-up and the insert (a name clash or a unique-key violation).
    const winner = await findRole(store.db, req.accountId, spec.roleName);
    if (winner?.service_linked_to === req.service) return winner;
    throw err;
  }
}

async function startRoleDeletion(ctx: RequestContext, roleName: string): Promise<{ DeletionTaskId: string }> {
  const accountId = ctx.identity.accountId;
  return mutateIam(ctx, async (trx) => {
    const row = await requireRole(trx, accountId, roleName);
    if (row.service_linked_to === null) {
      // Unverified wording: the recorded corpus has no DeleteServiceLinkedRole call on an ordinary role.
      throw noSuchEntity(`Role ${row.role_name} is not a service-linked role.`);
    }
    // Warden's services hold no resources that keep a role in use, so the deletion completes at once.
    await purgeRole(trx, accountId, row.name_lc);
    const taskId = `task${row.path}${row.role_name}/${randomUUID()}`;
    await tasks(trx)
      .insertInto('iam_slr_deletion_tasks')
      .values({
        task_id: taskId,
        account_id: accountId,
        role_name: row.role_name,
        status: 'SUCCEEDED',
        created_at: ctx.receivedAt.getTime(),
      })
      .execute();
    return { DeletionTaskId: taskId };
  });
}

const TASK_ID = /^task\/aws-service-role\/[^/]+\/[^/]+\/[0-9a-f-]{36}$/;

export const createServiceLinkedRole: NonNullable<H['CreateServiceLinkedRole']> = async (ctx, input) => {
  const req: NewServiceLinkedRole = {
    accountId: ctx.identity.accountId,
    service: input.AWSServiceName,
    now: ctx.receivedAt.getTime(),
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.CustomSuffix !== undefined ? { customSuffix: input.CustomSuffix } : {}),
  };
  const spec = specFor(input.AWSServiceName);
  const name = input.CustomSuffix === undefined ? spec.roleName : `${spec.roleName}_${input.CustomSuffix}`;
  const row = await transactUnique(
    ctx,
    () => nameTakenForService(name),
    (trx) => insertServiceLinkedRole(trx, req),
  );
  return { Role: roleView(ctx, row, 'create') };
};

export const deleteServiceLinkedRole: NonNullable<H['DeleteServiceLinkedRole']> = (ctx, input) =>
  startRoleDeletion(ctx, input.RoleName);

export const getServiceLinkedRoleDeletionStatus: NonNullable<H['GetServiceLinkedRoleDeletionStatus']> = async (
  ctx,
  input,
) => {
  const id = input.DeletionTaskId;
  if (!TASK_ID.test(id)) throw invalidInput(`Invalid deletion task id: ${id}`);
  // iam_slr_deletion_tasks is not in the store's Database type: the untyped view of the same scope.
  const task: { status: string } | undefined = await untypedScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('iam_slr_deletion_tasks')
    .select('status')
    .where('task_id', '=', id)
    .executeTakeFirst();
  if (!task) throw noSuchEntity(`Deletion task ${id} cannot be found.`);
  return { Status: task.status as 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED' };
};
