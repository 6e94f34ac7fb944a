// What protects a resource, for the traffic inspector: its web ACL's JSON, everything it references, and the WAF epoch.
import type { IPSet, RegexPatternSet, RuleGroup, WebACL } from '../../aws/generated/wafv2.js';
import type { Runtime } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { readWafEpoch } from './epoch.js';
import { parseStoredBody } from './stored-body.js';

export interface Protection {
  webAcl: WebACL;
  /** By ARN: what the web ACL's rules (and its rule groups' rules) reference. */
  ipSets: ReadonlyMap<string, IPSet>;
  regexPatternSets: ReadonlyMap<string, RegexPatternSet>;
  ruleGroups: ReadonlyMap<string, RuleGroup>;
}

export interface ProtectionRead {
  /** Moves on every WAF write of the resource's account: a cache keyed by it is never stale. */
  epoch: string;
  /** Undefined when no web ACL is associated with the resource. */
  protection: Protection | undefined;
}

/** The resource's account is the one its ARN names (arn:partition:service:region:account:...). */
export async function loadProtection(runtime: Runtime, resourceArn: string): Promise<ProtectionRead> {
  const account = resourceArn.split(':')[4] ?? '';
  const db = runtime.store.db;
  // The epoch is read first: a write landing between the reads moves it, and the next check reloads.
  const epoch = await readWafEpoch(db, account);
  const scoped = accountScope(db, account);
  const acl = await scoped
    .selectFrom('wafv2_associations as a')
    .innerJoin('wafv2_resources as r', 'r.arn', 'a.web_acl_arn')
    .select(['r.arn', 'r.body'])
    .where('a.resource_arn', '=', resourceArn)
    .executeTakeFirst();
  if (!acl) return { epoch, protection: undefined };
  // A web ACL references rule groups and sets; a rule group references sets only: two levels at most.
  const direct = await scoped.selectFrom('wafv2_references').select('to_arn').where('from_arn', '=', acl.arn).execute();
  const groupArns = direct.map((r) => r.to_arn).filter((a) => a.includes('/rulegroup/'));
  const nested =
    groupArns.length === 0
      ? []
      : await scoped.selectFrom('wafv2_references').select('to_arn').where('from_arn', 'in', groupArns).execute();
  const all = [...new Set([...direct, ...nested].map((r) => r.to_arn))];
  const rows =
    all.length === 0
      ? []
      : await scoped.selectFrom('wafv2_resources').select(['arn', 'kind', 'body']).where('arn', 'in', all).execute();
  const ipSets = new Map<string, IPSet>();
  const regexPatternSets = new Map<string, RegexPatternSet>();
  const ruleGroups = new Map<string, RuleGroup>();
  for (const r of rows) {
    if (r.kind === 'ipset') ipSets.set(r.arn, JSON.parse(r.body) as IPSet);
    else if (r.kind === 'regexpatternset') regexPatternSets.set(r.arn, JSON.parse(r.body) as RegexPatternSet);
    else if (r.kind === 'rulegroup') ruleGroups.set(r.arn, parseStoredBody<RuleGroup>(r.body));
  }
  return {
    epoch,
    protection: { webAcl: parseStoredBody<WebACL>(acl.body), ipSets, regexPatternSets, ruleGroups },
  };
}
