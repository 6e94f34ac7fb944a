// Web ACL logging configurations: Put/Get/Delete/ListLoggingConfigurations, validated as AWS does (one destination, its prefix, redactable fields, filter conditions).
import type {
  DeleteLoggingConfigurationRequest,
  DeleteLoggingConfigurationResponse,
  FieldToMatch,
  GetLoggingConfigurationRequest,
  GetLoggingConfigurationResponse,
  ListLoggingConfigurationsRequest,
  ListLoggingConfigurationsResponse,
  LoggingConfiguration,
  PutLoggingConfigurationRequest,
  PutLoggingConfigurationResponse,
} from '../../aws/generated/wafv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { checkScope, parseWafArn } from './arns.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { parseDestination } from './log-destination.js';
import './logging-tables.js';
import { mutateWaf } from './mutate.js';
import { pageOf } from './paging.js';
import { parseStoredBody } from './stored-body.js';

/** The one log scope a customer configures; the others are written by Security Lake and CloudWatch telemetry rules. */
const CUSTOMER = 'CUSTOMER';

/** AWS redacts only these fields from logs (the developer guide's "Log fields redaction"). */
const REDACTABLE = new Set(['SingleHeader', 'UriPath', 'QueryString', 'Method']);

/** The caller's web ACL the ARN names, in this Region; else WAFNonexistentItemException, as AWS answers. */
function ownWebAcl(ctx: RequestContext, arn: string): { scope: string } {
  const parsed = parseWafArn(arn);
  if (!parsed || parsed.kind !== 'webacl') throw invalidParameter('RESOURCE_ARN', arn, REASON.format);
  if (parsed.account !== ctx.identity.accountId || parsed.region !== ctx.region) throw nonexistent();
  return { scope: parsed.scope };
}

function checkRedactedFields(fields: readonly FieldToMatch[]): void {
  for (const f of fields) {
    const set = Object.entries(f).filter(([, v]) => v !== undefined && v !== null);
    if (set.length !== 1) throw invalidParameter('FIELD_TO_MATCH', 'RedactedFields', REASON.exactlyOne);
    if (!REDACTABLE.has(set[0]![0])) throw invalidParameter('FIELD_TO_MATCH', set[0]![0], REASON.unsupported);
  }
}

function checkFilter(config: LoggingConfiguration): void {
  for (const filter of config.LoggingFilter?.Filters ?? []) {
    if (filter.Conditions.length === 0) throw invalidParameter('LOGGING_FILTER', 'Conditions', REASON.notValid);
    for (const c of filter.Conditions) {
      if ((c.ActionCondition ? 1 : 0) + (c.LabelNameCondition ? 1 : 0) !== 1)
        throw invalidParameter('FILTER_CONDITION', 'Condition', REASON.exactlyOne);
    }
  }
}

export async function putLoggingConfiguration(
  ctx: RequestContext,
  input: PutLoggingConfigurationRequest,
): Promise<PutLoggingConfigurationResponse> {
  const config = input.LoggingConfiguration;
  const { scope } = ownWebAcl(ctx, config.ResourceArn);
  const logScope = config.LogScope ?? CUSTOMER;
  if (logScope !== CUSTOMER) throw invalidParameter('LOG_DESTINATION', logScope, REASON.notValid);
  // "You can define one logging destination per web ACL."
  if (config.LogDestinationConfigs.length !== 1)
    throw invalidParameter('LOG_DESTINATION', 'LogDestinationConfigs', REASON.notValid);
  parseDestination(config.LogDestinationConfigs[0]!, { account: ctx.identity.accountId, region: ctx.region });
  checkRedactedFields(config.RedactedFields ?? []);
  checkFilter(config);
  const stored: LoggingConfiguration = {
    ResourceArn: config.ResourceArn,
    LogDestinationConfigs: [...config.LogDestinationConfigs],
    ...(config.RedactedFields && config.RedactedFields.length > 0 ? { RedactedFields: config.RedactedFields } : {}),
    ManagedByFirewallManager: false,
    ...(config.LoggingFilter ? { LoggingFilter: config.LoggingFilter } : {}),
    LogType: 'WAF_LOGS',
    LogScope: CUSTOMER,
  };
  return mutateWaf(ctx, async (trx) => {
    const scoped = accountScope(trx, ctx.identity.accountId);
    const acl = await scoped
      .selectFrom('wafv2_resources')
      .select('arn')
      .where('arn', '=', config.ResourceArn)
      .where('kind', '=', 'webacl')
      .executeTakeFirst();
    if (!acl) throw nonexistent();
    await scoped
      .deleteFrom('wafv2_logging_configs')
      .where('web_acl_arn', '=', config.ResourceArn)
      .where('log_scope', '=', CUSTOMER)
      .execute();
    await scoped
      .insertInto('wafv2_logging_configs')
      .values({
        web_acl_arn: config.ResourceArn,
        log_scope: CUSTOMER,
        region: ctx.region,
        scope,
        body: JSON.stringify(stored),
        updated_at: Date.now(),
      })
      .execute();
    return { LoggingConfiguration: stored };
  });
}

/** The stored configuration of a web ACL that still exists (a deleted web ACL's configuration went with it). */
async function readConfig(
  ctx: RequestContext,
  arn: string,
  logScope: string,
): Promise<LoggingConfiguration | undefined> {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('wafv2_logging_configs as l')
    .innerJoin('wafv2_resources as r', 'r.arn', 'l.web_acl_arn')
    .select('l.body')
    .where('l.web_acl_arn', '=', arn)
    .where('l.log_scope', '=', logScope)
    .executeTakeFirst();
  return row ? parseStoredBody<LoggingConfiguration>(row.body) : undefined;
}

export async function getLoggingConfiguration(
  ctx: RequestContext,
  input: GetLoggingConfigurationRequest,
): Promise<GetLoggingConfigurationResponse> {
  ownWebAcl(ctx, input.ResourceArn);
  const config = await readConfig(ctx, input.ResourceArn, input.LogScope ?? CUSTOMER);
  if (!config) throw nonexistent();
  return { LoggingConfiguration: config };
}

export async function deleteLoggingConfiguration(
  ctx: RequestContext,
  input: DeleteLoggingConfigurationRequest,
): Promise<DeleteLoggingConfigurationResponse> {
  ownWebAcl(ctx, input.ResourceArn);
  const logScope = input.LogScope ?? CUSTOMER;
  return mutateWaf(ctx, async (trx) => {
    const deleted = await accountScope(trx, ctx.identity.accountId)
      .deleteFrom('wafv2_logging_configs')
      .where('web_acl_arn', '=', input.ResourceArn)
      .where('log_scope', '=', logScope)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw nonexistent();
    return {};
  });
}

export async function listLoggingConfigurations(
  ctx: RequestContext,
  input: ListLoggingConfigurationsRequest,
): Promise<ListLoggingConfigurationsResponse> {
  checkScope(ctx, input.Scope);
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('wafv2_logging_configs as l')
    .innerJoin('wafv2_resources as r', 'r.arn', 'l.web_acl_arn')
    .select(['l.web_acl_arn', 'l.body'])
    .where('l.region', '=', ctx.region)
    .where('l.scope', '=', input.Scope)
    .where('l.log_scope', '=', input.LogScope ?? CUSTOMER)
    .orderBy('l.web_acl_arn')
    .execute();
  const all = rows.map((r) => parseStoredBody<LoggingConfiguration>(r.body));
  const { items, ...next } = pageOf(ctx, all, { ...input });
  return { LoggingConfigurations: items, ...next };
}
