// Prometheus metrics: requests by service, operation and status, and a latency histogram.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  observe(service: string, operation: string, status: number, seconds: number): void;
}

export function createMetrics(): Metrics {
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
    observe(service, operation, status, seconds) {
      requests.inc({ service, operation, status: String(status) });
      latency.observe({ service, operation }, seconds);
    },
  };
}
