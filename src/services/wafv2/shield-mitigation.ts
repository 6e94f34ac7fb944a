// Shield Advanced's rule group in a protected resource's web ACL: put there at enable, given rules during an attack.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { IPSet, Rule, RuleGroup, WebACL } from '../../aws/generated/wafv2.js';
import type { CallerIdentity } from '../../aws/identity.js';
import type { MitigationAction, Runtime, TrafficMitigator } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { limitsExceeded } from './errors.js';
import { mutateWaf } from './mutate.js';
import { deleteResource, insertResource, setReferences, updateResource } from './resources.js';
import { parseStoredBody } from './stored-body.js';
import type { Wafv2ResourcesTable } from './tables.js';
import { WEB_ACL_MAX_WCU } from './wcu-costs.js';

type Trx = Kysely<Database>;

/** AWS's name prefix for the group ("Recognizing rule groups provided by other services", WAF developer guide). */
export const MITIGATION_GROUP_PREFIX = 'ShieldMitigationRuleGroup_';
/** Warden's names for the group's two IP sets (AWS keeps its rules' sets out of sight; Warden has no such place). */
const IP_SET_PREFIX = { IPV4: 'ShieldMitigationIPv4_', IPV6: 'ShieldMitigationIPv6_' } as const;
/** The reference runs after the web ACL's own rules: AWS gives it priority 10,000,000. */
export const MITIGATION_PRIORITY = 10_000_000;
/** AWS: enabling automatic mitigation adds a rule group using 150 WCUs to the web ACL. */
export const MITIGATION_WCU = 150;
/** At most this many addresses per rule: the mitigation names the heaviest sources, never a long tail. */
export const MAX_MITIGATION_SOURCES = 100;

type Family = keyof typeof IP_SET_PREFIX;

function visibility(name: string): Rule['VisibilityConfig'] {
  return { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name.slice(0, 128) };
}

/** The sources as CIDRs by family (/32, /128); what is not an IP address is left out. */
export function sourceCidrs(sources: readonly string[]): Record<Family, string[]> {
  const out: Record<Family, string[]> = { IPV4: [], IPV6: [] };
  for (const s of sources.slice(0, MAX_MITIGATION_SOURCES)) {
    const v = isIP(s);
    if (v === 4) out.IPV4.push(`${s}/32`);
    else if (v === 6) out.IPV6.push(`${s.toLowerCase()}/128`);
  }
  return out;
}

/** The group's rules: one per family that has sources, taking `action` on requests from its IP set. */
export function mitigationRules(
  action: MitigationAction,
  sets: readonly { family: Family; arn: string; addresses: readonly string[] }[],
): Rule[] {
  return sets
    .filter((s) => s.addresses.length > 0)
    .map((s, i) => {
      const name = `ShieldMitigationTopSources${s.family === 'IPV4' ? 'IPv4' : 'IPv6'}`;
      return {
        Name: name,
        Priority: i,
        Statement: { IPSetReferenceStatement: { ARN: s.arn } },
        Action: action === 'Block' ? { Block: {} } : { Count: {} },
        VisibilityConfig: visibility(name),
      };
    });
}

/** The web ACL's rule referencing the group, as AWS adds it. */
export function mitigationReference(groupName: string, groupArn: string): Rule {
  return {
    Name: groupName,
    Priority: MITIGATION_PRIORITY,
    Statement: { RuleGroupReferenceStatement: { ARN: groupArn } },
    OverrideAction: { None: {} },
    VisibilityConfig: visibility(groupName),
  };
}

/** Shield acts for the resource's account, in its Region: only the account id, Region and partition are read. */
function actingFor(runtime: Runtime, resourceArn: string) {
  const [, partition = 'aws', , region = '', accountId = ''] = resourceArn.split(':');
  return { runtime, partition, region, identity: { accountId, partition } as CallerIdentity };
}
type Acting = ReturnType<typeof actingFor>;

interface Mitigation {
  acl: Wafv2ResourcesTable;
  group: Wafv2ResourcesTable | undefined;
  sets: Partial<Record<Family, Wafv2ResourcesTable>>;
}

/** The mitigation once its group and both sets exist. */
interface Ensured {
  acl: Wafv2ResourcesTable;
  group: Wafv2ResourcesTable;
  sets: Record<Family, Wafv2ResourcesTable>;
}

async function associatedAcl(trx: Trx, acting: Acting, resourceArn: string): Promise<Wafv2ResourcesTable | undefined> {
  return accountScope(trx, acting.identity.accountId)
    .selectFrom('wafv2_associations as a')
    .innerJoin('wafv2_resources as r', 'r.arn', 'a.web_acl_arn')
    .selectAll('r')
    .where('a.resource_arn', '=', resourceArn)
    .executeTakeFirst();
}

