// WAF visibility with a real client: GetSampledRequests shows blocked and allowed live requests under their metric names, and logging configurations write AWS-format JSON lines, redacted and filtered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  DeleteLoggingConfigurationCommand,
  GetLoggingConfigurationCommand,
  GetSampledRequestsCommand,
  ListLoggingConfigurationsCommand,
  PutLoggingConfigurationCommand,
  WAFV2Client,
  type LoggingConfiguration,
} from '@aws-sdk/client-wafv2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from '../helpers/elbv2.js';

let w: TestWarden;
let waf: WAFV2Client;
let app: Server;
let listenerPort: number;
let lbArn: string;
let aclArn: string;

const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: name });
const logGroup = (name: string) => `arn:aws:logs:us-east-1:${w.accountId}:log-group:${name}`;
const logFile = (name: string) => join(w.dataDir, 'wafv2', 'logs', w.accountId, `${name}.jsonl`);

function send(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: listenerPort,
        path,
        agent: false,
        headers: { 'User-Agent': 'vis-e2e/1.0', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The log file's records once it has at least `n` (records are appended asynchronously, off the request path). */
async function records(name: string, n: number): Promise<Record<string, any>[]> {
  for (let i = 0; i < 200; i++) {
    const text = await readFile(logFile(name), 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.length >= n) return lines.map((l) => JSON.parse(l) as Record<string, any>);
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`${logFile(name)} never reached ${n} records`);
}

async function rejects(p: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.equal(err.name, name);
    assert.equal(err.message, message);
    return true;
  });
}

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  app = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  const appPort = await listenLocally(app);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-vis', Type: 'application' })))
    .LoadBalancers![0]!;
  lbArn = lb.LoadBalancerArn!;
  const tg = await localTargetGroup(elb, 'waf-vis-app', appPort);
  listenerPort = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lbArn, tg.TargetGroupArn!, listenerPort)));
  const created = await waf.send(
    new CreateWebACLCommand({
      Name: 'vis-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: 'sqli-query',
          Priority: 0,
          Statement: {
            SqliMatchStatement: {
              FieldToMatch: { QueryString: {} },
              TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
            },
          },
          Action: { Block: {} },
          VisibilityConfig: vis('sqli-metric'),
        },
        {
          Name: 'tag-beta',
          Priority: 1,
          Statement: {
            ByteMatchStatement: {
              FieldToMatch: { SingleHeader: { Name: 'x-tag' } },
              SearchString: new TextEncoder().encode('beta'),
              PositionalConstraint: 'EXACTLY',
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
          Action: { Count: {} },
          RuleLabels: [{ Name: 'beta' }],
          VisibilityConfig: vis('tag-metric'),
        },
      ],
      VisibilityConfig: vis('default-metric'),
    }),
  );
  aclArn = created.Summary!.ARN!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: lbArn }));
});

after(async () => {
  await new Promise((r) => app.close(r));
  await w?.stop();
});

const INVALID = (field: string, parameter: string, reason = 'The parameter is not valid.') =>
  `Error reason: ${reason}, field: ${field}, parameter: ${parameter}`;
const NONEXISTENT = 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.';

test('logging configuration errors: missing config, destination without the aws-waf-logs- prefix, two destinations, unredactable field, unknown web ACL', async () => {
  await rejects(
    waf.send(new GetLoggingConfigurationCommand({ ResourceArn: aclArn })),
    'WAFNonexistentItemException',
    NONEXISTENT,
  );
  await rejects(
    waf.send(new DeleteLoggingConfigurationCommand({ ResourceArn: aclArn })),
    'WAFNonexistentItemException',
    NONEXISTENT,
  );
  const put = (c: Partial<LoggingConfiguration>) =>
    waf.send(
      new PutLoggingConfigurationCommand({
        LoggingConfiguration: { ResourceArn: aclArn, LogDestinationConfigs: [logGroup('aws-waf-logs-x')], ...c },
      }),
    );
  await rejects(
    put({ LogDestinationConfigs: [logGroup('my-logs')] }),
    'WAFInvalidParameterException',
    INVALID('LOG_DESTINATION', logGroup('my-logs')),
  );
  await rejects(
    put({ LogDestinationConfigs: [logGroup('aws-waf-logs-a'), logGroup('aws-waf-logs-b')] }),
    'WAFInvalidParameterException',
    INVALID('LOG_DESTINATION', 'LogDestinationConfigs'),
  );
  await rejects(
    put({ RedactedFields: [{ Body: {} }] }),
    'WAFInvalidParameterException',
    INVALID('FIELD_TO_MATCH', 'Body', 'Your statement has a type that isn’t supported in this context.'),
  );
  const otherAcl = aclArn.replace(/[0-9a-f]{12}$/, '000000000000');
  await rejects(put({ ResourceArn: otherAcl }), 'WAFNonexistentItemException', NONEXISTENT);
  const listed = await waf.send(new ListLoggingConfigurationsCommand({ Scope: 'REGIONAL' }));
  assert.deepEqual(listed.LoggingConfigurations, []);
});

