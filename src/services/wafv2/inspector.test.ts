// The inspector's verdicts: how an evaluation result becomes what the listener forwards or answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictFor } from './inspector.js';
import { evaluationResult, request } from './engine/test-support.js';
import type { InspectedRequest } from '../../core/traffic.js';
import { TokenFlow } from './tokens/flow.js';
import { SolvedPuzzles } from './tokens/puzzles.js';

const result = evaluationResult;
const keys = { token: Buffer.alloc(32, 1), nonce: Buffer.alloc(32, 2), captcha: Buffer.alloc(32, 3) };
/** The token flow for one request, under fixed test keys. */
const flow = (req: InspectedRequest) => new TokenFlow(keys, req, [], Date.now(), { solved: new SolvedPuzzles() });

test('Allow forwards, with the headers rules inserted', () => {
  assert.deepEqual(verdictFor(result({}), flow(request())), { action: 'allow' });
  assert.deepEqual(verdictFor(result({ insertHeaders: [['x-amzn-waf-a', '1']] }), flow(request())), {
    action: 'allow',
    insertHeaders: [['x-amzn-waf-a', '1']],
  });
});

test("a plain Block is the load balancer's 403 page", () => {
  const v = verdictFor(
    result({ action: 'BLOCK', terminatingRuleId: 'r', terminatingRuleType: 'REGULAR' }),
    flow(request()),
  );
  assert.equal(v.action, 'respond');
  if (v.action !== 'respond') return;
  assert.equal(v.status, 403);
  assert.match(v.body.toString(), /<title>403 Forbidden<\/title>/);
  assert.deepEqual(v.headers, [
    ['Server', 'awselb/2.0'],
    ['Content-Type', 'text/html'],
    ['Content-Length', String(v.body.length)],
  ]);
});

test('a custom response carries its status, headers, body and the body content type', () => {
  const v = verdictFor(
    result({
      action: 'BLOCK',
      customResponse: {
        status: 429,
        headers: [['retry-after', '30']],
        body: { key: 'k', contentType: 'APPLICATION_JSON', content: '{"é":1}' },
      },
    }),
    flow(request()),
  );
  assert.deepEqual(v, {
    action: 'respond',
    status: 429,
    headers: [
      ['retry-after', '30'],
      ['Content-Type', 'application/json'],
      ['Content-Length', '8'],
    ],
    body: Buffer.from('{"é":1}'),
  });
  const bare = verdictFor(result({ action: 'BLOCK', customResponse: { status: 451, headers: [] } }), flow(request()));
  assert.deepEqual(bare, { action: 'respond', status: 451, headers: [['Content-Length', '0']], body: Buffer.alloc(0) });
});

test('CAPTCHA answers 405 and challenge 202, with x-amzn-waf-action; the page only for a client accepting HTML', () => {
  const html = request({ headers: [['Accept', 'text/html,application/xhtml+xml']] });
  const captcha = verdictFor(result({ action: 'CAPTCHA' }), flow(html));
  assert.ok(captcha.action === 'respond');
  assert.equal(captcha.status, 405);
  assert.deepEqual(captcha.headers[0], ['x-amzn-waf-action', 'captcha']);
  assert.ok(captcha.body.length > 0);
  const challenge = verdictFor(result({ action: 'CHALLENGE' }), flow(request({ headers: [['accept', '*/*']] })));
  assert.ok(challenge.action === 'respond');
  assert.equal(challenge.status, 202);
  assert.deepEqual(challenge.headers[0], ['x-amzn-waf-action', 'challenge']);
  assert.equal(challenge.body.length, 0);
});
