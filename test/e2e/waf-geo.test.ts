// GeoMatch and AsnMatch on live traffic: forwarded public addresses looked up in the shipped ip-location-db data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  WAFV2Client,
  type CountryCode,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { forwardingListener, freePort, localTargetGroup } from '../helpers/elbv2.js';
import { startOkUpstream } from '../helpers/waf-detection.js';

let w: TestWarden;
let waf: WAFV2Client;
let upstream: { port: number; stop(): Promise<void> };
let origin: string;

const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });
const xff = (FallbackBehavior: 'MATCH' | 'NO_MATCH') => ({ HeaderName: 'X-Forwarded-For', FallbackBehavior });

/**
 * Addresses whose registrations have been stable for years: 8.8.8.8 Google (US, AS15169), 1.1.1.1 APNIC/Cloudflare
 * (AU, AS13335), 81.2.69.142 (GB, AS20712), 2001:4860:4860::8888 Google over IPv6 (US).
 */
const US = '8.8.8.8';
const AU_CLOUDFLARE = '1.1.1.1';
const GB = '81.2.69.142';
const US_V6 = '2001:4860:4860::8888';

const rules: Rule[] = [
  {
    // Counts GB but labels every request with its forwarded address's country.
    Name: 'geo-label',
    Priority: 0,
    Statement: { GeoMatchStatement: { CountryCodes: ['GB'], ForwardedIPConfig: xff('NO_MATCH') } },
    Action: { Count: {} },
    VisibilityConfig: vis('geo-label'),
  },
  {
    Name: 'no-gb',
    Priority: 1,
    Statement: { GeoMatchStatement: { CountryCodes: ['GB'], ForwardedIPConfig: xff('NO_MATCH') } },
    Action: { Block: {} },
    VisibilityConfig: vis('no-gb'),
  },
  {
    // The US label from the Count rule, with ?deny=us: a custom 429.
    Name: 'us-label',
    Priority: 2,
    Statement: {
      AndStatement: {
        Statements: [
          { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:forwardedip:geo:country:US' } },
          {
            ByteMatchStatement: {
              FieldToMatch: { QueryString: {} },
              SearchString: new TextEncoder().encode('deny=us'),
              PositionalConstraint: 'CONTAINS',
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        ],
      },
    },
    Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
    VisibilityConfig: vis('us-label'),
  },
  {
    Name: 'no-cloudflare',
    Priority: 3,
    Statement: { AsnMatchStatement: { AsnList: [13335], ForwardedIPConfig: xff('NO_MATCH') } },
    Action: { Block: { CustomResponse: { ResponseCode: 418 } } },
    VisibilityConfig: vis('no-cloudflare'),
  },
  {
    // A documentation ASN no address maps to: only the fallback of a malformed X-Client-IP can match.
    Name: 'client-ip-fallback',
    Priority: 4,
    Statement: {
      AsnMatchStatement: {
        AsnList: [64496],
        ForwardedIPConfig: { HeaderName: 'X-Client-IP', FallbackBehavior: 'MATCH' },
      },
    },
    Action: { Block: { CustomResponse: { ResponseCode: 421 } } },
    VisibilityConfig: vis('client-ip-fallback'),
  },
];

before(async () => {
  w = await startWarden();
  waf = new WAFV2Client(w.clientConfig);
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  upstream = await startOkUpstream();
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'waf-geo', Type: 'application' })))
    .LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, 'waf-geo-app', upstream.port);
  const port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)));
  origin = `http://127.0.0.1:${port}`;
  const acl = await waf.send(
    new CreateWebACLCommand({
      Name: 'geo-acl',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: rules,
      VisibilityConfig: vis('geo-acl'),
    }),
  );
  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
});

after(async () => {
  await upstream?.stop();
  await w?.stop();
});

/** The status the listener answers for a GET carrying these headers. */
async function status(path: string, headers: Record<string, string> = {}): Promise<number> {
  const r = await fetch(`${origin}${path}`, { headers });
  await r.arrayBuffer();
  return r.status;
}

test('GeoMatch on the forwarded address blocks one country and lets another through', async () => {
  assert.equal(await status('/', { 'X-Forwarded-For': GB }), 403);
  assert.equal(await status('/', { 'X-Forwarded-For': `${GB}, ${US}` }), 403);
  assert.equal(await status('/', { 'X-Forwarded-For': US }), 200);
  // Only the first address in the header counts.
  assert.equal(await status('/', { 'X-Forwarded-For': `${US}, ${GB}` }), 200);
  assert.equal(await status('/', { 'X-Forwarded-For': US_V6 }), 200);
  // The peer (127.0.0.1) is no country, and without the header the forwarded-IP rules do not apply.
  assert.equal(await status('/'), 200);
});

test('the country label a Count geo rule adds is matched by a later LabelMatch rule', async () => {
  assert.equal(await status('/?deny=us', { 'X-Forwarded-For': US }), 429);
  assert.equal(await status('/?deny=us', { 'X-Forwarded-For': US_V6 }), 429);
  assert.equal(await status('/?deny=us', { 'X-Forwarded-For': GB }), 403);
  assert.equal(await status('/?deny=us'), 200);
  assert.equal(await status('/?deny=us', { 'X-Forwarded-For': 'unknown' }), 200);
});

test('AsnMatch blocks a network by its AS number', async () => {
  assert.equal(await status('/', { 'X-Forwarded-For': AU_CLOUDFLARE }), 418);
  assert.equal(await status('/', { 'X-Forwarded-For': '1.0.0.1' }), 418);
  assert.equal(await status('/', { 'X-Forwarded-For': US }), 200);
});

test('FallbackBehavior decides for a header without a valid address; a missing header leaves the rule unapplied', async () => {
  assert.equal(await status('/', { 'X-Client-IP': 'not-an-address' }), 421);
  assert.equal(await status('/', { 'X-Client-IP': '' }), 421);
  assert.equal(await status('/', { 'X-Client-IP': US }), 200);
  assert.equal(await status('/'), 200);
});

test('CountryCodes and AsnList are checked as the model bounds them', async () => {
  const create = (statement: Rule['Statement']) =>
    waf.send(
      new CreateWebACLCommand({
        Name: `bad-${Math.random().toString(36).slice(2, 8)}`,
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [{ Name: 'r', Priority: 0, Statement: statement, Action: { Block: {} }, VisibilityConfig: vis('r') }],
        VisibilityConfig: vis('bad'),
      }),
    );
  const refused = async (statement: Rule['Statement'], message: RegExp) => {
    await assert.rejects(create(statement), (e: Error) => {
      assert.match(e.message, message);
      return true;
    });
  };
  await refused({ GeoMatchStatement: { CountryCodes: ['XX' as CountryCode] } }, /enum value set/);
  await refused({ GeoMatchStatement: { CountryCodes: [] } }, /length greater than or equal to 1/);
  await refused({ AsnMatchStatement: { AsnList: [] } }, /length greater than or equal to 1/);
  await refused(
    { AsnMatchStatement: { AsnList: Array.from({ length: 101 }, (_, i) => i + 1) } },
    /length less than or equal to 100/,
  );
  await refused({ AsnMatchStatement: { AsnList: [4294967296] } }, /value less than or equal to 4294967295/);
  await refused({ AsnMatchStatement: { AsnList: [-1] } }, /value greater than or equal to 0/);
  await create({ AsnMatchStatement: { AsnList: [0, 4294967295] } });
});