test('a blocked SQLi request and an allowed one: sampled under their metrics, logged with the terminating rule and a redacted header', async () => {
  const config = {
    ResourceArn: aclArn,
    LogDestinationConfigs: [logGroup('aws-waf-logs-all')],
    RedactedFields: [{ SingleHeader: { Name: 'x-secret' } }],
  };
  const put = await waf.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: config }));
  const expected = { ...config, ManagedByFirewallManager: false, LogType: 'WAF_LOGS', LogScope: 'CUSTOMER' };
  assert.deepEqual(put.LoggingConfiguration, expected);
  const got = await waf.send(new GetLoggingConfigurationCommand({ ResourceArn: aclArn }));
  assert.deepEqual(got.LoggingConfiguration, expected);
  const listed = await waf.send(new ListLoggingConfigurationsCommand({ Scope: 'REGIONAL' }));
  assert.deepEqual(listed.LoggingConfigurations, [expected]);

  const start = new Date(Date.now() - 1000);
  assert.equal(await send("/search?q=1'%20OR%20'1'='1", { 'x-secret': 'hunter2' }), 403);
  assert.equal(await send('/hello?name=ada', { 'x-secret': 'hunter2', 'x-tag': 'beta' }), 200);

  const logged = await records('aws-waf-logs-all', 2);
  assert.equal(logged.length, 2);
  const [blocked, allowed] = logged as [Record<string, any>, Record<string, any>];
  assert.equal(blocked['formatVersion'], 1);
  assert.equal(blocked['webaclId'], aclArn);
  assert.equal(blocked['action'], 'BLOCK');
  assert.equal(blocked['terminatingRuleId'], 'sqli-query');
  assert.equal(blocked['terminatingRuleType'], 'REGULAR');
  assert.equal(blocked['httpSourceName'], 'ALB');
  assert.equal(blocked['httpSourceId'], `${w.accountId}-${lbArn.split(':loadbalancer/')[1]}`);
  assert.equal(blocked['httpRequest'].uri, '/search');
  assert.equal(blocked['httpRequest'].args, "q=1'%20OR%20'1'='1");
  assert.equal(blocked['httpRequest'].httpMethod, 'GET');
  assert.equal(blocked['httpRequest'].httpVersion, 'HTTP/1.1');
  assert.equal(blocked['httpRequest'].clientIp, '127.0.0.1');
  const headers = blocked['httpRequest'].headers as { name: string; value: string }[];
  assert.deepEqual(
    headers.find((h) => h.name.toLowerCase() === 'x-secret'),
    { name: 'x-secret', value: 'REDACTED' },
  );
  assert.deepEqual(
    headers.find((h) => h.name.toLowerCase() === 'user-agent'),
    { name: 'User-Agent', value: 'vis-e2e/1.0' },
  );
  assert.equal(typeof blocked['timestamp'], 'number');
  assert.equal(allowed['action'], 'ALLOW');
  assert.equal(allowed['terminatingRuleId'], 'Default_Action');
  assert.equal(allowed['terminatingRuleType'], 'DEFAULT_ACTION');
  assert.deepEqual(allowed['nonTerminatingMatchingRules'], [
    { ruleId: 'tag-beta', action: 'COUNT', ruleMatchDetails: [] },
  ]);
  assert.deepEqual(allowed['labels'], [{ name: `awswaf:${w.accountId}:webacl:vis-acl:beta` }]);
  assert.equal(JSON.stringify(logged).includes('hunter2'), false);

  const window = { StartTime: start, EndTime: new Date(Date.now() + 1000) };
  const sample = (metric: string) =>
    waf.send(
      new GetSampledRequestsCommand({
        WebAclArn: aclArn,
        RuleMetricName: metric,
        Scope: 'REGIONAL',
        TimeWindow: window,
        MaxItems: 100,
      }),
    );
  const sqli = await sample('sqli-metric');
  assert.equal(sqli.PopulationSize, 1);
  assert.equal(sqli.SampledRequests!.length, 1);
  const s = sqli.SampledRequests![0]!;
  assert.equal(s.Action, 'BLOCK');
  assert.equal(s.Weight, 1);
  assert.equal(s.Request!.URI, '/search');
  assert.equal(s.Request!.Method, 'GET');
  assert.equal(s.Request!.HTTPVersion, 'HTTP/1.1');
  assert.equal(s.Request!.ClientIP, '127.0.0.1');
  assert.equal(s.Request!.Country, undefined);
  assert.ok(s.Request!.Headers!.some((h) => h.Name === 'User-Agent' && h.Value === 'vis-e2e/1.0'));
  assert.ok(s.Timestamp! >= start);
  const defaults = await sample('default-metric');
  assert.deepEqual(
    defaults.SampledRequests!.map((r) => [r.Action, r.Request!.URI]),
    [['ALLOW', '/hello']],
  );
  assert.deepEqual(defaults.SampledRequests![0]!.Labels, [{ Name: `awswaf:${w.accountId}:webacl:vis-acl:beta` }]);
  const tagged = await sample('tag-metric');
  assert.deepEqual(
    tagged.SampledRequests!.map((r) => [r.Action, r.Request!.URI]),
    [['COUNT', '/hello']],
  );
  const unknown = await sample('no-such-metric');
  assert.deepEqual([unknown.SampledRequests, unknown.PopulationSize], [[], 0]);
  // A window reaching back past three hours answers for the last three hours only.
  const old = await waf.send(
    new GetSampledRequestsCommand({
      WebAclArn: aclArn,
      RuleMetricName: 'sqli-metric',
      Scope: 'REGIONAL',
      TimeWindow: { StartTime: new Date(Date.now() - 5 * 3600_000), EndTime: new Date(Date.now() + 1000) },
      MaxItems: 1,
    }),
  );
  assert.equal(old.SampledRequests!.length, 1);
  assert.ok(old.TimeWindow!.StartTime!.getTime() >= Date.now() - 3 * 3600_000 - 60_000);
});

