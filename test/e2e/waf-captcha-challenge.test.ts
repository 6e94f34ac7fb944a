// CAPTCHA and Challenge through a real listener: the interstitial is solved, the aws-waf-token cookie set, and the retried request reaches the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  GetSampledRequestsCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import { sendToListener, type Reply, type SendOptions } from '../helpers/listener-client.js';
import { tokenKeys } from '../../src/services/wafv2/tokens/keys.js';
import { leadingZeroBits, openCaptcha, workDigest } from '../../src/services/wafv2/tokens/puzzles.js';
import { signToken } from '../../src/services/wafv2/tokens/token.js';

let w: TestWarden;
let waf: WAFV2Client;
let app: Server;
let listenerPort: number;
let aclArn: string;
const start = new Date(Date.now() - 1000);
const ENDPOINT = '/.warden-waf/v1/verify';

/** What the app answers for any path: every byte value, then the URL, so a byte-for-byte comparison means something. */
const appBody = (url: string) =>
  Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(url)]);

const send = (path: string, opts: SendOptions = {}): Promise<Reply> => sendToListener(listenerPort, path, opts);

const HTML = { Accept: 'text/html,application/xhtml+xml' };
const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  send(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

function field(page: Buffer, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.toString());
  assert.ok(m, `the page carries ${name}`);
  return m[1]!;
}

/** The aws-waf-token value from a Set-Cookie answer, checking the cookie's attributes. */
function tokenFrom(reply: Reply): string {
  const set = reply.headers['set-cookie'];
  assert.ok(set && set.length === 1, 'one cookie set');
  const m = /^aws-waf-token=([^;]+); Path=\/; Max-Age=\d+; SameSite=Lax$/.exec(set[0]!);
  assert.ok(m, set[0]);
  return m[1]!;
}

/** What the challenge page's script does, in Node: the smallest counter whose digest has enough leading zero bits. */
function solveChallenge(page: Buffer): { nonce: string; solution: string } {
  const nonce = field(page, 'nonce');
  const difficulty = Number(/difficulty = (\d+)/.exec(page.toString())![1]);
  for (let n = 0; ; n++)
    if (leadingZeroBits(workDigest(nonce, String(n))) >= difficulty) return { nonce, solution: String(n) };
}

const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: name });
const startsWith = (prefix: string) => ({
  ByteMatchStatement: {
    FieldToMatch: { UriPath: {} },
    SearchString: new TextEncoder().encode(prefix),
    PositionalConstraint: 'STARTS_WITH' as const,
    TextTransformations: [{ Priority: 0, Type: 'NONE' as const }],
  },
});

const RULES: Rule[] = [
  {
    Name: 'challenge-protected',
    Priority: 0,
    Statement: startsWith('/protected'),
    Action: { Challenge: {} },
    ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
    VisibilityConfig: vis('challenge-metric'),
  },
  {
    Name: 'captcha-login',
    Priority: 1,
    Statement: startsWith('/login'),
    Action: { Captcha: {} },
    CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 120 } },
    VisibilityConfig: vis('captcha-metric'),
  },
  {
    // A later rule sees the token label the challenge check added.
    Name: 'token-accepted',
    Priority: 2,
    Statement: { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:token:accepted' } },
    Action: { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'token', Value: 'accepted' }] } } },
    VisibilityConfig: vis('accepted-metric'),
  },
];

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = appBody(req.url ?? '');
      res.writeHead(200, {
        'X-App': 'yes',
        'X-Saw-Token-Label': String(req.headers['x-amzn-waf-token'] ?? ''),
        'Content-Type': 'application/octet-stream',
        'Content-Length': body.length,
      });
      res.end(body);
    });
  });
  const appPort = await listenLocally(app);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-tokens', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'waf-tokens-app', appPort);
  listenerPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, listenerPort)));
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'token-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: RULES,
      VisibilityConfig: vis('token-acl'),
    }),
  );
  aclArn = created.Summary!.ARN!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: lb.LoadBalancerArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

async function labelsSampled(metric: string): Promise<string[][]> {
  const r = await waf.send(
    new GetSampledRequestsCommand({
      WebAclArn: aclArn,
      RuleMetricName: metric,
      Scope: 'REGIONAL',
      TimeWindow: { StartTime: start, EndTime: new Date(Date.now() + 1000) },
      MaxItems: 100,
    }),
  );
  return (r.SampledRequests ?? []).map((s) => (s.Labels ?? []).map((l) => l.Name!));
}

