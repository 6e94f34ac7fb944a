// A target's health as DescribeTargetHealth reports it: the state machine fed by health-check results (pure).

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

/** One health check's outcome. */
export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'code'; readonly status: number }
  | { readonly ok: false; readonly kind: 'timeout' }
  | { readonly ok: false; readonly kind: 'error' };

export interface TargetHealth {
  readonly state: TargetHealthState;
  readonly reason?: string;
  readonly description?: string;
  /** Consecutive successes / failures so far (reset by the opposite result). */
  readonly successes: number;
  readonly failures: number;
}

export const REGISTERING: TargetHealth = {
  state: 'initial',
  reason: 'Elb.RegistrationInProgress',
  description: 'Target registration is in progress',
  successes: 0,
  failures: 0,
};
export const INITIAL_CHECKING: TargetHealth = {
  state: 'initial',
  reason: 'Elb.InitialHealthChecking',
  description: 'Initial health checks in progress',
  successes: 0,
  failures: 0,
};
export const NOT_IN_USE: TargetHealth = {
  state: 'unused',
  reason: 'Target.NotInUse',
  description: 'Target group is not configured to receive traffic from the load balancer',
  successes: 0,
  failures: 0,
};
export const DRAINING: TargetHealth = {
  state: 'draining',
  reason: 'Target.DeregistrationInProgress',
  description: 'Target deregistration is in progress',
  successes: 0,
  failures: 0,
};
export const CHECKS_DISABLED: TargetHealth = {
  state: 'unavailable',
  reason: 'Target.HealthCheckDisabled',
  description: 'Health checks are disabled',
  successes: 0,
  failures: 0,
};

function failureReason(result: Exclude<CheckResult, { ok: true }>): { reason: string; description: string } {
  switch (result.kind) {
    case 'code':
      return {
        reason: 'Target.ResponseCodeMismatch',
        description: `Health checks failed with these codes: [${result.status}]`,
      };
    case 'timeout':
      return { reason: 'Target.Timeout', description: 'Request timed out' };
    default:
      return { reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
  }
}

/**
 * The health after one more check. A target turns healthy after `healthy` consecutive successes and unhealthy after
 * `unhealthy` consecutive failures, from initial as from the opposite state; an unhealthy target's reason follows the
 * latest failure.
 */
export function afterCheck(
  current: TargetHealth,
  result: CheckResult,
  thresholds: { readonly healthy: number; readonly unhealthy: number },
): TargetHealth {
  if (result.ok) {
    const successes = current.successes + 1;
    if (current.state === 'healthy' || successes >= thresholds.healthy)
      return { state: 'healthy', successes, failures: 0 };
    const waiting = current.state === 'initial' ? INITIAL_CHECKING : current;
    return { ...waiting, successes, failures: 0 };
  }
  const failures = current.failures + 1;
  if (current.state === 'unhealthy' || failures >= thresholds.unhealthy) {
    return { state: 'unhealthy', ...failureReason(result), successes: 0, failures };
  }
  const waiting = current.state === 'initial' ? INITIAL_CHECKING : current;
  return { ...waiting, successes: 0, failures };
}

/**
 * Whether a status matches a Matcher's HttpCode: codes and ranges separated by commas ("200", "200,302",
 * "200-299"); anything malformed matches nothing (the control plane validates the matcher).
 */
export function matchesSuccessCodes(matcher: string, status: number): boolean {
  for (const part of matcher.split(',')) {
    const text = part.trim();
    const range = /^(\d{3})-(\d{3})$/.exec(text);
    if (range !== null && status >= Number(range[1]) && status <= Number(range[2])) return true;
    if (/^\d{3}$/.test(text) && Number(text) === status) return true;
  }
  return false;
}
