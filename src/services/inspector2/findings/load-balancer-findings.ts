// Network reachability findings of Warden's own load balancers (a Warden extension: resource type
// AWS_ELBV2_LOAD_BALANCER): each listener bound beyond loopback (--data-plane-host), more severe without a web ACL.
// ELBv2's and WAF's state is read through the store (their tables), never their modules.
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { partitionOf } from '../../../aws/partitions.js';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import { reconcileFindings, storedDraft, type StoredDraft } from './finding-writer.js';
import { isLoopback, isWildcard } from './network-findings.js';
import type { FindingDraft } from './package-findings.js';

/** Load balancers evaluated per pass; the next pass goes on after the last one, so every one is reached in turn. */
export const LOAD_BALANCER_BATCH = 200;
/** Listeners one load balancer's evaluation reads at most (ELBv2's quota is 50 per load balancer). */
const MAX_LISTENERS = 100;

export const RESOURCE_TYPE = 'AWS_ELBV2_LOAD_BALANCER';

/** Whether listeners bound to `host` are reachable from beyond the host itself. */
export function bindsBeyondLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return !isLoopback(bare);
  // A name: localhost resolves to loopback; any other name is taken as reachable (Warden does not resolve it here).
  return bare.toLowerCase() !== 'localhost';
}

export interface LoadBalancerFacts {
  arn: string;
  name: string;
  scheme: string;
  listeners: readonly { arn: string; protocol: string; port: number }[];
  /** The associated web ACL's ARN, if any. */
  webAclArn: string | undefined;
}

/**
 * One finding per listener when the data plane binds beyond loopback: MEDIUM without a web ACL in front of the
 * load balancer, LOW with one (its requests are inspected, yet the port is still open). None on loopback.
 */
export function loadBalancerFindings(lb: LoadBalancerFacts, host: string): FindingDraft[] {
  if (!bindsBeyondLoopback(host)) return [];
  const where = isWildcard(host) ? 'all interfaces' : host;
  const socketHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return [...lb.listeners]
    .sort((a, b) => a.port - b.port || (a.arn < b.arn ? -1 : 1))
    .map((l): FindingDraft => {
      const guarded = lb.webAclArn !== undefined;
      return {
        key: `${l.arn}|NET|LISTENER`,
        type: 'NETWORK_REACHABILITY',
        severity: guarded ? 'LOW' : 'MEDIUM',
        title: `Load balancer ${lb.name} listener on port ${l.port} is reachable on ${where} ${guarded ? 'behind a web ACL' : 'without a web ACL'} - ${l.protocol}`,
        description:
          `The ${l.protocol} listener on port ${l.port} of the ${lb.scheme} load balancer ${lb.name} is bound on ` +
          `${where}, so it can be reached from beyond the host itself. ` +
          (guarded
            ? `Its requests are inspected by the web ACL ${lb.webAclArn}.`
            : 'No web ACL is associated with the load balancer, so no request to it is inspected.'),
        fields: {
          networkReachabilityDetails: {
            openPortRange: { begin: l.port, end: l.port },
            protocol: 'TCP',
            networkPath: {
              steps: [
                { componentId: lb.arn, componentType: RESOURCE_TYPE },
                { componentId: l.arn, componentType: 'AWS_ELBV2_LISTENER' },
                { componentId: lb.webAclArn ?? 'none', componentType: 'AWS_WAFV2_WEB_ACL' },
                { componentId: `${socketHost}:${l.port}`, componentType: 'LISTENING_SOCKET' },
              ],
            },
          },
          remediation: {
            recommendation: {
              text: guarded
                ? `Keep the web ACL's rules current, or bind the data plane (--data-plane-host) to 127.0.0.1 if the load balancer need not be reached from elsewhere.`
                : `Associate a web ACL with the load balancer (wafv2 AssociateWebACL), or bind the data plane (--data-plane-host) to 127.0.0.1 if it need not be reached from elsewhere.`,
            },
          },
        },
      };
    });
}

/** Where the last pass stopped: the next one starts after this load balancer ARN (from the start when undefined). */
export interface LoadBalancerCursor {
  after?: string;
}

/** Whether the stored findings of a load balancer already are exactly these drafts, ACTIVE, and no other ACTIVE one. */
function unchanged(
  stored: readonly { finding_key: string; status: string; body: string }[],
  drafts: readonly StoredDraft[],
): boolean {
  const byKey = new Map(stored.map((s) => [s.finding_key, s]));
  for (const d of drafts) {
    const s = byKey.get(d.draft.key);
    if (s === undefined || s.status !== 'ACTIVE' || s.body !== d.body) return false;
  }
  const keys = new Set(drafts.map((d) => d.draft.key));
  return stored.every((s) => s.status !== 'ACTIVE' || keys.has(s.finding_key));
}

