// Compat suite: ELBv2 and WAFv2 through boto3 and the AWS CLI against a real Warden, unchanged but for the endpoint.
// Skips, with the reason, where python3 + boto3 or the aws CLI is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SCENARIO = fileURLToPath(new URL('./elbv2_waf_scenario.py', import.meta.url));

const noBoto3 = requiredInCi(
  commandRuns('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed',
);
const noCli = requiredInCi(commandRuns('aws', ['--version']) ? false : 'the AWS CLI (aws) is not installed');

describe('ELBv2 and WAFv2 from AWS Python clients', { skip: noBoto3 && noCli ? `${noBoto3}; ${noCli}` : false }, () => {
  let w: TestWarden;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-compat-elb-'));
    env = clientEnv(w, home);
  });

  after(async () => {
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test(
    'boto3: a load balancer behind a web ACL with the SQLi managed group answers 403 to SQL injection',
    { skip: noBoto3 },
    async () => {
      const result = await run('python3', [SCENARIO], { ...env, COMPAT_PREFIX: 'compat-elb' });
      assert.equal(result.code, 0, result.stderr);
      const seen = JSON.parse(result.stdout);
      assert.deepEqual(seen.listener, { protocol: 'HTTP', port_matches: true });
      assert.equal(seen.associated, 'compat-elb-acl');
      assert.deepEqual(seen.sqli, { status: 403, reached_app: false, forbidden_page: true });
      assert.deepEqual(seen.clean, { status: 200, reached_app: true, body: 'app saw /search?id=42' });
      assert.equal(seen.after_delete, 'ConnectionRefusedError');
      assert.deepEqual(seen.left_behind, { load_balancers: [], target_groups: [], web_acls: [] });
    },
  );

  test(
    'AWS CLI: elbv2 describe-load-balancers and wafv2 list-web-acls see what was created',
    { skip: noCli },
    async () => {
      const aws = (...args: string[]) => run('aws', [...args, '--endpoint-url', w.endpoint, '--output', 'json'], env);

      const created = await aws('elbv2', 'create-load-balancer', '--name', 'compat-cli-lb', '--type', 'application');
      assert.equal(created.code, 0, created.stderr);
      const lbArn = JSON.parse(created.stdout).LoadBalancers[0].LoadBalancerArn as string;
      assert.match(
        lbArn,
        /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/compat-cli-lb\/[0-9a-f]{16}$/,
      );

      const described = await aws('elbv2', 'describe-load-balancers', '--names', 'compat-cli-lb');
      assert.equal(described.code, 0, described.stderr);
      const lb = JSON.parse(described.stdout).LoadBalancers[0];
      assert.equal(lb.LoadBalancerArn, lbArn);
      assert.equal(lb.Type, 'application');
      assert.equal(lb.State.Code, 'active');

      const missing = await aws('elbv2', 'describe-load-balancers', '--names', 'compat-cli-none');
      assert.notEqual(missing.code, 0);
      assert.match(
        missing.stderr,
        /An error occurred \(LoadBalancerNotFound\) when calling the DescribeLoadBalancers operation: Load balancers '\[compat-cli-none\]' not found/,
      );

      const acl = await aws(
        'wafv2',
        'create-web-acl',
        '--name',
        'compat-cli-acl',
        '--scope',
        'REGIONAL',
        '--default-action',
        'Allow={}',
        '--visibility-config',
        'SampledRequestsEnabled=false,CloudWatchMetricsEnabled=false,MetricName=compat-cli-acl',
      );
      assert.equal(acl.code, 0, acl.stderr);
      const summary = JSON.parse(acl.stdout).Summary;

      const listed = await aws('wafv2', 'list-web-acls', '--scope', 'REGIONAL');
      assert.equal(listed.code, 0, listed.stderr);
      const acls = JSON.parse(listed.stdout).WebACLs as { Name: string; Id: string; ARN: string }[];
      assert.deepEqual(
        acls.filter((a) => a.Name === 'compat-cli-acl').map((a) => [a.Id, a.ARN]),
        [[summary.Id, summary.ARN]],
      );

      const deletedAcl = await aws(
        'wafv2',
        'delete-web-acl',
        '--name',
        'compat-cli-acl',
        '--scope',
        'REGIONAL',
        '--id',
        summary.Id,
        '--lock-token',
        summary.LockToken,
      );
      assert.equal(deletedAcl.code, 0, deletedAcl.stderr);
      const deletedLb = await aws('elbv2', 'delete-load-balancer', '--load-balancer-arn', lbArn);
      assert.equal(deletedLb.code, 0, deletedLb.stderr);
      const after = await aws('elbv2', 'describe-load-balancers');
      assert.deepEqual(JSON.parse(after.stdout).LoadBalancers, []);
    },
  );
});
