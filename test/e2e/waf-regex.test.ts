// WAF regexes end to end: AWS's refusals at create/update time, and a regex pattern set deciding live listener traffic
// on a linear-time engine, so a pattern that backtracks exponentially in JavaScript answers at once and stalls nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateRegexPatternSetCommand,
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  GetRegexPatternSetCommand,
  UpdateRegexPatternSetCommand,
  WAFV2Client,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';
import { sendToListener } from '../helpers/listener-client.js';

let w: TestWarden;
let waf: WAFV2Client;
let app: Server;
let listenerPort: number;

const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });
const none = [{ Priority: 0, Type: 'NONE' as const }];
const FORMAT = "The parameter contains formatting that isn't valid.";
/** Hang guard only (nothing here asserts how long a request takes). */
const GUARD = { timeout: 120_000 };

const regexRule = (name: string, priority: number, RegexString: string): Rule => ({
  Name: name,
  Priority: priority,
  Statement: {
    RegexMatchStatement: {
      RegexString,
      FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
      TextTransformations: none,
    },
  },
  Action: { Block: {} },
  VisibilityConfig: vis(name),
});

async function refused(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & Record<string, unknown>;
    assert.equal(err.name, 'WAFInvalidParameterException', err.message);
    return err;
  }
  assert.fail('expected WAFInvalidParameterException');
}

/** One GET to the listener on its own connection: status and whether the app answered. */
async function get(path: string, userAgent = 'waf-regex-e2e/1.0'): Promise<{ status: number; fromApp: boolean }> {
  const r = await sendToListener(listenerPort, path, { headers: { 'User-Agent': userAgent } });
  return { status: r.status, fromApp: r.headers['x-app'] === 'echo' };
}

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((_req, res) => {
    res.writeHead(200, { 'X-App': 'echo', 'Content-Length': 2 });
    res.end('ok');
  });
  const appPort = await listenLocally(app);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-regex', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'waf-regex-app', appPort);
  listenerPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, listenerPort)));

  const set = await waf.send(
    new CreateRegexPatternSetCommand({
      Name: 'paths',
      Scope: 'REGIONAL',
      // (a+)+$ backtracks exponentially in JavaScript on a run of a's that ends otherwise.
      RegularExpressionList: [{ RegexString: '(a+)+$' }, { RegexString: '(?i)^/admin/' }],
    }),
  );
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'regex-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: 'paths',
          Priority: 0,
          Statement: {
            RegexPatternSetReferenceStatement: {
              ARN: set.Summary!.ARN!,
              FieldToMatch: { UriPath: {} },
              TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
            },
          },
          Action: { Block: {} },
          VisibilityConfig: vis('paths'),
        },
        regexRule('bots', 1, 'B[a@]dB[o0]t'),
      ],
      VisibilityConfig: vis('regex-acl'),
    }),
  );
  await waf.send(new AssociateWebACLCommand({ WebACLArn: created.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

describe('refused at create and update time with AWS exception and its Field, Parameter and Reason', () => {
  test('CreateRegexPatternSet and UpdateRegexPatternSet', async () => {
    for (const bad of ['a++b', '(?<=x)y', '(?>a)b', 'a\\Kb', 'a{1001}']) {
      const err = await refused(
        waf.send(
          new CreateRegexPatternSetCommand({
            Name: 'bad',
            Scope: 'REGIONAL',
            RegularExpressionList: [{ RegexString: bad }],
          }),
        ),
      );
      assert.deepEqual([err.Field, err.Parameter, err.Reason], ['REGEX_PATTERN_SET', bad, FORMAT], bad);
    }
    const made = await waf.send(
      new CreateRegexPatternSetCommand({
        Name: 'ok',
        Scope: 'REGIONAL',
        RegularExpressionList: [{ RegexString: 'x' }],
      }),
    );
    const err = await refused(
      waf.send(
        new UpdateRegexPatternSetCommand({
          Name: 'ok',
          Scope: 'REGIONAL',
          Id: made.Summary!.Id!,
          LockToken: made.Summary!.LockToken!,
          RegularExpressionList: [{ RegexString: '^ok$' }, { RegexString: 'foo(?!bar)' }],
        }),
      ),
    );
    assert.deepEqual([err.Field, err.Parameter, err.Reason], ['REGEX_PATTERN_SET', 'foo(?!bar)', FORMAT]);
    const kept = await waf.send(
      new GetRegexPatternSetCommand({ Name: 'ok', Scope: 'REGIONAL', Id: made.Summary!.Id! }),
    );
    assert.deepEqual(kept.RegexPatternSet!.RegularExpressionList, [{ RegexString: 'x' }]);
  });

  test('RegexMatchStatement in a web ACL and in a rule group', async () => {
    const acl = await refused(
      waf.send(
        new CreateWebACLCommand({
          Name: 'bad-acl',
          Scope: 'REGIONAL',
          DefaultAction: { Allow: {} },
          Rules: [regexRule('r', 0, '(a)\\1')],
          VisibilityConfig: vis('bad-acl'),
        }),
      ),
    );
    assert.deepEqual([acl.Field, acl.Parameter, acl.Reason], ['STATEMENT', '(a)\\1', FORMAT]);
    const group = await refused(
      waf.send(
        new CreateRuleGroupCommand({
          Name: 'bad-group',
          Scope: 'REGIONAL',
          Capacity: 100,
          Rules: [regexRule('r', 0, '(?(1)a|b)')],
          VisibilityConfig: vis('bad-group'),
        }),
      ),
    );
    assert.deepEqual([group.Field, group.Parameter, group.Reason], ['STATEMENT', '(?(1)a|b)', FORMAT]);
  });
});

test('the regex pattern set and the RegexMatch rule block what they match, after URL decoding', async () => {
  assert.deepEqual(await get('/shop/items/aaaa'), { status: 403, fromApp: false });
  assert.deepEqual(await get('/ADMIN/users'), { status: 403, fromApp: false });
  assert.deepEqual(await get('/%41dmin/users'), { status: 403, fromApp: false });
  assert.deepEqual(await get('/', 'Mozilla/5.0 B@dB0t'), { status: 403, fromApp: false });
  assert.deepEqual(await get('/shop/items/aaab'), { status: 200, fromApp: true });
  assert.deepEqual(await get('/', 'badbot'), { status: 200, fromApp: true });
});

test(
  'a URI on which (a+)+$ backtracks exponentially is answered, and so is a request sent beside it',
  GUARD,
  async () => {
    // 64 a's then '!': a backtracking engine would explore 2^64 ways to split the run before failing.
    const evil = `/${'a'.repeat(64)}!`;
    const [slow, other, blocked] = await Promise.all([get(evil), get('/healthz'), get('/admin/')]);
    assert.deepEqual(slow, { status: 200, fromApp: true }, 'no pattern matches the pathological URI');
    assert.deepEqual(other, { status: 200, fromApp: true });
    assert.deepEqual(blocked, { status: 403, fromApp: false });
  },
);
