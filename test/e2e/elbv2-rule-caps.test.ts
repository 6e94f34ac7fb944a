// ELBv2's length and range caps on rule conditions and redirect / fixed-response values, refused as AWS refuses them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  type Action,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { freePort } from '../helpers/elbv2.js';

let w: TestWarden;
let elb: ElasticLoadBalancingV2Client;
let listenerArn: string;
let priority = 1;

const ok: Action[] = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }];
const anyPath: RuleCondition[] = [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }];

before(async () => {
  w = await startWarden();
  elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'caps' }))).LoadBalancers![0]!;
  const port = await freePort();
  listenerArn = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: port,
        DefaultActions: ok,
      }),
    )
  ).Listeners![0]!.ListenerArn!;
});

after(async () => {
  await w?.stop();
});

const createRule = (conditions: RuleCondition[], actions: Action[]) =>
  elb.send(
    new CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority++, Conditions: conditions, Actions: actions }),
  );

async function refused(call: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(call, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, 'ValidationError', err.message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

test('query-string condition keys and values: 128 characters are taken, 129 refused', async () => {
  const at = 'k'.repeat(128);
  const over = 'v'.repeat(129);
  await createRule([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: at, Value: at }] } }], ok);
  await refused(
    createRule([{ Field: 'query-string', QueryStringConfig: { Values: [{ Value: over }] } }], ok),
    /^Condition value 'v{40}…' exceeds 128 characters$/,
  );
  await refused(
    createRule([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: over, Value: 'x' }] } }], ok),
    /^Condition value 'v{40}…' exceeds 128 characters$/,
  );
});

test("redirect host, path and query: the model's 1-128 / 0-128 lengths, worded as AWS's validator words them", async () => {
  const redirect = (c: Record<string, string>): Action[] => [
    { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', ...c } },
  ];
  await createRule(anyPath, redirect({ Host: 'h'.repeat(128), Path: `/${'p'.repeat(127)}`, Query: 'q'.repeat(128) }));
  await refused(
    createRule(anyPath, redirect({ Host: 'h'.repeat(129) })),
    /Member must have length less than or equal to 128/,
  );
  await refused(
    createRule(anyPath, redirect({ Path: `/${'p'.repeat(128)}` })),
    /Member must have length less than or equal to 128/,
  );
  await refused(
    createRule(anyPath, redirect({ Query: 'q'.repeat(129) })),
    /Member must have length less than or equal to 128/,
  );
  await refused(createRule(anyPath, redirect({ Host: '' })), /Member must have length greater than or equal to 1/);
});

test('redirect port: 1-65535 or #{port}', async () => {
  const redirect = (Port: string): Action[] => [
    { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_302', Protocol: 'HTTPS', Port } },
  ];
  await createRule(anyPath, redirect('443'));
  await createRule(anyPath, redirect('65535'));
  await createRule(anyPath, redirect('#{port}'));
  for (const bad of ['0', '65536', '08080', 'http', '-1', '1e3'])
    await refused(createRule(anyPath, redirect(bad)), `Port '${bad}' is not valid for a redirect action`);
});

test('fixed-response body: 1024 characters are taken, 1025 refused; a refused rule is not stored', async () => {
  const fixed = (MessageBody: string): Action[] => [
    { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody } },
  ];
  const before = (await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.length;
  await createRule(anyPath, fixed('b'.repeat(1024)));
  await refused(createRule(anyPath, fixed('b'.repeat(1025))), /Member must have length less than or equal to 1024/);
  const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
  assert.equal(rules.length, before + 1);
});
