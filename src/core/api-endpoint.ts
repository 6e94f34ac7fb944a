// Warden's own API endpoint as a resource that carries traffic: its ARN (a Warden extension), and which services
// watch its exchanges (Shield Advanced, while the endpoint has a protection).
import type { Runtime, TrafficObserver } from './runtime.js';

/**
 * The endpoint's ARN: global (no Region: one endpoint answers for every Region), owned by the deployment's first
 * account (its exchanges are every account's calls, so only the deployment's owner may watch them). `arn:aws:` so
 * that it passes the `^arn:aws.*` pattern AWS's models give ARN members.
 */
export function apiEndpointArn(accountId: string): string {
  return `arn:aws:warden::${accountId}:endpoint/api`;
}

const API_ENDPOINT = /^arn:aws:warden::(\d{12}):endpoint\/api$/;

/** The account an API endpoint ARN names, or undefined when the ARN is not one. */
export function apiEndpointAccount(arn: string): string | undefined {
  return API_ENDPOINT.exec(arn)?.[1];
}

const NONE: readonly TrafficObserver[] = [];
const watchers = new WeakMap<Runtime, readonly TrafficObserver[]>();

/** Starts (or stops) handing the API endpoint's exchanges to `observer`. */
export function watchApiEndpoint(runtime: Runtime, observer: TrafficObserver, watching: boolean): void {
  const now = watchers.get(runtime) ?? NONE;
  const others = now.filter((o) => o !== observer);
  const next = watching ? [...others, observer] : others;
  if (next.length === 0) watchers.delete(runtime);
  else watchers.set(runtime, next);
}

/** The observers of the API endpoint's exchanges: the listener's per-request check (empty almost always). */
export function apiEndpointObservers(runtime: Runtime): readonly TrafficObserver[] {
  return watchers.get(runtime) ?? NONE;
}
