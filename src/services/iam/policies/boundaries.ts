// Permissions boundaries of users and roles: a managed policy that caps what their identity policies can grant.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { noSuchEntity } from '../errors.js';
import { isAwsManaged, resolvePolicyArn } from './arns.js';
import { ENTITY_KINDS, assertModifiable, lockEntity } from '../identities/entities.js';
import { findPolicy, lockPolicy } from './records.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type BoundedKind = 'user' | 'role';

async function setBoundaryColumn(
  trx: Kysely<Database>,
  accountId: string,
  kind: BoundedKind,
  nameLc: string,
  storedArn: string | null,
): Promise<void> {
  await accountScope(trx, accountId)
    .updateTable(ENTITY_KINDS[kind].table)
    .set({ permissions_boundary_arn: storedArn })
    .where('name_lc', '=', nameLc)
    .execute();
}

async function putBoundary(ctx: RequestContext, kind: BoundedKind, entityName: string, arnText: string): Promise<void> {
  const accountId = ctx.identity.accountId;
  const ref = resolvePolicyArn(arnText, ctx.partition);
  const missing = () => noSuchEntity(`Scope ARN: ${arnText} does not exist or is not attachable.`);
  await mutateIam(ctx, async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    if (!ref || (ref.owner !== accountId && !isAwsManaged(ref))) throw missing();
    // A customer policy is locked so that DeletePolicy, which refuses policies in use, cannot race this write.
    const policy = isAwsManaged(ref) ? await findPolicy(trx, ref.stored) : await lockPolicy(trx, ref.stored);
    // Policies of service-linked roles bound nothing an account owns.
    if (!policy || (isAwsManaged(ref) && policy.path.startsWith('/aws-service-role/'))) throw missing();
    await setBoundaryColumn(trx, accountId, kind, entity.nameLc, ref.stored);
  });
}

async function deleteBoundary(ctx: RequestContext, kind: BoundedKind, entityName: string): Promise<void> {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const entity = await lockEntity(trx, accountId, kind, entityName);
    assertModifiable(entity);
    await setBoundaryColumn(trx, accountId, kind, entity.nameLc, null);
  });
}

export const putUserPermissionsBoundary: NonNullable<H['PutUserPermissionsBoundary']> = async (ctx, input) => {
  await putBoundary(ctx, 'user', input.UserName, input.PermissionsBoundary);
};
export const deleteUserPermissionsBoundary: NonNullable<H['DeleteUserPermissionsBoundary']> = async (ctx, input) => {
  await deleteBoundary(ctx, 'user', input.UserName);
};
export const putRolePermissionsBoundary: NonNullable<H['PutRolePermissionsBoundary']> = async (ctx, input) => {
  await putBoundary(ctx, 'role', input.RoleName, input.PermissionsBoundary);
};
export const deleteRolePermissionsBoundary: NonNullable<H['DeleteRolePermissionsBoundary']> = async (ctx, input) => {
  await deleteBoundary(ctx, 'role', input.RoleName);
};