/** The web ACL in front of the resource and Shield's group and sets in it (found by their names' web ACL part). */
async function mitigationOf(trx: Trx, acting: Acting, resourceArn: string): Promise<Mitigation | undefined> {
  const acl = await associatedAcl(trx, acting, resourceArn);
  if (!acl) return undefined;
  const owned = await accountScope(trx, acting.identity.accountId)
    .selectFrom('wafv2_resources')
    .selectAll()
    .where('region', '=', acl.region)
    .where('scope', '=', acl.scope)
    .where('name', 'like', 'ShieldMitigation%')
    .execute();
  const middle = `_${acting.identity.accountId}_${acl.id}_`;
  const mine = (prefix: string, kind: string) =>
    owned.find((r) => r.kind === kind && r.name.startsWith(prefix) && r.name.startsWith(middle, prefix.length - 1));
  return {
    acl,
    group: mine(MITIGATION_GROUP_PREFIX, 'rulegroup'),
    sets: { IPV4: mine(IP_SET_PREFIX.IPV4, 'ipset'), IPV6: mine(IP_SET_PREFIX.IPV6, 'ipset') },
  };
}

async function references(trx: Trx, accountId: string, from: string): Promise<string[]> {
  const rows = await accountScope(trx, accountId)
    .selectFrom('wafv2_references')
    .select('to_arn')
    .where('from_arn', '=', from)
    .execute();
  return rows.map((r) => r.to_arn);
}

/** Makes the group and its sets when missing, and puts the reference in the web ACL when it is not there. */
async function ensure(trx: Trx, acting: Acting, m: Mitigation): Promise<Ensured> {
  const accountId = acting.identity.accountId;
  const ctx = { ...acting, region: m.acl.region };
  const unique = randomUUID();
  const sets = { ...m.sets };
  for (const family of ['IPV4', 'IPV6'] as const) {
    if (sets[family]) continue;
    const name = `${IP_SET_PREFIX[family]}${accountId}_${m.acl.id}_${unique}`;
    const made = await insertResource(trx, ctx, {
      kind: 'ipset',
      scope: m.acl.scope,
      name,
      description: 'Sources Shield Advanced automatic application layer DDoS mitigation acts on.',
      capacity: null,
      body: (Id, ARN): IPSet & Record<string, unknown> => ({
        Name: name,
        Id,
        ARN,
        IPAddressVersion: family,
        Addresses: [],
      }),
    });
    sets[family] = await rowOf(trx, accountId, made.arn);
  }
  let group = m.group;
  if (!group) {
    const name = `${MITIGATION_GROUP_PREFIX}${accountId}_${m.acl.id}_${unique}`;
    const made = await insertResource(trx, ctx, {
      kind: 'rulegroup',
      scope: m.acl.scope,
      name,
      description: 'Shield Advanced automatic application layer DDoS mitigation.',
      capacity: MITIGATION_WCU,
      body: (Id, ARN): RuleGroup & Record<string, unknown> => ({
        Name: name,
        Id,
        Capacity: MITIGATION_WCU,
        ARN,
        Rules: [],
        VisibilityConfig: visibility(name),
        LabelNamespace: `awswaf:${accountId}:rulegroup:${name}:`,
      }),
    });
    await setReferences(trx, accountId, made.arn, [sets.IPV4!.arn, sets.IPV6!.arn]);
    group = await rowOf(trx, accountId, made.arn);
  }
  const acl = parseStoredBody<WebACL>(m.acl.body);
  if (!acl.Rules?.some((r) => r.Statement.RuleGroupReferenceStatement?.ARN === group.arn)) {
    const capacity = (m.acl.capacity ?? 0) + MITIGATION_WCU;
    if (capacity > WEB_ACL_MAX_WCU) throw limitsExceeded();
    const rules = [...(acl.Rules ?? []), mitigationReference(group.name, group.arn)];
    await updateResource(
      trx,
      ctx,
      m.acl,
      { ...acl, Rules: rules, Capacity: capacity },
      m.acl.description ?? undefined,
      capacity,
    );
    await setReferences(trx, accountId, m.acl.arn, [...(await references(trx, accountId, m.acl.arn)), group.arn]);
  }
  return { acl: m.acl, group, sets: { IPV4: sets.IPV4!, IPV6: sets.IPV6! } };
}

async function rowOf(trx: Trx, accountId: string, arn: string): Promise<Wafv2ResourcesTable> {
  return accountScope(trx, accountId)
    .selectFrom('wafv2_resources')
    .selectAll()
    .where('arn', '=', arn)
    .executeTakeFirstOrThrow();
}

