// Regenerates models/<service>.json from botocore's service-2.json files (Apache-2.0; see models/NOTICE) for every
// service in src/services/registry.ts. Run it through tsx (`npm run models`), which lets it import the registry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MODEL_NAMES } from '../src/services/registry.ts';

const BOTOCORE_VERSION = process.env.BOTOCORE_VERSION ?? '1.43.107';
const SERVICES = MODEL_NAMES;

const dir = mkdtempSync(join(tmpdir(), 'botocore-'));
try {
  execFileSync('pip', ['download', `botocore==${BOTOCORE_VERSION}`, '--no-deps', '-d', dir, '-q'], {
    stdio: 'inherit',
  });
  const wheel = readdirSync(dir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error('pip did not download a botocore wheel');
  // A wheel is a zip; python3 is present wherever pip is, so let it list and read the members.
  const script = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = {}
for name in z.namelist():
    parts = name.split('/')
    if len(parts) == 5 and parts[:2] == ['botocore', 'data'] and parts[4] == 'service-2.json.gz' and parts[2] in sys.argv[2:]:
        prev = out.get(parts[2])
        if prev is None or parts[3] > prev[0]:
            out[parts[2]] = (parts[3], z.read(name).hex())
json.dump({k: v[1] for k, v in out.items()}, sys.stdout)
`;
  const members = JSON.parse(
    execFileSync('python3', ['-c', script, join(dir, wheel), ...SERVICES], { maxBuffer: 256 * 1024 * 1024 }).toString(),
  );
  for (const svc of SERVICES) {
    if (!members[svc]) throw new Error(`botocore ${BOTOCORE_VERSION} has no model for ${svc}`);
    const model = JSON.parse(gunzipSync(Buffer.from(members[svc], 'hex')).toString('utf8'));
    writeFileSync(join('models', `${svc}.json`), JSON.stringify(model, null, 1) + '\n');
    console.log(`models/${svc}.json  ${model.metadata.protocol}  ${Object.keys(model.operations).length} operations`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
