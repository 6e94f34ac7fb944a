// The audit trail's live feed: hands each committed record to every service that observes the trail (GuardDuty).
import type { CloudTrailRecord } from '../audit/record.js';
import type { Runtime, ServiceDescriptor, TrailObserver } from './runtime.js';

/**
 * What the audit writer calls after each commit. Records reach observers only once durable, so a detection never
 * acts on a call whose record was then lost; an observer that throws is logged and the others still see the record.
 * The runtime is passed late because the writer exists before the runtime that holds it.
 */
export function trailFeed(
  services: Iterable<ServiceDescriptor>,
  runtimeOf: () => Runtime | undefined,
): (records: readonly CloudTrailRecord[]) => void {
  const observers: TrailObserver[] = [];
  for (const s of services) if (s.trail?.observer) observers.push(s.trail.observer);
  return (records) => {
    const runtime = runtimeOf();
    if (runtime === undefined || observers.length === 0) return;
    for (const record of records) {
      for (const observer of observers) {
        try {
          observer.observe(runtime, record);
        } catch (err) {
          runtime.log.error({ err }, 'a trail observer failed');
        }
      }
    }
  };
}
