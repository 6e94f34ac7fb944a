// Enable / Disable / BatchGetAccountStatus: which resource types an account has Inspector scan.
import type { Kysely } from 'kysely';
import type {
  Account,
  AccountState,
  BatchGetAccountStatusRequest,
  BatchGetAccountStatusResponse,
  DisableRequest,
  DisableResponse,
  EnableRequest,
  EnableResponse,
  FailedAccount,
  ResourceScanType,
  ResourceStatus,
  Status,
} from '../../aws/generated/inspector2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import type { Inspector2AccountStatusTable } from './tables.js';
import './tables.js';
import { visibleAccountIds } from './members/visibility.js';

type Column = 'ec2' | 'ecr' | 'lambda' | 'lambda_code' | 'code_repository';
const COLUMN: Readonly<Record<ResourceScanType, Column>> = {
  EC2: 'ec2',
  ECR: 'ecr',
  LAMBDA: 'lambda',
  LAMBDA_CODE: 'lambda_code',
  CODE_REPOSITORY: 'code_repository',
};
const ALL: readonly ResourceScanType[] = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE', 'CODE_REPOSITORY'];

type StatusRow = Pick<Inspector2AccountStatusTable, Column>;
const DISABLED_ROW: StatusRow = {
  ec2: 'DISABLED',
  ecr: 'DISABLED',
  lambda: 'DISABLED',
  lambda_code: 'DISABLED',
  code_repository: 'DISABLED',
};

async function readRow(db: Kysely<Database>, accountId: string, region: string): Promise<StatusRow> {
  const row = await accountScope(db, accountId)
    .selectFrom('inspector2_account_status')
    .select(['ec2', 'ecr', 'lambda', 'lambda_code', 'code_repository'])
    .where('region', '=', region)
    .executeTakeFirst();
  return row ?? DISABLED_ROW;
}

function resourceStatus(row: StatusRow): ResourceStatus {
  return {
    ec2: row.ec2 as Status,
    ecr: row.ecr as Status,
    lambda: row.lambda as Status,
    lambdaCode: row.lambda_code as Status,
    codeRepository: row.code_repository as Status,
  };
}

/** ENABLED while any resource type is scanned, as AWS reports an account's overall state. */
function overall(row: StatusRow): Status {
  return Object.values(row).includes('ENABLED') ? 'ENABLED' : 'DISABLED';
}

/**
 * The accounts a call names, split into those the caller may act on (itself, and as its organization's delegated
 * administrator its associated members: ./members/visibility.ts) and the others, which AWS answers in failedAccounts
 * rather than failing the call. Without ids, the caller alone.
 */
async function targetsOf(
  ctx: RequestContext,
  accountIds: readonly string[] | undefined,
): Promise<{ targets: string[]; failedAccounts: FailedAccount[] }> {
  const asked =
    accountIds === undefined || accountIds.length === 0 ? [ctx.identity.accountId] : [...new Set(accountIds)];
  const visible = new Set(await visibleAccountIds(ctx));
  return {
    targets: asked.filter((id) => visible.has(id)),
    failedAccounts: asked
      .filter((id) => !visible.has(id))
      .map((accountId) => ({
        accountId,
        errorCode: 'ACCESS_DENIED',
        errorMessage: 'The caller is not the delegated administrator of this account.',
      })),
  };
}

/** Sets the scan status of resource types for an account in a Region (the account's own call, or its administrator's). */
export async function setScanStatus(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  types: readonly ResourceScanType[],
  status: 'ENABLED' | 'DISABLED',
): Promise<StatusRow> {
  const scope = accountScope(db, accountId);
  const current = await readRow(db, accountId, region);
  const next: StatusRow = { ...current };
  for (const t of types) next[COLUMN[t]] = status;
  const now = Date.now();
  const exists = await scope
    .selectFrom('inspector2_account_status')
    .select('region')
    .where('region', '=', region)
    .executeTakeFirst();
  if (exists === undefined)
    await scope
      .insertInto('inspector2_account_status')
      .values({ region, ...next, updated_at: now })
      .execute();
  else
    await scope
      .updateTable('inspector2_account_status')
      .set({ ...next, updated_at: now })
      .where('region', '=', region)
      .execute();
  if (current.ec2 !== next.ec2) {
    // Enabling (again) evaluates every instance afresh; disabling closes nothing but stops evaluation, as AWS keeps
    // no findings for a disabled resource type: they are deleted.
    await scope.deleteFrom('inspector2_instance_evals').where('region', '=', region).execute();
    if (next.ec2 === 'DISABLED') await scope.deleteFrom('inspector2_findings').where('region', '=', region).execute();
  }
  return next;
}

export async function enable(ctx: RequestContext, input: EnableRequest): Promise<EnableResponse> {
  const { targets, failedAccounts } = await targetsOf(ctx, input.accountIds);
  const accounts: Account[] = [];
  for (const accountId of targets) {
    const row = await setScanStatus(ctx.runtime.store.db, accountId, ctx.region, input.resourceTypes, 'ENABLED');
    accounts.push({ accountId, status: overall(row), resourceStatus: resourceStatus(row) });
  }
  return { accounts, failedAccounts };
}

export async function disable(ctx: RequestContext, input: DisableRequest): Promise<DisableResponse> {
  const { targets, failedAccounts } = await targetsOf(ctx, input.accountIds);
  // Without resourceTypes, AWS disables every type.
  const types = input.resourceTypes === undefined || input.resourceTypes.length === 0 ? ALL : input.resourceTypes;
  const accounts: Account[] = [];
  for (const accountId of targets) {
    const row = await setScanStatus(ctx.runtime.store.db, accountId, ctx.region, types, 'DISABLED');
    accounts.push({ accountId, status: overall(row), resourceStatus: resourceStatus(row) });
  }
  return { accounts, failedAccounts };
}

export async function batchGetAccountStatus(
  ctx: RequestContext,
  input: BatchGetAccountStatusRequest,
): Promise<BatchGetAccountStatusResponse> {
  const { targets, failedAccounts } = await targetsOf(ctx, input.accountIds);
  const accounts: AccountState[] = [];
  for (const accountId of targets) {
    const row = await readRow(ctx.runtime.store.db, accountId, ctx.region);
    const s = resourceStatus(row);
    // AWS leaves errorCode and errorMessage out of a state without an error, although the model marks them required.
    const state = (status: Status) => ({ status }) as AccountState['state'];
    accounts.push({
      accountId,
      state: state(overall(row)),
      resourceState: {
        ec2: state(s.ec2),
        ecr: state(s.ecr),
        lambda: state(s.lambda!),
        lambdaCode: state(s.lambdaCode!),
        codeRepository: state(s.codeRepository!),
      },
    });
  }
  return { accounts, failedAccounts };
}

/** Whether the account has EC2 scanning enabled in the region (the background evaluator's gate). */
export async function ec2Enabled(db: Kysely<Database>, accountId: string, region: string): Promise<boolean> {
  return (await readRow(db, accountId, region)).ec2 === 'ENABLED';
}
