// Hands each finished exchange at a listener to the services that learn from traffic (Shield), with capped fields.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime, TrafficObserver } from '../../../core/runtime.js';
import { capObserved } from '../../../core/traffic-observer.js';

export function findObservers(runtime: Runtime): readonly TrafficObserver[] {
  const found: TrafficObserver[] = [];
  for (const service of runtime.services.values()) if (service.traffic?.observer) found.push(service.traffic.observer);
  return found;
}

function header(value: string | string[] | undefined): string {
  return capObserved(Array.isArray(value) ? value[0] : value);
}

function path(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return capObserved(q < 0 ? u : u.slice(0, q));
}

/** Once the response is sent (or the client went away), what the exchange was. Nothing here can throw into the listener. */
export function observeExchange(
  runtime: Runtime,
  observers: readonly TrafficObserver[],
  loadBalancerArn: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (observers.length === 0) return;
  // Read now: by the time the response closes, the request may have been handed on (its socket detached).
  const clientIp = req.socket?.remoteAddress ?? '';
  res.once('close', () => {
    const exchange = {
      clientIp,
      path: path(req.url),
      userAgent: header(req.headers['user-agent']),
      referrer: header(req.headers.referer),
      bytes: Number(req.headers['content-length'] ?? 0) + Number(res.getHeader('content-length') ?? 0) || 0,
      status: res.statusCode,
    };
    for (const observer of observers) {
      try {
        observer.observe(runtime, loadBalancerArn, exchange);
      } catch (err) {
        runtime.log.warn({ err }, 'a traffic observer failed');
      }
    }
  });
}
