// The CAPTCHA and challenge interstitials: 405 / 202 with x-amzn-waf-action, and for a client accepting HTML the page to solve.
import type { InspectedRequest, TrafficVerdict } from '../../../core/traffic.js';
import { captchaSvg } from './captcha-image.js';

/**
 * The listener path the pages post their answers to. `/.warden-waf/` is reserved on every listener a web ACL protects:
 * a leading-dot segment no ordinary app routes, and the versioned name leaves room for a later protocol.
 */
export const TOKEN_ENDPOINT = '/.warden-waf/v1/verify';
export const RESERVED_PREFIX = '/.warden-waf/';

/** Pages run their one inline script and post only to this origin; nothing else loads. */
const PAGE_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'";

export function acceptsHtml(request: InspectedRequest): boolean {
  return request.headers.some(([n, v]) => n.toLowerCase() === 'accept' && v.toLowerCase().includes('text/html'));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}' +
  'input[name=answer]{font-size:1.2rem;letter-spacing:.2em;width:10em}button{font-size:1rem}</style>';

/** The challenge page: its script finds a counter whose SHA-256 with the signed nonce has `difficulty` leading zero bits. */
export function challengePage(nonce: string, difficulty: number): Buffer {
  return Buffer.from(
    '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      `<title>Checking your browser</title>${STYLE}</head>\n<body>\n` +
      '<p id="status">Checking your browser before you continue…</p>\n' +
      '<noscript><p>This check needs JavaScript. Enable it and reload the page.</p></noscript>\n' +
      `<form id="answer" method="POST" action="${TOKEN_ENDPOINT}">` +
      '<input type="hidden" name="kind" value="challenge">' +
      `<input type="hidden" name="nonce" value="${escapeHtml(nonce)}">` +
      '<input type="hidden" name="solution" value=""></form>\n' +
      `<script>(async function () {
  var form = document.getElementById('answer'), difficulty = ${difficulty};
  if (!window.crypto || !window.crypto.subtle) {
    document.getElementById('status').textContent = 'This check needs a secure context (HTTPS, or localhost).';
    return;
  }
  var nonce = form.elements.nonce.value, encoder = new TextEncoder();
  for (var n = 0; ; n++) {
    var h = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(nonce + ':' + n)));
    var bits = 0, i = 0;
    while (i < h.length && h[i] === 0) { bits += 8; i++; }
    if (i < h.length) bits += Math.clz32(h[i]) - 24;
    if (bits >= difficulty) { form.elements.solution.value = String(n); form.submit(); return; }
  }
})();</script>\n</body>\n</html>\n`,
  );
}

/** The CAPTCHA page: the drawn characters, the sealed puzzle, and a plain form (no script needed). */
export function captchaPage(sealed: string, answer: string, retry: boolean): Buffer {
  const image = Buffer.from(captchaSvg(answer)).toString('base64');
  return Buffer.from(
    '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      `<title>Human Verification</title>${STYLE}</head>\n<body>\n` +
      `<p>${retry ? 'That answer was not right, or the puzzle expired. Try this one.' : 'To continue, type the characters you see.'}</p>\n` +
      `<p><img alt="CAPTCHA puzzle" width="280" height="90" src="data:image/svg+xml;base64,${image}"></p>\n` +
      `<form method="POST" action="${TOKEN_ENDPOINT}">` +
      '<input type="hidden" name="kind" value="captcha">' +
      `<input type="hidden" name="puzzle" value="${escapeHtml(sealed)}">` +
      '<input name="answer" autocomplete="off" autocapitalize="characters" maxlength="16" required autofocus> ' +
      '<button type="submit">Continue</button></form>\n</body>\n</html>\n',
  );
}

/** 405 `captcha` / 202 `challenge`, as AWS answers; the page only when the client accepts HTML (else an empty body). */
export function interstitial(kind: 'CAPTCHA' | 'CHALLENGE', page: Buffer | undefined): TrafficVerdict {
  const captcha = kind === 'CAPTCHA';
  const body = page ?? Buffer.alloc(0);
  return {
    action: 'respond',
    status: captcha ? 405 : 202,
    headers: [
      ['x-amzn-waf-action', captcha ? 'captcha' : 'challenge'],
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Cache-Control', 'no-store'],
      ...(page ? ([['Content-Security-Policy', PAGE_CSP]] as const) : []),
      ['Content-Length', String(body.length)],
    ],
    body,
  };
}
