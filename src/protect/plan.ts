// What `warden protect` is asked to make, checked before any call: the upstream target, port, name and rule groups.
import { isIPv4 } from 'node:net';

/** The short names the command takes, and the AWS managed rule group each stands for. */
export const MANAGED_RULE_SHORT_NAMES: Readonly<Record<string, string>> = {
  core: 'AWSManagedRulesCommonRuleSet',
  sqli: 'AWSManagedRulesSQLiRuleSet',
  'known-bad-inputs': 'AWSManagedRulesKnownBadInputsRuleSet',
  linux: 'AWSManagedRulesLinuxRuleSet',
  unix: 'AWSManagedRulesUnixRuleSet',
  windows: 'AWSManagedRulesWindowsRuleSet',
  php: 'AWSManagedRulesPHPRuleSet',
  admin: 'AWSManagedRulesAdminProtectionRuleSet',
};

export const DEFAULT_MANAGED_RULES = 'core,sqli,known-bad-inputs';

/** ELBv2's rule for load balancer and target group names (the web ACL's is looser): 32 alphanumerics or hyphens. */
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

export interface ProtectPlan {
  /** Names the load balancer, the target group and the web ACL alike. */
  name: string;
  upstream: { ip: string; port: number };
  listenerPort: number;
  /** AWS managed rule group names, in the order given (the rules' priorities follow it). */
  managedRuleGroups: string[];
}

export class PlanError extends Error {}

function parsePort(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new PlanError(`${what} must be a port number from 1 to 65535 (got '${text.slice(0, 64)}')`);
  }
  return Number(text);
}

/** The upstream as a load balancer target: an IPv4 address (localhost resolves to 127.0.0.1) and a port. */
export function parseUpstream(text: string): { ip: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlanError(`--upstream must be a URL like http://127.0.0.1:8080 (got '${text.slice(0, 200)}')`);
  }
  if (url.protocol !== 'http:') {
    throw new PlanError(
      `--upstream must be an http:// URL: the target group forwards plain HTTP (got ${url.protocol})`,
    );
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new PlanError(
      '--upstream must be a scheme, host and port only: a target is an address, requests keep their path',
    );
  }
  // Targets are IP addresses (Warden's target groups are TargetType ip); localhost is the one name resolved here.
  const ip = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  if (!isIPv4(ip)) {
    throw new PlanError(
      `--upstream's host must be an IPv4 address or localhost: targets are IP addresses (got '${url.hostname}')`,
    );
  }
  return { ip, port: url.port === '' ? 80 : Number(url.port) };
}

export function parseManagedRules(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new PlanError('--managed-rules must name at least one rule group');
  const groups: string[] = [];
  for (const short of names) {
    const group = Object.hasOwn(MANAGED_RULE_SHORT_NAMES, short) ? MANAGED_RULE_SHORT_NAMES[short] : undefined;
    if (!group) {
      throw new PlanError(
        `--managed-rules: unknown rule group '${short.slice(0, 64)}'; choose from ${Object.keys(MANAGED_RULE_SHORT_NAMES).join(', ')}`,
      );
    }
    if (!groups.includes(group)) groups.push(group);
  }
  return groups;
}

export interface ProtectFlags {
  upstream: string;
  port: string;
  managedRules?: string;
  name?: string;
}

export function planProtection(flags: ProtectFlags): ProtectPlan {
  const upstream = parseUpstream(flags.upstream);
  const listenerPort = parsePort(flags.port, '--port');
  const name = flags.name ?? `warden-protect-${listenerPort}`;
  if (!NAME.test(name) || name.toLowerCase().startsWith('internal-')) {
    throw new PlanError(
      `--name must be 1 to 32 letters, digits or hyphens, not beginning or ending with a hyphen nor with 'internal-' (it names the load balancer and target group)`,
    );
  }
  return {
    name,
    upstream,
    listenerPort,
    managedRuleGroups: parseManagedRules(flags.managedRules ?? DEFAULT_MANAGED_RULES),
  };
}
