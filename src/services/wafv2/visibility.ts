// What WAF shows of the traffic it decided: after each evaluation, samples for GetSampledRequests and a record for the web ACL's log.
import type { HTTPHeader, LoggingConfiguration, SampledHTTPRequest, WebACL } from '../../aws/generated/wafv2.js';
import type { Runtime } from '../../core/runtime.js';
import type { InspectedRequest } from '../../core/traffic.js';
import { accountScope } from '../../store/account-scope.js';
import type { EvaluationResult } from './engine/index.js';
import { destinationFile, parseDestination } from './log-destination.js';
import { cap, cappedHeaders, httpVersionOf, keeps, logRecord, MAX_URI } from './log-record.js';
import { LogWriter } from './log-writer.js';
import './logging-tables.js';
import { SampleStore } from './samples.js';
import { parseStoredBody } from './stored-body.js';

/** What one web ACL records: the metric names whose requests are sampled, and where its log goes. */
interface Plan {
  readonly acl: WebACL;
  /** The web ACL's own metric (its default action's), when it samples. */
  readonly defaultMetric: string | undefined;
  /** Rule name → metric name, for the rules that sample. */
  readonly ruleMetrics: ReadonlyMap<string, string>;
  readonly logging: { readonly config: LoggingConfiguration; readonly file: string } | undefined;
}

interface VisibilityState {
  readonly samples: SampleStore;
  readonly writer: LogWriter;
  readonly plans: Map<string, Plan>;
}

/** Per Runtime: tests run several servers in one process. Samples live in memory on this node only, as AWS's do. */
const states = new WeakMap<Runtime, VisibilityState>();

export function visibilityOf(runtime: Runtime): VisibilityState {
  let s = states.get(runtime);
  if (!s) {
    s = {
      samples: new SampleStore(),
      writer: new LogWriter((err, file) => runtime.log.warn({ err, file }, 'WAF log records could not be written')),
      plans: new Map(),
    };
    states.set(runtime, s);
  }
  return s;
}

/** Reads the web ACL's logging configuration and notes what it samples; the inspector calls it whenever it reloads. */
export async function refreshVisibility(runtime: Runtime, acl: WebACL): Promise<void> {
  const account = acl.ARN.split(':')[4] ?? '';
  const row = await accountScope(runtime.store.db, account)
    .selectFrom('wafv2_logging_configs')
    .select('body')
    .where('web_acl_arn', '=', acl.ARN)
    .where('log_scope', '=', 'CUSTOMER')
    .executeTakeFirst();
  let logging: Plan['logging'];
  if (row) {
    const config = parseStoredBody<LoggingConfiguration>(row.body);
    const region = acl.ARN.split(':')[3] ?? '';
    const destination = parseDestination(config.LogDestinationConfigs[0] ?? '', { account, region });
    logging = { config, file: destinationFile(runtime.config.dataDir, account, destination) };
  }
  const ruleMetrics = new Map<string, string>();
  for (const r of acl.Rules ?? [])
    if (r.VisibilityConfig.SampledRequestsEnabled) ruleMetrics.set(r.Name, r.VisibilityConfig.MetricName);
  visibilityOf(runtime).plans.set(acl.ARN, {
    acl,
    defaultMetric: acl.VisibilityConfig.SampledRequestsEnabled ? acl.VisibilityConfig.MetricName : undefined,
    ruleMetrics,
    logging,
  });
}

function sampledRequest(request: InspectedRequest): SampledHTTPRequest['Request'] {
  return {
    ClientIP: request.clientIp,
    URI: cap(request.uri, MAX_URI),
    Method: cap(request.method, 32),
    HTTPVersion: httpVersionOf(request),
    Headers: cappedHeaders(request).map((h): HTTPHeader => ({ Name: h.name, Value: h.value })),
  };
}

/** Samples the request under each sampling metric it reached, and logs it; never throws, never waits. */
export function recordVisibility(
  runtime: Runtime,
  resourceArn: string,
  webAclArn: string,
  request: InspectedRequest,
  result: EvaluationResult,
): void {
  const state = visibilityOf(runtime);
  const plan = state.plans.get(webAclArn);
  if (!plan) return;
  try {
    const at = Date.now();
    const responseCodeSent = result.customResponse?.status ?? null;
    let req: SampledHTTPRequest['Request'] | undefined;
    const common = () => ({
      Request: (req ??= sampledRequest(request)),
      ...(result.labels.length > 0 ? { Labels: result.labels.map((Name) => ({ Name })) } : {}),
      ...(result.requestHeadersInserted
        ? { RequestHeadersInserted: result.requestHeadersInserted.map((h) => ({ Name: h.name, Value: h.value })) }
        : {}),
      ...(responseCodeSent !== null ? { ResponseCodeSent: responseCodeSent } : {}),
    });
    const terminatingMetric =
      result.terminatingRuleType === 'DEFAULT_ACTION'
        ? plan.defaultMetric
        : plan.ruleMetrics.get(result.terminatingRuleId);
    if (terminatingMetric !== undefined) {
      const inGroup = result.terminatingRuleType === 'GROUP' || result.terminatingRuleType === 'MANAGED_RULE_GROUP';
      const groupRule = inGroup ? result.ruleGroupList.at(-1)?.terminatingRule : undefined;
      state.samples.add(webAclArn, terminatingMetric, {
        at,
        sampled: {
          ...common(),
          Action: result.action,
          ...(groupRule ? { RuleNameWithinRuleGroup: groupRule.ruleId } : {}),
          ...(groupRule?.overriddenAction ? { OverriddenAction: groupRule.overriddenAction } : {}),
        },
      });
    }
    // A rule that counted the request samples it too, with the action it took (Count).
    for (const m of result.nonTerminatingMatchingRules) {
      const metric = plan.ruleMetrics.get(m.ruleId);
      if (metric === undefined) continue;
      state.samples.add(webAclArn, metric, {
        at,
        sampled: {
          ...common(),
          Action: m.action,
          ...(m.overriddenAction ? { OverriddenAction: m.overriddenAction } : {}),
        },
      });
    }
    const logging = plan.logging;
    if (logging && keeps(logging.config, result))
      state.writer.write(
        logging.file,
        logRecord({ acl: plan.acl, resourceArn, request, result, responseCodeSent, at }, logging.config),
      );
  } catch (err) {
    runtime.log.warn({ err, webAclArn }, 'WAF sample or log record could not be made');
  }
}
