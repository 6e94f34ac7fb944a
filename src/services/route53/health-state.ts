// A health check's status as Route 53 decides it from consecutive results (pure): FailureThreshold in a row flips it.

export interface HealthState {
  /** Whether the endpoint is healthy before Inverted applies; a new health check starts healthy, as Route 53's do. */
  readonly endpointHealthy: boolean;
  /** Consecutive results against the current state. */
  readonly streak: number;
}

export const NEW_HEALTH: HealthState = { endpointHealthy: true, streak: 0 };

/** The state after one more result: `threshold` consecutive results against the state flip it. */
export function afterResult(state: HealthState, ok: boolean, threshold: number): HealthState {
  if (ok === state.endpointHealthy) return { endpointHealthy: state.endpointHealthy, streak: 0 };
  const streak = state.streak + 1;
  return streak >= threshold ? { endpointHealthy: ok, streak: 0 } : { endpointHealthy: state.endpointHealthy, streak };
}

/**
 * The health check's status: Disabled checks are healthy whatever the endpoint does (Route 53 stops checking them);
 * Inverted ones report the opposite of the endpoint.
 */
export function reportedHealthy(state: HealthState, config: { Disabled?: boolean; Inverted?: boolean }): boolean {
  if (config.Disabled) return true;
  return config.Inverted ? !state.endpointHealthy : state.endpointHealthy;
}
