// Compat suite: Inspector Scan through boto3 against a real Warden with the fixture advisories imported, unchanged but
// for the endpoint. Skips, with the reason, where python3 + boto3 is not installed; under CI=true that fails instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredInCi } from '../helpers/ci.js';
import { clientEnv, commandRuns, runCommand as run } from '../helpers/client-processes.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { runImportAdvisories } from '../../src/cli-inspector.js';

const SCENARIO = fileURLToPath(new URL('./inspector_scan_scenario.py', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/osv/', import.meta.url));

const noBoto3 = requiredInCi(
  commandRuns('python3', ['-c', 'import boto3']) ? false : 'python3 with boto3 is not installed',
);

const noCli = requiredInCi(commandRuns('aws', ['--version']) ? false : 'the AWS CLI (aws) is not installed');

describe('Inspector Scan from AWS Python clients', { skip: noBoto3 && noCli ? `${noBoto3}; ${noCli}` : false }, () => {
  let w: TestWarden;
  let home: string;

  before(async () => {
    w = await startWarden();
    home = mkdtempSync(join(tmpdir(), 'warden-compat-inspector-'));
    await runImportAdvisories(FIXTURES, { dataDir: w.dataDir }, {});
  });

  after(async () => {
    await w?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test(
    'boto3: scan_sbom answers the fixture vulnerability in both formats, ValidationException for no SBOM',
    { skip: noBoto3 },
    async () => {
      const result = await run('python3', [SCENARIO], clientEnv(w, home));
      assert.equal(result.code, 0, result.stderr);
      const seen = JSON.parse(result.stdout);
      assert.deepEqual(seen.cyclonedx, {
        specVersion: '1.5',
        vulnerabilities: [
          ['CVE-2099-0002', ['old'], [{ name: 'amazon:inspector:sbom_scanner:fixed_version:old', value: '1.3.1' }]],
        ],
      });
      assert.deepEqual(seen.inspector, {
        count: { critical: 0, high: 0, low: 0, medium: 1, other: 0 },
        messages: [
          { info_message: 'Component scanned: no vulnerabilities found.', purl: 'pkg:npm/left-pad-fixture@1.3.1' },
        ],
      });
      assert.deepEqual(seen.invalid, { code: 'ValidationException', reason: 'UNSUPPORTED_SBOM_TYPE', status: 400 });
    },
  );

  test(
    'AWS CLI: inspector-scan scan-sbom reads an SBOM file and prints the vulnerabilities',
    { skip: noCli },
    async () => {
      const file = join(home, 'sbom.json');
      writeFileSync(
        file,
        JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.4',
          components: [{ 'bom-ref': 'pip', type: 'library', name: 'x', purl: 'pkg:pypi/Fixture.Requests@2.1' }],
        }),
      );
      const env = clientEnv(w, home);
      const r = await run(
        'aws',
        ['inspector-scan', 'scan-sbom', '--sbom', `file://${file}`, '--endpoint-url', w.endpoint, '--output', 'json'],
        env,
      );
      assert.equal(r.code, 0, r.stderr);
      const sbom = JSON.parse(r.stdout).sbom;
      assert.deepEqual(
        sbom.vulnerabilities.map((v: { id: string; affects: unknown }) => [v.id, v.affects]),
        [['CVE-2099-0003', [{ ref: 'pip' }]]],
      );
    },
  );
});