/**
 * One pass over the next LOAD_BALANCER_BATCH load balancers of accounts with EC2 scanning enabled: each one's
 * findings computed from its listeners, its web ACL association and `host`, and written only when they changed (so a
 * quiet pass is three reads). Then findings of deleted load balancers are closed. Answers how many it evaluated.
 */
export async function evaluateLoadBalancers(
  store: Store,
  host: string,
  cursor: LoadBalancerCursor,
  now = Date.now(),
  limit = LOAD_BALANCER_BATCH,
): Promise<number> {
  const db = store.db;
  // Every account's load balancers, as the evaluator reads every account's instances: it is not a request.
  let query = db
    .selectFrom('elbv2_load_balancers as l')
    .innerJoin('inspector2_account_status as s', (j) =>
      j.onRef('s.account_id', '=', 'l.account_id').onRef('s.region', '=', 'l.region'),
    )
    .select(['l.arn', 'l.account_id', 'l.region', 'l.name', 'l.scheme'])
    .where('s.ec2', '=', 'ENABLED')
    .orderBy('l.arn')
    .limit(limit);
  if (cursor.after !== undefined) query = query.where('l.arn', '>', cursor.after);
  const lbs = await query.execute();
  cursor.after = lbs.length < limit ? undefined : lbs[lbs.length - 1]!.arn;
  if (lbs.length > 0) {
    const arns = lbs.map((l) => l.arn);
    const [listeners, associations, stored] = await Promise.all([
      db
        .selectFrom('elbv2_listeners')
        .select(['arn', 'account_id', 'load_balancer_arn', 'protocol', 'port'])
        .where('load_balancer_arn', 'in', arns)
        .execute(),
      db
        .selectFrom('wafv2_associations')
        .select(['resource_arn', 'account_id', 'web_acl_arn'])
        .where('resource_arn', 'in', arns)
        .execute(),
      db
        .selectFrom('inspector2_findings')
        .select(['account_id', 'resource_id', 'finding_key', 'status', 'body'])
        .where('resource_id', 'in', arns)
        .execute(),
    ]);
    for (const lb of lbs) {
      // Rows of the load balancer's own account only: an ARN names its account, and so must what joins on it.
      const own = <T extends { account_id: string }>(rows: readonly T[], pick: (r: T) => boolean) =>
        rows.filter((r) => r.account_id === lb.account_id && pick(r));
      const facts: LoadBalancerFacts = {
        arn: lb.arn,
        name: lb.name,
        scheme: lb.scheme,
        listeners: own(listeners, (l) => l.load_balancer_arn === lb.arn).slice(0, MAX_LISTENERS),
        webAclArn: own(associations, (a) => a.resource_arn === lb.arn)[0]?.web_acl_arn,
      };
      const partition = partitionOf(lb.region) ?? 'aws';
      const resource = { type: RESOURCE_TYPE, id: lb.arn, partition, region: lb.region };
      const drafts = loadBalancerFindings(facts, host).map((d) => storedDraft(d, [resource]));
      if (
        unchanged(
          own(stored, (s) => s.resource_id === lb.arn),
          drafts,
        )
      )
        continue;
      const target = { accountId: lb.account_id, region: lb.region, partition, resourceId: lb.arn };
      await store.transaction((trx) => reconcileFindings(trx, target, drafts, now));
    }
  }
  await closeFindingsOfGoneLoadBalancers(db, now);
  return lbs.length;
}

/** Closes the ACTIVE findings of load balancers that no longer exist, a bounded number per pass. */
export async function closeFindingsOfGoneLoadBalancers(db: Kysely<Database>, now: number, limit = 500) {
  const gone = await db
    .selectFrom('inspector2_findings as f')
    .leftJoin('elbv2_load_balancers as l', 'l.arn', 'f.resource_id')
    .select('f.finding_arn')
    // A range on the indexed resource_id (ARNs, not instance ids), so the pass reads load balancer findings only.
    .where('f.resource_id', '>=', 'arn:')
    .where('f.resource_id', '<', 'arn;')
    .where('f.resource_id', 'like', 'arn:%:elasticloadbalancing:%')
    .where('f.status', '=', 'ACTIVE')
    .where('l.arn', 'is', null)
    .limit(limit)
    .execute();
  if (gone.length > 0)
    await db
      .updateTable('inspector2_findings')
      .set({ status: 'CLOSED', updated_at: now })
      .where(
        'finding_arn',
        'in',
        gone.map((g) => g.finding_arn),
      )
      .execute();
  return gone.length;
}