test('a LoggingFilter dropping ALLOW keeps only blocked requests; deleting the configuration stops logging', async () => {
  await waf.send(
    new PutLoggingConfigurationCommand({
      LoggingConfiguration: {
        ResourceArn: aclArn,
        LogDestinationConfigs: [logGroup('aws-waf-logs-blocked')],
        LoggingFilter: {
          DefaultBehavior: 'KEEP',
          Filters: [
            { Behavior: 'DROP', Requirement: 'MEETS_ALL', Conditions: [{ ActionCondition: { Action: 'ALLOW' } }] },
          ],
        },
      },
    }),
  );
  assert.equal(await send('/fine'), 200);
  assert.equal(await send("/a?id=1'%20OR%201=1--"), 403);
  assert.equal(await send('/fine-again'), 200);
  assert.equal(await send("/b?id=1'%20OR%201=1--"), 403);
  const logged = await records('aws-waf-logs-blocked', 2);
  assert.deepEqual(
    logged.map((r) => [r['action'], r['httpRequest'].uri]),
    [
      ['BLOCK', '/a'],
      ['BLOCK', '/b'],
    ],
  );

  await waf.send(new DeleteLoggingConfigurationCommand({ ResourceArn: aclArn }));
  await rejects(
    waf.send(new GetLoggingConfigurationCommand({ ResourceArn: aclArn })),
    'WAFNonexistentItemException',
    NONEXISTENT,
  );
  assert.equal(await send("/c?id=1'%20OR%201=1--"), 403);
  // The sample proves the request was decided; the deleted configuration wrote nothing for it.
  await new Promise((r) => setTimeout(r, 100));
  const after = await readFile(logFile('aws-waf-logs-blocked'), 'utf8');
  assert.equal(after.split('\n').filter((l) => l !== '').length, 2);
});

test('PutLoggingConfiguration is authorized on the web ACL its LoggingConfiguration names', async () => {
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'log-admin' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'log-admin' }))).AccessKey!;
  const other = aclArn.replace(/[0-9a-f]{12}$/, '000000000000');
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'log-admin',
      PolicyName: 'logging',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'wafv2:PutLoggingConfiguration', Resource: aclArn },
          { Effect: 'Deny', Action: 'wafv2:PutLoggingConfiguration', Resource: other },
        ],
      }),
    }),
  );
  const user = new WAFV2Client({
    ...w.clientConfig,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });
  const config = (arn: string) => ({
    LoggingConfiguration: { ResourceArn: arn, LogDestinationConfigs: [logGroup('aws-waf-logs-user')] },
  });
  const put = await user.send(new PutLoggingConfigurationCommand(config(aclArn)));
  assert.equal(put.LoggingConfiguration!.ResourceArn, aclArn);
  await assert.rejects(user.send(new PutLoggingConfigurationCommand(config(other))), (err: Error) => {
    assert.equal(err.name, 'AccessDeniedException');
    assert.ok(err.message.includes(`wafv2:PutLoggingConfiguration on resource: ${other} `), err.message);
    return true;
  });
  await waf.send(new DeleteLoggingConfigurationCommand({ ResourceArn: aclArn }));
});
