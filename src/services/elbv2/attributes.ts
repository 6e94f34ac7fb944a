// Load balancer and target group attributes: AWS's keys and defaults, checked; values Warden cannot honour refused.
import { validation } from './errors.js';

interface AttributeSpec {
  readonly default: string;
  /** Undefined when the value is acceptable, else why not. */
  readonly check: (value: string) => string | undefined;
}

const bool = (v: string) => (v === 'true' || v === 'false' ? undefined : 'must be true or false');
const intIn = (lo: number, hi: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? undefined : `must be an integer from ${lo} to ${hi}`;
const oneOf =
  (...values: string[]) =>
  (v: string) =>
    values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
/** A value Warden's data plane does not act on: only the value it does act on is accepted. */
const only = (value: string, why: string) => (v: string) => (v === value ? undefined : why);

export const LOAD_BALANCER_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  'idle_timeout.timeout_seconds': { default: '60', check: intIn(1, 4000) },
  'deletion_protection.enabled': { default: 'false', check: bool },
  'access_logs.s3.enabled': {
    default: 'false',
    check: only('false', 'cannot be true: Warden writes no access logs to S3'),
  },
  'access_logs.s3.bucket': { default: '', check: () => undefined },
  'access_logs.s3.prefix': { default: '', check: () => undefined },
  'client_keep_alive.seconds': { default: '3600', check: intIn(60, 604800) },
  'routing.http.desync_mitigation_mode': { default: 'defensive', check: oneOf('monitor', 'defensive', 'strictest') },
  'routing.http.drop_invalid_header_fields.enabled': { default: 'false', check: bool },
  'routing.http.preserve_host_header.enabled': { default: 'false', check: bool },
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': { default: 'false', check: bool },
  'routing.http.xff_client_port.enabled': { default: 'false', check: bool },
  'routing.http.xff_header_processing.mode': { default: 'append', check: oneOf('append', 'preserve', 'remove') },
  'routing.http2.enabled': { default: 'true', check: bool },
  'waf.fail_open.enabled': { default: 'false', check: bool },
};

export const TARGET_GROUP_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  'deregistration_delay.timeout_seconds': { default: '300', check: intIn(0, 3600) },
  'stickiness.enabled': {
    default: 'false',
    check: only('false', 'cannot be true: Warden does not keep sticky sessions'),
  },
  'stickiness.type': { default: 'lb_cookie', check: oneOf('lb_cookie', 'app_cookie') },
  'stickiness.lb_cookie.duration_seconds': { default: '86400', check: intIn(1, 604800) },
  'slow_start.duration_seconds': {
    default: '0',
    check: only('0', 'cannot be set: Warden does not ramp up new targets'),
  },
  'load_balancing.algorithm.type': {
    default: 'round_robin',
    check: only('round_robin', "must be 'round_robin': the only algorithm Warden's data plane runs"),
  },
  'load_balancing.cross_zone.enabled': {
    default: 'use_load_balancer_configuration',
    check: oneOf('true', 'false', 'use_load_balancer_configuration'),
  },
};

export const defaults = (specs: Readonly<Record<string, AttributeSpec>>): Record<string, string> =>
  Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));

/** Applies changes to stored attributes, refusing unknown keys and invalid values as AWS does (ValidationError). */
export function applyAttributes(
  kind: 'Load balancer' | 'Target group',
  specs: Readonly<Record<string, AttributeSpec>>,
  current: Record<string, string>,
  changes: readonly { Key?: string; Value?: string }[],
): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value } of changes) {
    const spec = Key === undefined ? undefined : specs[Key];
    if (!spec || Key === undefined) throw validation(`${kind} attribute key '${Key ?? ''}' is not recognized`);
    const why = spec.check(Value ?? '');
    if (why) throw validation(`${kind} attribute '${Key}' value '${Value ?? ''}' is not valid: it ${why}`);
    next[Key] = Value ?? '';
  }
  return next;
}

export const asList = (attrs: Record<string, string>) =>
  Object.entries(attrs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value }));
