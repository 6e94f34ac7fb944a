// UpdateConfiguration / GetConfiguration: an account's ECR re-scan durations and EC2 scan mode, kept per account and
// Region, set by the account itself or, naming a member's accountId, by its Inspector delegated administrator.
import type {
  Ec2ScanMode,
  EcrPullDateRescanDuration,
  EcrPullDateRescanMode,
  EcrRescanDuration,
  GetConfigurationRequest,
  GetConfigurationResponse,
  UpdateConfigurationRequest,
  UpdateConfigurationResponse,
} from '../../../aws/generated/inspector2.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { accessDenied, validation } from '../errors.js';
import { visibleAccountIds } from '../members/visibility.js';
import type { Inspector2ConfigurationTable } from './tables.js';
import './tables.js';

/** AWS's defaults for an account that never set them: 14 days by push and by last use, agent-based EC2 scanning. */
export const DEFAULTS = {
  rescanDuration: 'DAYS_14',
  pullDateRescanDuration: 'DAYS_14',
  pullDateRescanMode: 'LAST_IN_USE_AT',
  scanMode: 'EC2_SSM_AGENT_BASED',
} as const;

const NOT_ADMIN_OF = 'The caller is not the Amazon Inspector delegated administrator of this account.';

/** The account a call acts on: the caller's own, or a member its delegated administrator names. */
async function targetAccount(ctx: RequestContext, accountId: string | undefined): Promise<string> {
  if (accountId === undefined || accountId === ctx.identity.accountId) return ctx.identity.accountId;
  if (!(await visibleAccountIds(ctx)).includes(accountId)) throw accessDenied(NOT_ADMIN_OF);
  return accountId;
}

type Row = Omit<Inspector2ConfigurationTable, 'account_id' | 'region'>;

async function readRow(ctx: RequestContext, accountId: string): Promise<Row | undefined> {
  return accountScope(ctx.runtime.store.db, accountId)
    .selectFrom('inspector2_configuration')
    .select([
      'ecr_rescan_duration',
      'ecr_pull_date_rescan_duration',
      'ecr_pull_date_rescan_mode',
      'ecr_updated_at',
      'ec2_scan_mode',
      'ec2_updated_at',
    ])
    .where('region', '=', ctx.region)
    .executeTakeFirst();
}

export async function updateConfiguration(
  ctx: RequestContext,
  input: UpdateConfigurationRequest,
): Promise<UpdateConfigurationResponse> {
  if (input.updateConfigurationInheritance !== undefined)
    // Warden keeps each account's configuration on its own; nothing propagates from an administrator to inherit.
    throw validation(
      'updateConfigurationInheritance is not supported: each account keeps its own scan configuration.',
      'FIELD_VALIDATION_FAILED',
    );
  if (input.ecrConfiguration === undefined && input.ec2Configuration === undefined)
    throw validation('Either ecrConfiguration or ec2Configuration must be specified.', 'FIELD_VALIDATION_FAILED');
  if (input.ec2Configuration?.activateVMScanner === true)
    throw validation('The Amazon Inspector VM scanner is not available.', 'FIELD_VALIDATION_FAILED');
  const account = await targetAccount(ctx, input.accountId);
  const now = Date.now();
  const change: Partial<Row> = {};
  if (input.ecrConfiguration !== undefined) {
    const e = input.ecrConfiguration;
    change.ecr_rescan_duration = e.rescanDuration;
    // Members left out keep what was set before (AWS's console sends all three; the CLI may send one).
    if (e.pullDateRescanDuration !== undefined) change.ecr_pull_date_rescan_duration = e.pullDateRescanDuration;
    if (e.pullDateRescanMode !== undefined) change.ecr_pull_date_rescan_mode = e.pullDateRescanMode;
    change.ecr_updated_at = now;
  }
  if (input.ec2Configuration !== undefined) {
    change.ec2_scan_mode = input.ec2Configuration.scanMode;
    change.ec2_updated_at = now;
  }
  // One statement, so concurrent first updates of an account cannot both insert.
  await accountScope(ctx.runtime.store.db, account)
    .insertInto('inspector2_configuration')
    .values({
      region: ctx.region,
      ecr_rescan_duration: null,
      ecr_pull_date_rescan_duration: null,
      ecr_pull_date_rescan_mode: null,
      ecr_updated_at: null,
      ec2_scan_mode: null,
      ec2_updated_at: null,
      ...change,
    })
    .onConflict((oc) => oc.columns(['account_id', 'region']).doUpdateSet(change))
    .execute();
  return {};
}

export async function getConfiguration(
  ctx: RequestContext,
  input: GetConfigurationRequest,
): Promise<GetConfigurationResponse> {
  const row = await readRow(ctx, await targetAccount(ctx, input.accountId));
  const out: GetConfigurationResponse = {
    ecrConfiguration: {
      rescanDurationState: {
        rescanDuration: (row?.ecr_rescan_duration ?? DEFAULTS.rescanDuration) as EcrRescanDuration,
        pullDateRescanDuration: (row?.ecr_pull_date_rescan_duration ??
          DEFAULTS.pullDateRescanDuration) as EcrPullDateRescanDuration,
        pullDateRescanMode: (row?.ecr_pull_date_rescan_mode ?? DEFAULTS.pullDateRescanMode) as EcrPullDateRescanMode,
        status: 'SUCCESS',
      },
    },
    ec2Configuration: {
      scanModeState: {
        scanMode: (row?.ec2_scan_mode ?? DEFAULTS.scanMode) as Ec2ScanMode,
        scanModeStatus: 'SUCCESS',
      },
    },
  };
  if (row?.ecr_updated_at != null)
    out.ecrConfiguration!.rescanDurationState!.updatedAt = new Date(Number(row.ecr_updated_at));
  return out;
}
