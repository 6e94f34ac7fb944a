// What a baseline is keyed and profiled by, from one CloudTrail record: the identity, its source network, its user agent.
import { isIP } from 'node:net';
import type { CloudTrailRecord } from '../../../audit/record.js';

/** Identity keys and profiled values are capped: a record's strings are a client's to choose. */
export const MAX_IDENTITY = 512;
export const MAX_VALUE = 256;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : undefined;
}

/**
 * The identity a record's behaviour is profiled under, or undefined for callers GuardDuty does not profile (AWS
 * services acting for the account, unauthenticated callers). An assumed role is profiled as its role (the session
 * issuer), since every session has a new ARN and a per-session baseline would never be established; other callers
 * by their ARN, else their principal id.
 */
export function identityKeyOf(record: Readonly<CloudTrailRecord>): string | undefined {
  const identity = objectAt(record, 'userIdentity');
  if (!identity) return undefined;
  const type = str(identity.type);
  if (type === undefined || type === 'AWSService' || type === 'Unknown') return undefined;
  let key: string | undefined;
  if (type === 'AssumedRole') key = str(objectAt(objectAt(identity, 'sessionContext'), 'sessionIssuer')?.arn);
  key ??= str(identity.arn) ?? str(identity.principalId);
  return key?.slice(0, MAX_IDENTITY);
}

/** The API a record is a call of, as `eventSource:eventName` (`iam.amazonaws.com:ListUsers`), capped. */
export function apiOf(record: Readonly<CloudTrailRecord>): string | undefined {
  const source = str(record.eventSource);
  const name = str(record.eventName);
  if (!source || !name) return undefined;
  return `${source}:${name}`.slice(0, MAX_VALUE);
}

/**
 * The source network of a call: its IPv4 /24 or IPv6 /48, so a caller moving within one network (DHCP, a NAT pool)
 * is not new. Undefined when the source is not an address (an AWS service's domain).
 */
export function networkOf(sourceIp: unknown): string | undefined {
  const ip = str(sourceIp);
  if (!ip) return undefined;
  const family = isIP(ip);
  if (family === 4) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (family !== 6) return undefined;
  return `${expandIpv6(ip).slice(0, 3).join(':')}::/48`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros (`::ffff:1.2.3.4` included). */
function expandIpv6(ip: string): string[] {
  let text = ip.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * Tokens SDKs and the CLI add to a user agent that change from call to call or release to release (the service
 * client, the command, feature metrics, the OS and runtime versions): a known client calling a new service is not
 * a new user agent.
 */
const VOLATILE_TOKENS = new Set([
  'ua',
  'os',
  'lang',
  'md',
  'api',
  'm',
  'cfg',
  'exec-env',
  'exe',
  'prompt',
  'command',
  'sid',
  'feat',
  'linux',
  'darwin',
  'windows',
  'python',
  'java',
  'node',
  'nodejs',
  'openjdk64-bitservervm',
  'vendor',
]);

/** The most product tokens a category keeps. */
const MAX_TOKENS = 6;

/**
 * The user agent's category, as GuardDuty profiles user agents (`aws-sdk-java`, `Botocore`, `aws-cli`): the
 * product names it carries, in order, without versions, comments or the SDKs' per-call metadata.
 * `aws-sdk-js/3.6 ua/2.1 os/linux#6 lang/js md/nodejs#20 api/iam#3.6 m/E` → `aws-sdk-js`; a tool appending its own
 * product (`aws-sdk-js/3.6 … exploit-kit/1.0`) → `aws-sdk-js exploit-kit`.
 */
export function userAgentCategory(userAgent: unknown): string | undefined {
  const ua = str(userAgent);
  if (!ua) return undefined;
  const names: string[] = [];
  // Comments "(X11; Linux x86_64)" say nothing of the client; the text is bounded before it is scanned.
  for (const token of ua
    .slice(0, 2048)
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)) {
    const name = token.split('/')[0]!.split('#')[0]!;
    if (name === '' || !/[a-z]/i.test(name) || VOLATILE_TOKENS.has(name.toLowerCase())) continue;
    if (!names.includes(name)) names.push(name);
    if (names.length === MAX_TOKENS) break;
  }
  return names.length === 0 ? undefined : names.join(' ').slice(0, MAX_VALUE);
}

/** Error codes that mean the caller was refused for want of permission, across the query and JSON protocols. */
const DENIALS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'NotAuthorized',
]);

export function isDenial(errorCode: unknown): boolean {
  return typeof errorCode === 'string' && DENIALS.has(errorCode);
}
