// Which actions a listener takes for a request: rules by priority, conditions AND'd, values OR'd, default actions last.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ActionConfig, ConditionConfig, ListenerConfig, RuleConfig } from './config.js';
import { wildcardMatch } from './wildcard.js';

/** What rule conditions look at in a request. */
export interface RoutedRequest {
  readonly method: string;
  /** The path as sent (percent-encoding kept), without the query string. */
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly query: string;
  /** The Host header as sent (a port, if any, is ignored by host-header conditions). */
  readonly host: string;
  /** Header lines as received. */
  readonly headers: readonly (readonly [string, string])[];
  readonly clientIp: string;
}

/** The host part of a Host header: `[::1]:80` → `[::1]`, `example.com:8080` → `example.com`. */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** A query string's key/value pairs, as sent (not decoded: ELBv2 wants reserved characters URL-encoded in rules). */
function queryPairs(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

/**
 * A source-ip condition's CIDRs as a BlockList, built once per condition (the config is immutable once handed over), so
 * a request does not rebuild it.
 */
const blockLists = new WeakMap<readonly string[], BlockList>();

function blockListOf(cidrs: readonly string[]): BlockList {
  let list = blockLists.get(cidrs);
  if (list !== undefined) return list;
  list = new BlockList();
  for (const cidr of cidrs) {
    const slash = cidr.indexOf('/');
    const address = slash < 0 ? cidr : cidr.slice(0, slash);
    const prefixFamily = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (prefixFamily === undefined) continue;
    const prefix = slash < 0 ? (prefixFamily === 'ipv4' ? 32 : 128) : Number(cidr.slice(slash + 1));
    if (!Number.isInteger(prefix)) continue;
    try {
      list.addSubnet(address, prefix, prefixFamily);
    } catch {
      // A malformed prefix length matches nothing (the control plane validates them).
    }
  }
  blockLists.set(cidrs, list);
  return list;
}

function sourceIpMatches(cidrs: readonly string[], clientIp: string): boolean {
  // A client on an IPv4-mapped IPv6 socket (::ffff:10.0.0.1) is matched as its IPv4 address.
  const ip = clientIp.startsWith('::ffff:') && isIPv4(clientIp.slice(7)) ? clientIp.slice(7) : clientIp;
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
  if (family === undefined) return false;
  return blockListOf(cidrs).check(ip, family);
}

/** One condition: any of its values matches (AWS ORs a condition's values). */
export function conditionMatches(condition: ConditionConfig, request: RoutedRequest): boolean {
  switch (condition.field) {
    case 'path-pattern':
      // Case-sensitive, against the path only (never the query string).
      return condition.values.some((v) => wildcardMatch(v, request.path));
    case 'host-header': {
      const host = hostWithoutPort(request.host);
      return condition.values.some((v) => wildcardMatch(v, host, true));
    }
    case 'http-header': {
      const name = condition.headerName.toLowerCase();
      const present = request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
      return present.some((value) => condition.values.some((v) => wildcardMatch(v, value, true)));
    }
    case 'http-request-method':
      // Method names are case-sensitive and take no wildcards.
      return condition.values.includes(request.method);
    case 'query-string': {
      const pairs = queryPairs(request.query);
      return condition.values.some(({ key, value }) =>
        pairs.some(([k, v]) => (key === undefined || wildcardMatch(key, k, true)) && wildcardMatch(value, v, true)),
      );
    }
    case 'source-ip':
      // The socket's peer, never X-Forwarded-For (as AWS documents for source-ip conditions).
      return sourceIpMatches(condition.values, request.clientIp);
  }
}

/** A rule matches when every one of its conditions does. */
export function ruleMatches(rule: RuleConfig, request: RoutedRequest): boolean {
  return rule.conditions.every((c) => conditionMatches(c, request));
}

/** A listener's rules in priority order, sorted once per (immutable) rule list rather than on every request. */
const sortedRules = new WeakMap<readonly RuleConfig[], readonly RuleConfig[]>();

function byPriority(rules: readonly RuleConfig[]): readonly RuleConfig[] {
  let sorted = sortedRules.get(rules);
  if (sorted === undefined) {
    sorted = [...rules].sort((a, b) => a.priority - b.priority);
    sortedRules.set(rules, sorted);
  }
  return sorted;
}

/** The actions for a request: the first matching rule in priority order, else the listener's default actions. */
export function selectActions(listener: ListenerConfig, request: RoutedRequest): readonly ActionConfig[] {
  for (const rule of byPriority(listener.rules)) if (ruleMatches(rule, request)) return rule.actions;
  return listener.defaultActions;
}

/** A weighted pick among a forward action's target groups (weight 0 never picked); undefined if all weigh 0. */
export function pickWeighted<T extends { readonly weight: number }>(
  items: readonly T[],
  random: () => number = Math.random,
): T | undefined {
  const total = items.reduce((sum, i) => sum + Math.max(0, i.weight), 0);
  if (total <= 0) return undefined;
  let at = random() * total;
  for (const item of items) {
    at -= Math.max(0, item.weight);
    if (at < 0) return item;
  }
  return items.filter((i) => i.weight > 0).at(-1);
}