test('Challenge: 202 with the page, solved as its script would, the cookie set, and the retried request reaches the app', async () => {
  const path = '/protected/report?year=2026';
  const challenged = await send(path, { headers: HTML });
  assert.equal(challenged.status, 202);
  assert.equal(challenged.headers['x-amzn-waf-action'], 'challenge');
  assert.equal(challenged.headers['x-app'], undefined);
  assert.match(challenged.headers['content-type']!, /^text\/html/);
  assert.match(challenged.body.toString(), new RegExp(`action="${ENDPOINT}"`));
  assert.match(challenged.body.toString(), /crypto\.subtle\.digest\('SHA-256'/);

  const verified = await postForm({ kind: 'challenge', ...solveChallenge(challenged.body) });
  assert.equal(verified.status, 303);
  assert.equal(verified.headers['location'], path, 'sent back where it was going');
  assert.equal(verified.headers['x-app'], undefined, 'the endpoint never reaches the app');
  const token = tokenFrom(verified);

  const retried = await send(path, { headers: { ...HTML, Cookie: `theme=dark; aws-waf-token=${token}` } });
  assert.equal(retried.status, 200);
  assert.equal(retried.headers['x-app'], 'yes');
  assert.ok(retried.body.equals(appBody(path)), 'the app’s answer byte for byte');
  assert.equal(retried.headers['x-saw-token-label'], 'accepted', 'a later LabelMatch rule saw token:accepted');
  const accepted = await labelsSampled('accepted-metric');
  assert.ok(
    accepted.some((l) => l.includes('awswaf:managed:token:accepted')),
    JSON.stringify(accepted),
  );

  // A request not asking for HTML gets the bare 202: nothing it could run.
  const api = await send('/protected/data', { headers: { Accept: 'application/json' } });
  assert.equal(api.status, 202);
  assert.equal(api.headers['x-amzn-waf-action'], 'challenge');
  assert.equal(api.body.length, 0);
});

test('a tampered, forged or wrong-answer token is rejected and labelled; the page comes back', async () => {
  const challenged = await send('/protected/x', { headers: HTML });
  const token = tokenFrom(await postForm({ kind: 'challenge', ...solveChallenge(challenged.body) }));
  const [payload, mac] = token.split('.') as [string, string];
  const tampered = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
  const r = await send('/protected/x', { headers: { ...HTML, Cookie: `aws-waf-token=${tampered}` } });
  assert.equal(r.status, 202);
  assert.equal(r.headers['x-app'], undefined);
  const oversized = await send('/protected/x', { headers: { Cookie: `aws-waf-token=${'A'.repeat(5000)}` } });
  assert.equal(oversized.status, 202);
  const sampled = await labelsSampled('challenge-metric');
  assert.ok(
    sampled.some(
      (l) => l.includes('awswaf:managed:token:rejected') && l.includes('awswaf:managed:token:rejected:invalid'),
    ),
    JSON.stringify(sampled),
  );
  assert.ok(sampled.some((l) => l.includes('awswaf:managed:token:absent')));

  // Too little work, and a nonce whose signature does not verify, earn no cookie.
  const nonce = field((await send('/protected/y', { headers: HTML })).body, 'nonce');
  let weak = 0;
  while (leadingZeroBits(workDigest(nonce, String(weak))) >= 16) weak++;
  const refused = await postForm({ kind: 'challenge', nonce, solution: String(weak) });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers['set-cookie'], undefined);
  const forged = await postForm({ kind: 'challenge', nonce: `${nonce.split('.')[0]}.AAAA`, solution: '0' });
  assert.equal(forged.status, 403);
});

