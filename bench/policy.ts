// Policy engine micro-benchmarks (wired into `npm run bench` by bench/run.ts): decisions per second and latency.
import { performance } from 'node:perf_hooks';
import { compilePolicy, PolicySet } from '../src/policy/compile.js';
import { evaluate } from '../src/policy/evaluate.js';
import { principalFromArn } from '../src/policy/principal.js';
import type { Decision, EvaluationRequest } from '../src/policy/types.js';
import { baseContext, type RequestFacts } from '../src/authz/request-context.js';
import { decide } from '../src/authz/decide.js';

export interface PolicyBenchResult {
  name: string;
  opsPerSec: number;
  p50us: number;
  p99us: number;
  /** The decision every request of the scenario gets, when they all get the same one. */
  decision?: Decision;
}

const ACCOUNT = '123456789012';

/** One user with one small inline policy, asking for an object it may read. */
function smallPolicyRequests(): EvaluationRequest[] {
  const policy = compilePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports/*'] },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ],
    }),
    'inline:reader',
  );
  const set = new PolicySet([policy]);
  const principal = principalFromArn(`arn:aws:iam::${ACCOUNT}:user/alice`);
  return [
    {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::reports/2024/q1.csv',
      resourceAccount: ACCOUNT,
      principal,
      identityPolicies: set,
    },
  ];
}

const SERVICES = ['s3', 'ec2', 'kms', 'iam', 'sqs', 'dynamodb', 'lambda', 'logs', 'sns', 'sts'];

/** A principal with 20 managed policies of 4 statements each (80): wildcard actions and resources, conditions on
 * tags, source IP and time, a Deny in each. */
function largePolicySet(): PolicySet {
  const policies = [];
  for (let p = 0; p < 20; p++) {
    const svc = SERVICES[p % SERVICES.length];
    const other = SERVICES[(p + 3) % SERVICES.length];
    policies.push(
      compilePolicy(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: `Read${p}`,
              Effect: 'Allow',
              Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`],
              Resource: `arn:aws:${svc}:*:${ACCOUNT}:*`,
              Condition: { StringEquals: { 'aws:PrincipalTag/team': ['platform', `team-${p}`] } },
            },
            {
              Sid: `Write${p}`,
              Effect: 'Allow',
              Action: [`${svc}:Put*`, `${svc}:Create*`],
              Resource: [`arn:aws:${svc}:us-east-1:${ACCOUNT}:project-${p}/*`, `arn:aws:${svc}:*:*:shared/*`],
              Condition: {
                IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] },
                DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' },
              },
            },
            {
              Sid: `Home${p}`,
              Effect: 'Allow',
              Action: `${other}:*`,
              Resource: `arn:aws:${other}:*:${ACCOUNT}:home/\${aws:username}/*`,
            },
            {
              Sid: `Guard${p}`,
              Effect: 'Deny',
              Action: `${svc}:Delete*`,
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
          ],
        }),
        `arn:aws:iam::${ACCOUNT}:policy/bench-${p}`,
      ),
    );
  }
  return new PolicySet(policies);
}

/** What the server knows of the request (src/authz/request-context.ts builds the context from it). */
const FACTS: RequestFacts = {
  identity: {
    type: 'IAMUser',
    accountId: ACCOUNT,
    partition: 'aws',
    arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
    principalId: 'AIDABENCHUSER0000001',
    userName: 'bob',
  },
  sourceIp: '10.1.2.3',
  userAgent: 'aws-sdk-js/3.0.0 bench',
  secureTransport: true,
  region: 'us-east-1',
  receivedAt: new Date('2025-06-01T12:00:00Z'),
  servicePrefix: 's3',
  input: {},
  principalTags: { team: 'platform' },
};

/** The same user from outside the network its Write statements allow, in a team its Read statements do not name. */
const OUTSIDER_FACTS: RequestFacts = { ...FACTS, sourceIp: '192.0.2.10', principalTags: { team: 'finance' } };

/**
 * The 20-policy principal's requests in three kinds, each its own scenario: allowed (a Read or Write statement
 * applies), explicitly denied (a Guard Deny applies: a long-term key carries no MFA), and implicitly denied (every
 * statement whose Action matches is examined, Resource and Condition, and none applies). A long-term access key, so
 * aws:MultiFactorAuthPresent is absent, as the server leaves it.
 */
function largePolicySetRequests(): Record<'allow' | 'explicitDeny' | 'implicitDeny', EvaluationRequest[]> {
  const set = largePolicySet();
  const principal = principalFromArn(`arn:aws:iam::${ACCOUNT}:user/bob`);
  const request = (action: string, resource: string): EvaluationRequest => ({
    action,
    resource,
    resourceAccount: arnAccountOf(resource),
    principal,
    identityPolicies: set,
  });
  const allow: EvaluationRequest[] = [];
  const explicitDeny: EvaluationRequest[] = [];
  const implicitDeny: EvaluationRequest[] = [];
  for (let i = 0; i < 40; i++) {
    const p = i % 20;
    const svc = SERVICES[p % SERVICES.length];
    allow.push(
      i % 2 === 0
        ? request(`${svc}:Get${VERBS[i % VERBS.length]}`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:table/t${i}`)
        : request(`${svc}:Put${VERBS[i % VERBS.length]}`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:project-${p}/item-${i}`),
    );
    explicitDeny.push(
      request(`${svc}:Delete${VERBS[i % VERBS.length]}`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:table/t${i}`),
    );
    // Asked as OUTSIDER_FACTS: each Read or Write statement's Resource matches and its Condition is evaluated.
    implicitDeny.push(
      i % 3 === 0
        ? request(`${svc}:Get${VERBS[i % VERBS.length]}`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:table/t${i}`)
        : i % 3 === 1
          ? request(
              `${svc}:Put${VERBS[i % VERBS.length]}`,
              `arn:aws:${svc}:us-east-1:${ACCOUNT}:project-${p}/item-${i}`,
            )
          : request(`${svc}:List${VERBS[i % VERBS.length]}`, `arn:aws:${svc}:us-east-1:${OTHER_ACCOUNT}:table/t${i}`),
    );
  }
  return { allow, explicitDeny, implicitDeny };
}

const VERBS = ['Item', 'Things', 'Object', 'Queue', 'Table', 'Function', 'Key'];
const OTHER_ACCOUNT = '210987654321';

function arnAccountOf(arn: string): string {
  return arn.split(':')[4] || ACCOUNT;
}

/** CPU time of this process in milliseconds: what the loops cost, whoever else is using the machine. */
function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface PolicyScenario {
  name: string;
  requests: readonly EvaluationRequest[];
  /** Build a fresh request context for every decision and ask decide(), as the server does (src/authz). */
  freshContext: boolean;
  /** The decision every request must get (checked before timing). */
  expect?: Decision;
  /** What the fresh context is built from (FACTS unless given). */
  facts?: RequestFacts;
}

function decideOnce(scenario: PolicyScenario, i: number): Decision {
  const request = scenario.requests[i % scenario.requests.length]!;
  if (!scenario.freshContext) return evaluate(request).decision;
  // As authorize() asks for a check: the request's context built, then decide() (src/authz/decide.ts).
  return decide({
    principal: request.principal,
    action: request.action,
    resource: { arn: request.resource, display: request.resource },
    context: baseContext(scenario.facts ?? FACTS),
    identityPolicies: request.identityPolicies,
  }).decision;
}

/**
 * Throughput of each scenario by CPU time, the scenarios run in interleaved batches so other processes' load falls
 * on all of them alike; then the latency of 20,000 single evaluations each (wall clock, so a loaded machine shows).
 */
export function measurePolicyScenarios(scenarios: readonly PolicyScenario[], minMillis = 1000): PolicyBenchResult[] {
  for (const scenario of scenarios) {
    if (scenario.expect === undefined) continue;
    for (let i = 0; i < scenario.requests.length; i++) {
      const got = decideOnce(scenario, i);
      if (got !== scenario.expect) throw new Error(`${scenario.name}: request ${i} is ${got}`);
    }
  }
  let sink = 0;
  // Warm up so the JIT has compiled the hot paths before timing.
  for (const scenario of scenarios) for (let i = 0; i < 100_000; i++) if (decideOnce(scenario, i) === 'Allowed') sink++;

  const batch = 5000;
  const spent = scenarios.map(() => 0);
  let rounds = 0;
  while (rounds < 4 || Math.min(...spent) < minMillis) {
    for (let s = 0; s < scenarios.length; s++) {
      const t0 = cpuMillis();
      for (let i = 0; i < batch; i++) if (decideOnce(scenarios[s]!, rounds * batch + i) === 'Allowed') sink++;
      spent[s]! += cpuMillis() - t0;
    }
    rounds++;
  }

  const results = scenarios.map((scenario, s) => {
    // Latency per call (it includes the ~0.1us cost of reading the clock).
    const samples = new Float64Array(20_000);
    for (let k = 0; k < samples.length; k++) {
      const t0 = performance.now();
      if (decideOnce(scenario, k) === 'Allowed') sink++;
      samples[k] = (performance.now() - t0) * 1000;
    }
    samples.sort();
    const pct = (q: number) =>
      Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000) / 1000;
    const opsPerSec = Math.round(((rounds * batch) / spent[s]!) * 1000);
    return { name: scenario.name, opsPerSec, p50us: pct(0.5), p99us: pct(0.99), decision: scenario.expect };
  });
  if (sink < 0) throw new Error('unreachable');
  return results;
}

/** Requests per second of building the server's request context alone: the baseline the decisions are read against. */
export function measureContextBaseline(minMillis = 500): number {
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += Object.keys(baseContext(FACTS)).length;
  let ops = 0;
  const t0 = cpuMillis();
  while (cpuMillis() - t0 < minMillis) {
    for (let i = 0; i < 10_000; i++) sink += Object.keys(baseContext(FACTS)).length;
    ops += 10_000;
  }
  if (sink < 0) throw new Error('unreachable');
  return Math.round((ops / (cpuMillis() - t0)) * 1000);
}

/**
 * The benchmark scenarios: a single small identity policy, and 20 policies / 80 statements with conditions asked
 * for each kind of decision, with a fresh request context per decision.
 */
export function policyBenchScenarios(): PolicyScenario[] {
  const large = largePolicySetRequests();
  const name = '20 policies / 80 statements, fresh context';
  return [
    { name: 'policy: 1 small identity policy', requests: smallPolicyRequests(), freshContext: false },
    { name: `policy: ${name}, allow`, requests: large.allow, freshContext: true, expect: 'Allowed' },
    {
      name: `policy: ${name}, explicit deny`,
      requests: large.explicitDeny,
      freshContext: true,
      expect: 'ExplicitlyDenied',
    },
    {
      name: `policy: ${name}, implicit deny`,
      requests: large.implicitDeny,
      freshContext: true,
      expect: 'ImplicitlyDenied',
      facts: OUTSIDER_FACTS,
    },
  ];
}

/** Measures every scenario (targets on a 2-core machine: >=1,000,000/s, and >=200,000/s for each kind). */
export function runPolicyBench(): PolicyBenchResult[] {
  return measurePolicyScenarios(policyBenchScenarios());
}
