// Compat suite: ELBv2 and WAFv2 through boto3 and the AWS CLI against a real Warden, unchanged but for the endpoint.
// Skips, with the reason, where python3 + boto3 or the aws CLI is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SCENARIO = fileURLToPath(new URL('./elbv2_waf_scenario.py', import.meta.url));

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

const noBoto3 = requiredInCi(runs('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed');
const noCli = requiredInCi(runs('aws', ['--version']) ? false : 'the AWS CLI (aws) is not installed');

/** Runs a command without blocking the event loop: the Warden it talks to serves from this same process. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ELBv2 and WAFv2 from AWS Python clients', { skip: noBoto3 && noCli ? `${noBoto3}; ${noCli}` : false }, () => {
  let w: TestWarden;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    w = await startWarden();
    // A clean client environment: the caller's own AWS profiles, tokens and config must not leak in.
    home = mkdtempSync(join(tmpdir(), 'warden-compat-elb-'));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    env = {
      ...inherited,
      HOME: home,
      AWS_ACCESS_KEY_ID: w.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: w.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
      WARDEN_ENDPOINT: w.endpoint,
    };
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
