// Prometheus metrics: requests by service, operation and status, and a latency histogram.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { loadModel, type ModelName } from './aws/model.js';

export interface Metrics {
  readonly registry: Registry;
  observe(service: string, operation: string, status: number, seconds: number): void;
}

/** The one label value for every service or operation that is not a known one. */
export const UNKNOWN_LABEL = 'unknown';

/**
 * Each label series costs memory for the life of the process and bytes in every scrape, so label values come
 * only from fixed sets: a service Warden serves, an operation its model has, a status. The names a request
 * asks for are the client's to choose (an `Action` of a megabyte, a new one each time); they all count as
 * `unknown`. The request log (src/request-log.ts) names requests by the same rule.
 */
export function labelsFrom(served: Iterable<ModelName>): (service: string, operation: string) => [string, string] {
  const operations = new Map<string, ReadonlySet<string>>();
  for (const service of served) operations.set(service, new Set(Object.keys(loadModel(service).operations)));
  return (service, operation) => {
    const known = operations.get(service);
    if (!known) return [UNKNOWN_LABEL, UNKNOWN_LABEL];
    return [service, known.has(operation) ? operation : UNKNOWN_LABEL];
  };
}

/** served: the services whose names may become labels (the registered providers). */
export function createMetrics(served: Iterable<ModelName>): Metrics {
  const labels = labelsFrom(served);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'warden_requests_total',
    help: 'AWS API requests handled, by service, operation and HTTP status.',
    labelNames: ['service', 'operation', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'warden_request_duration_seconds',
    help: 'AWS API request latency, from receipt to response, in seconds.',
    labelNames: ['service', 'operation'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    observe(requestedService, requestedOperation, status, seconds) {
      const [service, operation] = labels(requestedService, requestedOperation);
      // A status is a three-digit number Warden itself answered with; anything else is not one to keep.
      const code = Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : UNKNOWN_LABEL;
      requests.inc({ service, operation, status: code });
      latency.observe({ service, operation }, seconds);
    },
  };
}
