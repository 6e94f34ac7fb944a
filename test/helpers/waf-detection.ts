// Replays the WAF corpus through a listener and scores it: detection and false positives, per category and placement.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateWebACLCommand,
  WAFV2Client,
  type CreateWebACLCommandInput,
  type FieldToMatch,
  type Rule,
} from '@aws-sdk/client-wafv2';
import { forwardingListener, freePort, listenLocally, localTargetGroup } from './elbv2.js';
import type { TestWarden } from './warden.js';
import type { CorpusRequest } from './waf-corpus.js';

/**
 * The managed groups the detection figures are for: core, SQL database, known bad inputs, and the operating-system and
 * PHP groups (Linux, POSIX, Windows, PHP), since the corpus's command injections and file inclusions are what those
 * groups target. 1,500 WCU together, the web ACL's base allowance.
 */
export const DETECTION_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesLinuxRuleSet',
  'AWSManagedRulesUnixRuleSet',
  'AWSManagedRulesWindowsRuleSet',
  'AWSManagedRulesPHPRuleSet',
];

const vis = (name: string) => ({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: name });

const every = { MatchPattern: { All: {} }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } as const;
const EVERY_HEADER: FieldToMatch = { Headers: every };
const EVERY_COOKIE: FieldToMatch = { Cookies: every };
const transform = (...types: ('URL_DECODE' | 'URL_DECODE_UNI' | 'HTML_ENTITY_DECODE' | 'NORMALIZE_PATH_WIN')[]) =>
  types.map((Type, Priority) => ({ Priority, Type }));
const blocking = (name: string, priority: number, statement: Rule['Statement']): Rule => ({
  Name: name,
  Priority: priority,
  Statement: statement,
  Action: { Block: {} },
  VisibilityConfig: vis(name),
});

/**
 * What AWS's managed groups leave uninspected (docs/waf.md, "Detection"), as four rules a user can write on AWS:
 * libinjection's SQL injection (sensitivity LOW, AWS's default) and XSS over every header, and `../` over every
 * header and cookie after decoding. Generic, not fitted to the corpus: no string of it is in a rule.
 */
export const HEADER_AND_COOKIE_RULES: readonly Rule[] = [
  blocking('SQLi_HEADERS', 100, {
    SqliMatchStatement: {
      FieldToMatch: EVERY_HEADER,
      TextTransformations: transform('URL_DECODE', 'HTML_ENTITY_DECODE'),
      SensitivityLevel: 'LOW',
    },
  }),
  blocking('CrossSiteScripting_HEADERS', 101, {
    XssMatchStatement: {
      FieldToMatch: EVERY_HEADER,
      TextTransformations: transform('URL_DECODE', 'HTML_ENTITY_DECODE'),
    },
  }),
  ...(
    [
      ['Traversal_HEADERS', EVERY_HEADER],
      ['Traversal_COOKIES', EVERY_COOKIE],
    ] as const
  ).map(([name, field], i) =>
    blocking(name, 102 + i, {
      ByteMatchStatement: {
        FieldToMatch: field,
        PositionalConstraint: 'CONTAINS',
        SearchString: new TextEncoder().encode('../'),
        TextTransformations: transform('URL_DECODE_UNI', 'NORMALIZE_PATH_WIN'),
      },
    }),
  ),
];

export interface Outcome {
  request: CorpusRequest;
  /** The HTTP status, or 0 when the request failed without one. */
  status: number;
}

/** An app answering 200 to everything, behind the listeners: a 403 can then only come from the WAF. */
export async function startOkUpstream(): Promise<{ port: number; stop(): Promise<void> }> {
  const app = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  });
  const port = await listenLocally(app);
  return { port, stop: () => new Promise((r) => app.close(() => r())) };
}

/** CreateWebACL's input for a web ACL allowing by default, with AWS's managed `groups` in order, each enforced. */
export function managedGroupsWebAcl(name: string, groups: readonly string[]): CreateWebACLCommandInput {
  return {
    Name: name,
    Scope: 'REGIONAL',
    DefaultAction: { Allow: {} },
    Rules: groups.map((group, i) => ({
      Name: group,
      Priority: i,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
      OverrideAction: { None: {} },
      VisibilityConfig: vis(group),
    })),
    VisibilityConfig: vis(name),
  };
}