/** Writes the group's rules and its sets' addresses; nothing when they are already so (no needless reload). */
async function setRules(
  trx: Trx,
  acting: Acting,
  m: Ensured,
  action: MitigationAction,
  cidrs: Record<Family, string[]> | undefined,
): Promise<void> {
  const ctx = { ...acting, region: m.acl.region };
  const sets = (['IPV4', 'IPV6'] as const).map((family) => {
    const row = m.sets[family];
    const body = JSON.parse(row.body) as IPSet;
    return { family, row, body, addresses: cidrs ? cidrs[family] : body.Addresses };
  });
  for (const s of sets) {
    if (JSON.stringify(s.body.Addresses) === JSON.stringify(s.addresses)) continue;
    await updateResource(trx, ctx, s.row, { ...s.body, Addresses: s.addresses }, s.row.description ?? undefined, null);
  }
  const group = parseStoredBody<RuleGroup>(m.group.body);
  const rules = mitigationRules(
    action,
    sets.map((s) => ({ family: s.family, arn: s.row.arn, addresses: s.addresses })),
  );
  if (JSON.stringify(group.Rules ?? []) === JSON.stringify(rules)) return;
  await updateResource(trx, ctx, m.group, { ...group, Rules: rules }, m.group.description ?? undefined, MITIGATION_WCU);
}

/** The action the group's rules take now, when it has rules. */
function currentAction(group: Wafv2ResourcesTable): MitigationAction | undefined {
  const rule = parseStoredBody<RuleGroup>(group.body).Rules?.[0];
  return rule ? (rule.Action?.Count ? 'Count' : 'Block') : undefined;
}

export const shieldMitigator: TrafficMitigator = {
  async filterFor(runtime, resourceArn) {
    const acting = actingFor(runtime, resourceArn);
    return (await associatedAcl(runtime.store.db, acting, resourceArn))?.arn;
  },

  async attach(runtime, resourceArn, action) {
    const acting = actingFor(runtime, resourceArn);
    return mutateWaf(acting, async (trx) => {
      const found = await mitigationOf(trx, acting, resourceArn);
      if (!found) return undefined;
      const m = await ensure(trx, acting, found);
      // A change of action applies to the rules of an attack in progress too.
      if (currentAction(m.group) !== undefined) await setRules(trx, acting, m, action, undefined);
      return m.group.name;
    });
  },

  async apply(runtime, resourceArn, spec) {
    const acting = actingFor(runtime, resourceArn);
    return mutateWaf(acting, async (trx) => {
      const found = await mitigationOf(trx, acting, resourceArn);
      if (!found) return undefined;
      // Put back if the web ACL's reference was taken out (or another web ACL was associated) since enable.
      const m = await ensure(trx, acting, found);
      await setRules(trx, acting, m, spec.action, sourceCidrs(spec.sources));
      return m.group.name;
    });
  },

  async clear(runtime, resourceArn) {
    const acting = actingFor(runtime, resourceArn);
    await mutateWaf(acting, async (trx) => {
      const m = await mitigationOf(trx, acting, resourceArn);
      const { group, sets } = m ?? {};
      if (!m || !group || !sets?.IPV4 || !sets.IPV6) return;
      await setRules(trx, acting, { acl: m.acl, group, sets: { IPV4: sets.IPV4, IPV6: sets.IPV6 } }, 'Block', {
        IPV4: [],
        IPV6: [],
      });
    });
  },

  async detach(runtime, resourceArn) {
    const acting = actingFor(runtime, resourceArn);
    await mutateWaf(acting, async (trx) => {
      const m = await mitigationOf(trx, acting, resourceArn);
      if (!m) return;
      const accountId = acting.identity.accountId;
      const ctx = { ...acting, region: m.acl.region };
      if (m.group) {
        const groupArn = m.group.arn;
        const acl = parseStoredBody<WebACL>(m.acl.body);
        const rules = acl.Rules ?? [];
        const kept = rules.filter((r) => r.Statement.RuleGroupReferenceStatement?.ARN !== groupArn);
        if (kept.length !== rules.length) {
          const capacity = Math.max(0, (m.acl.capacity ?? 0) - MITIGATION_WCU);
          await updateResource(
            trx,
            ctx,
            m.acl,
            { ...acl, Rules: kept, Capacity: capacity },
            m.acl.description ?? undefined,
            capacity,
          );
          const refs = await references(trx, accountId, m.acl.arn);
          await setReferences(
            trx,
            accountId,
            m.acl.arn,
            refs.filter((a) => a !== groupArn),
          );
        }
        // Another web ACL the customer pointed at the group keeps it (and its sets) until that reference goes.
        const elsewhere = await accountScope(trx, accountId)
          .selectFrom('wafv2_references')
          .select('from_arn')
          .where('to_arn', '=', groupArn)
          .executeTakeFirst();
        if (elsewhere) return;
        await deleteResource(trx, ctx, m.group);
      }
      for (const set of Object.values(m.sets)) {
        const used = await accountScope(trx, accountId)
          .selectFrom('wafv2_references')
          .select('from_arn')
          .where('to_arn', '=', set.arn)
          .executeTakeFirst();
        if (!used) await deleteResource(trx, ctx, set);
      }
    });
  },
};