test('CAPTCHA: 405 with a puzzle; a wrong answer gets a new one; the right one sets a token that also passes Challenge', async () => {
  const keys = await tokenKeys(w.warden.runtime);
  const shown = await send('/login?next=%2Fhome', { headers: HTML });
  assert.equal(shown.status, 405);
  assert.equal(shown.headers['x-amzn-waf-action'], 'captcha');
  assert.match(shown.body.toString(), /<img alt="CAPTCHA puzzle"[^>]*src="data:image\/svg\+xml;base64,/);
  const first = field(shown.body, 'puzzle');
  // White-box: the test reads the answer by opening the sealed puzzle with the deployment's key.
  const answer = openCaptcha(keys.captcha, first)!.a;
  assert.match(answer, /^[A-Z0-9]{6}$/);
  assert.ok(!shown.body.toString().includes(answer), 'the answer is not in the page as text');

  const wrong = await postForm({ kind: 'captcha', puzzle: first, answer: answer === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA' });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers['x-amzn-waf-action'], 'captcha');
  assert.equal(wrong.headers['set-cookie'], undefined);
  const second = field(wrong.body, 'puzzle');
  assert.notEqual(second, first);

  const solved = await postForm({
    kind: 'captcha',
    puzzle: second,
    answer: openCaptcha(keys.captcha, second)!.a.toLowerCase(),
  });
  assert.equal(solved.status, 303);
  assert.equal(solved.headers['location'], '/login?next=%2Fhome');
  const token = tokenFrom(solved);
  const again = await postForm({ kind: 'captcha', puzzle: second, answer: openCaptcha(keys.captcha, second)!.a });
  assert.equal(again.status, 405, 'a solved puzzle is accepted once');

  const login = await send('/login?next=%2Fhome', { headers: { ...HTML, Cookie: `aws-waf-token=${token}` } });
  assert.equal(login.status, 200);
  assert.ok(login.body.equals(appBody('/login?next=%2Fhome')));
  const protectedPage = await send('/protected/after-captcha', { headers: { Cookie: `aws-waf-token=${token}` } });
  assert.equal(protectedPage.status, 200, 'a solved CAPTCHA satisfies Challenge too');
});

test('a token past the rule’s ImmunityTime is rejected as expired and the puzzle shown again', async () => {
  const keys = await tokenKeys(w.warden.runtime);
  const now = Math.floor(Date.now() / 1000);
  const old = signToken(keys.token, {
    domain: '127.0.0.1',
    challengeAt: now - 200,
    captchaAt: now - 200,
    id: 'BBBBBBBBBBBBBBBB',
  });
  const r = await send('/login', { headers: { ...HTML, Cookie: `aws-waf-token=${old}` } });
  assert.equal(r.status, 405, 'CAPTCHA immunity is 120 s');
  const challenge = await send('/protected/z', { headers: { Cookie: `aws-waf-token=${old}` } });
  assert.equal(challenge.status, 200, 'the same token is within the challenge’s 300 s');
  const sampled = await labelsSampled('captcha-metric');
  assert.ok(
    sampled.some((l) => l.includes('awswaf:managed:captcha:rejected:expired')),
    JSON.stringify(sampled),
  );
  // Another host's token is a domain mismatch.
  const foreign = signToken(keys.token, {
    domain: 'other.example',
    challengeAt: now,
    captchaAt: now,
    id: 'CCCCCCCCCCCCCCCC',
  });
  assert.equal((await send('/login', { headers: { Cookie: `aws-waf-token=${foreign}` } })).status, 405);
  assert.ok(
    (await labelsSampled('captcha-metric')).some((l) => l.includes('awswaf:managed:captcha:rejected:domain_mismatch')),
  );
});

test('the reserved endpoint is bounded and reserves nothing else: other paths under it go through the web ACL to the app', async () => {
  const get = await send(ENDPOINT);
  assert.equal(get.status, 405);
  assert.equal(get.headers['x-amzn-waf-action'], undefined);
  assert.equal(get.headers['x-app'], undefined);
  const big = await postForm({ kind: 'challenge', nonce: 'x'.repeat(9000), solution: '1' });
  assert.equal(big.status, 413);
  const json = await send(ENDPOINT, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(json.status, 415);
  assert.equal((await postForm({ kind: 'other' })).status, 400);
  const elsewhere = await send('/.warden-waf/v1/verify/../other');
  assert.equal(elsewhere.headers['x-app'], 'yes');
  const sibling = await send('/.warden-waf/v2');
  assert.equal(sibling.status, 200);
  assert.equal(sibling.headers['x-app'], 'yes');
});

test('the token key is stored once, wrapped under the master key, never in plaintext', async () => {
  const rows = await w.warden.runtime.store.db.selectFrom('wafv2_token_keys').selectAll().execute();
  assert.equal(rows.length, 1);
  assert.match(rows[0]!.key_wrapped, /^v1\./);
  const raw = w.warden.runtime.secrets.unwrap(rows[0]!.key_wrapped, `wafv2-token-key:${rows[0]!.key_id}`);
  assert.equal(raw.length, 32);
  assert.ok(!rows[0]!.key_wrapped.includes(raw.toString('base64url')));
});
