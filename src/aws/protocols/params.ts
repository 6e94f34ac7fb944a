// The query protocol's flat parameters (query string plus form body), parsed once per request and shared.
import type { HttpRequest } from '../http.js';

const parsed = new WeakMap<HttpRequest, ReadonlyMap<string, string>>();

/** Whether the body is a form: declared so, or (as some clients send it) a POST without a content type. */
function hasFormBody(req: HttpRequest): boolean {
  if (req.body.length === 0) return false;
  const type = req.headers['content-type'];
  if (type === undefined) return req.method.toUpperCase() === 'POST' && req.body[0] !== 0x7b; // not '{'
  return type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/**
 * Query-string parameters, then the form body's (which win): AWS query services accept either, and
 * presigned GETs (STS GetCallerIdentity) carry everything in the query string. The first value of a
 * repeated name counts.
 */
export function queryParams(req: HttpRequest): ReadonlyMap<string, string> {
  let params = parsed.get(req);
  if (!params) {
    const map = new Map<string, string>();
    for (const [name, value] of Object.entries(req.query)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) map.set(name, first);
    }
    if (hasFormBody(req)) {
      const seen = new Set<string>();
      for (const [name, value] of new URLSearchParams(req.body.toString('utf8'))) {
        if (seen.has(name)) continue;
        seen.add(name);
        map.set(name, value);
      }
    }
    params = map;
    parsed.set(req, params);
  }
  return params;
}
