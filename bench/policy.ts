// Policy engine micro-benchmarks (wired into `npm run bench` by bench/run.ts): decisions per second and latency.
import { performance } from 'node:perf_hooks';
import { compilePolicy, PolicySet } from '../src/policy/compile.js';
import { createContext } from '../src/policy/context.js';
import { evaluate } from '../src/policy/evaluate.js';
import { principalFromArn } from '../src/policy/principal.js';
import type { EvaluationRequest } from '../src/policy/types.js';

export interface PolicyBenchResult {
  name: string;
  opsPerSec: number;
  p50us: number;
  p99us: number;
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

/**
 * A principal with 20 managed policies of 4 statements each: wildcard actions and resources, conditions on
 * tags, source IP and time, a few Deny statements; requests spread over services, some allowed, some denied.
 */
function largePolicySetRequests(): EvaluationRequest[] {
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
  const set = new PolicySet(policies);
  const principal = principalFromArn(`arn:aws:iam::${ACCOUNT}:user/bob`);
  const context = createContext({
    'aws:PrincipalTag/team': 'platform',
    'aws:SourceIp': '10.1.2.3',
    'aws:CurrentTime': '2025-06-01T12:00:00Z',
    'aws:MultiFactorAuthPresent': 'true',
  });
  const requests: EvaluationRequest[] = [];
  const verbs = ['GetItem', 'ListThings', 'PutThing', 'DeleteThing', 'DescribeAll', 'CreateThing', 'Run'];
  for (let i = 0; i < 64; i++) {
    const svc = SERVICES[i % SERVICES.length];
    const verb = verbs[i % verbs.length];
    const resource =
      i % 3 === 0
        ? `arn:aws:${svc}:us-east-1:${ACCOUNT}:project-${i % 20}/item-${i}`
        : i % 3 === 1
          ? `arn:aws:${svc}:eu-west-1:${ACCOUNT}:home/bob/file-${i}`
          : `arn:aws:${svc}:us-east-1:${ACCOUNT}:table/t${i}`;
    requests.push({
      action: `${svc}:${verb}`,
      resource,
      resourceAccount: ACCOUNT,
      principal,
      context,
      identityPolicies: set,
    });
  }
  return requests;
}

/** Throughput over at least `minMillis` of evaluations, then the latency of 20,000 single evaluations. */
export function measurePolicyScenario(
  name: string,
  requests: readonly EvaluationRequest[],
  minMillis = 1000,
): PolicyBenchResult {
  const n = requests.length;
  let sink = 0;
  // Warm up so the JIT has compiled the hot path before timing.
  for (let i = 0; i < 200_000; i++) if (evaluate(requests[i % n]).decision === 'Allowed') sink++;

  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (let i = 0; i < 10_000; i++) if (evaluate(requests[(ops + i) % n]).decision === 'Allowed') sink++;
    ops += 10_000;
    elapsed = performance.now() - start;
  }
  const opsPerSec = Math.round((ops / elapsed) * 1000);

  // Latency per call (it includes the ~0.1us cost of reading the clock).
  const samples = new Float64Array(20_000);
  for (let s = 0; s < samples.length; s++) {
    const request = requests[s % n];
    const t0 = performance.now();
    if (evaluate(request).decision === 'Allowed') sink++;
    samples[s] = (performance.now() - t0) * 1000;
  }
  samples.sort();
  const pct = (q: number) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return { name, opsPerSec, p50us: pct(0.5), p99us: pct(0.99) };
}

/** The benchmark scenarios: a single small identity policy, and 20 policies / 80 statements with conditions. */
export function policyBenchScenarios(): { name: string; requests: EvaluationRequest[] }[] {
  return [
    { name: 'policy: 1 small identity policy', requests: smallPolicyRequests() },
    { name: 'policy: 20 policies / 80 statements, wildcards + conditions', requests: largePolicySetRequests() },
  ];
}

/** Measures every scenario (targets on a 2-core machine: >=1,000,000/s, and >=200,000/s with p99 <=50us). */
export function runPolicyBench(): PolicyBenchResult[] {
  return policyBenchScenarios().map((s) => measurePolicyScenario(s.name, s.requests));
}
