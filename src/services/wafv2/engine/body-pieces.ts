// The pieces of a body the injection detector reads besides the whole: a JSON body's keys and strings, a form's names
// and values. libinjection decides from a string's first tokens, so an injection in a body's second field would be
// invisible to it in the whole body, where AWS's SQL injection and XSS statements find it anywhere in the component.
import type { CompiledField } from './fields.js';
import type { RequestView } from './request-view.js';

/**
 * At most this many pieces per body. An ALB body is at most 8 KB, so this bounds the work per request anyway; the cap
 * keeps a body of thousands of one-byte fields from sending thousands of strings to libddwaf.
 */
export const MAX_BODY_PIECES = 256;

/**
 * The body's pieces, raw (transformations are the caller's): the keys and scalar values of a body that reads as JSON
 * (its strings unescaped, as the application sees them after parsing), else the names and values of a body holding
 * `name=value` pairs separated by `&` (still percent-encoded, as in the body). A body that is neither has no pieces.
 * Decided by the body itself, not its Content-Type: the header is the client's to choose.
 */
export function bodyPieces(view: RequestView): string[] {
  const body = view.body();
  const out: string[] = [];
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') {
    for (const t of view.jsonBody().tokens) {
      if (out.length >= MAX_BODY_PIECES) break;
      if (t.text !== '') out.push(t.text);
    }
    return out;
  }
  if (body.indexOf('=') < 0) return out;
  let start = 0;
  while (start <= body.length && out.length < MAX_BODY_PIECES) {
    let end = body.indexOf('&', start);
    if (end < 0) end = body.length;
    const pair = body.slice(start, end);
    const eq = pair.indexOf('=');
    if (eq < 0) {
      if (pair !== '') out.push(pair);
    } else {
      if (eq > 0) out.push(pair.slice(0, eq));
      if (eq < pair.length - 1 && out.length < MAX_BODY_PIECES) out.push(pair.slice(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

/**
 * The pieces as a field of their own, so that each transformation chain's pieces are computed once per request, and
 * chains that begin alike share their beginning (fields.ts inspect). Only the injection detector reads it, beside Body.
 */
export const BODY_PIECES_FIELD: CompiledField = { key: 'body-pieces', extract: bodyPieces };