/**
 * A Warden load balancer forwarding to 127.0.0.1:`upstreamPort` behind a web ACL of DETECTION_GROUPS (and `extra`
 * rules after them); its origin.
 */
export async function detectionListener(
  w: TestWarden,
  name: string,
  upstreamPort: number,
  extra: readonly Rule[] = [],
): Promise<string> {
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  const waf = new WAFV2Client(w.clientConfig);
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: name, Type: 'application' }))).LoadBalancers![0]!;
  const tg = await localTargetGroup(elb, name, upstreamPort);
  const port = await freePort();
  await elb.send(new CreateListenerCommand(forwardingListener(lb.LoadBalancerArn!, tg.TargetGroupArn!, port)));
  const input = managedGroupsWebAcl(name, DETECTION_GROUPS);
  input.Rules = [...input.Rules!, ...extra];
  const acl = await waf.send(new CreateWebACLCommand(input));
  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: lb.LoadBalancerArn }));
  return `http://127.0.0.1:${port}`;
}

/** Sends every request to `origin` over `concurrency` keep-alive connections; the statuses, in corpus order. */
export async function replay(origin: string, requests: CorpusRequest[], concurrency = 8): Promise<Outcome[]> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const out: Outcome[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const request = requests[i]!;
      let status: number;
      try {
        const res = await pool.request({
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
        });
        await res.body.dump();
        status = res.statusCode;
      } catch {
        status = 0;
      }
      out[i] = { request, status };
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return out;
}

export interface Tally {
  total: number;
  blocked: number;
  /** Answered neither 200 nor 403 (refused by an HTTP parser, or no answer): counted as not blocked. */
  other: number;
}

export interface Score {
  attacks: Tally;
  benign: Tally;
  /** Per attack category and per placement (attacks), per placement (benign). */
  byCategory: Map<string, Tally>;
  byPlacement: Map<string, Tally>;
  benignByPlacement: Map<string, Tally>;
  missed: Outcome[];
  falsePositives: Outcome[];
}

function add(map: Map<string, Tally>, key: string, o: Outcome): void {
  const t = map.get(key) ?? { total: 0, blocked: 0, other: 0 };
  map.set(key, count(t, o));
}

function count(t: Tally, o: Outcome): Tally {
  t.total++;
  if (o.status === 403) t.blocked++;
  else if (o.status !== 200) t.other++;
  return t;
}

/** Detection is a 403 on an attack; a false positive is a 403 on a benign request. */
export function score(outcomes: Outcome[]): Score {
  const s: Score = {
    attacks: { total: 0, blocked: 0, other: 0 },
    benign: { total: 0, blocked: 0, other: 0 },
    byCategory: new Map(),
    byPlacement: new Map(),
    benignByPlacement: new Map(),
    missed: [],
    falsePositives: [],
  };
  for (const o of outcomes) {
    if (o.request.kind === 'attack') {
      count(s.attacks, o);
      add(s.byCategory, o.request.category, o);
      add(s.byPlacement, o.request.placement, o);
      if (o.status !== 403) s.missed.push(o);
    } else {
      count(s.benign, o);
      add(s.benignByPlacement, o.request.placement, o);
      if (o.status === 403) s.falsePositives.push(o);
    }
  }
  return s;
}

export const percent = (t: Tally): number => (t.total ? (t.blocked / t.total) * 100 : 0);

/** The score as report lines: totals, then per category and per placement, with counts. */
export function describeScore(s: Score): string[] {
  const row = (name: string, t: Tally) =>
    `${name.padEnd(10)} ${percent(t).toFixed(1).padStart(5)}%  (${t.blocked}/${t.total}${t.other ? `, ${t.other} neither 200 nor 403` : ''})`;
  return [
    row('detection', s.attacks),
    row('false pos.', s.benign),
    'attacks by category: ' + [...s.byCategory].map(([k, t]) => `${k} ${percent(t).toFixed(1)}%`).join('  '),
    'attacks by placement: ' + [...s.byPlacement].map(([k, t]) => `${k} ${percent(t).toFixed(1)}%`).join('  '),
    'benign blocked by placement: ' +
      [...s.benignByPlacement].map(([k, t]) => `${k} ${percent(t).toFixed(1)}%`).join('  '),
  ];
}
