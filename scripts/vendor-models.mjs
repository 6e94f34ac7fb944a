// Regenerates models/<service>.json from botocore's service-2.json files (Apache-2.0; see models/NOTICE) for every
// service in src/services/registry.ts. Run it through tsx (`npm run models`), which lets it import the registry.
//
// Arguments name the models to write (default: every model in the registry), so adding one service need not
// rewrite the others. Where PyPI is out of reach, BOTOCORE_DATA_DIR names the `botocore/data` folder of an
// installed botocore (e.g. `python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__)+"/data")'`)
// and the models are read from it instead of a downloaded wheel; record that release in models/NOTICE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MODEL_NAMES } from '../src/services/registry.ts';

const BOTOCORE_VERSION = process.env.BOTOCORE_VERSION ?? '1.43.107';
const requested = process.argv.slice(2);
for (const name of requested) {
  if (!MODEL_NAMES.includes(name)) throw new Error(`${name} is not a model in src/services/registry.ts`);
}
const SERVICES = requested.length > 0 ? requested : MODEL_NAMES;

function write(svc, model, source) {
  writeFileSync(join('models', `${svc}.json`), JSON.stringify(model, null, 1) + '\n');
  console.log(
    `models/${svc}.json  ${model.metadata.protocol}  ${Object.keys(model.operations).length} operations  (${source})`,
  );
}

/** Reads each model from an installed botocore's data folder: <dir>/<svc>/<newest api version>/service-2.json[.gz]. */
function fromDataDir(dataDir) {
  const versionFile = join(dataDir, '..', '__init__.py');
  const release = existsSync(versionFile)
    ? (/__version__\s*=\s*'([^']+)'/.exec(readFileSync(versionFile, 'utf8'))?.[1] ?? 'unknown release')
    : 'unknown release';
  for (const svc of SERVICES) {
    const svcDir = join(dataDir, svc);
    if (!existsSync(svcDir)) throw new Error(`${dataDir} has no model for ${svc}`);
    const apiVersion = readdirSync(svcDir).sort().at(-1);
    const base = join(svcDir, apiVersion, 'service-2.json');
    const text = existsSync(`${base}.gz`)
      ? gunzipSync(readFileSync(`${base}.gz`)).toString('utf8')
      : readFileSync(base, 'utf8');
    write(svc, JSON.parse(text), `botocore ${release}, ${dataDir}`);
  }
}

/** Downloads the pinned botocore wheel with pip and reads each model from it. */
function fromWheel() {
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
      execFileSync('python3', ['-c', script, join(dir, wheel), ...SERVICES], {
        maxBuffer: 256 * 1024 * 1024,
      }).toString(),
    );
    for (const svc of SERVICES) {
      if (!members[svc]) throw new Error(`botocore ${BOTOCORE_VERSION} has no model for ${svc}`);
      write(
        svc,
        JSON.parse(gunzipSync(Buffer.from(members[svc], 'hex')).toString('utf8')),
        `botocore ${BOTOCORE_VERSION}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BOTOCORE_DATA_DIR) fromDataDir(process.env.BOTOCORE_DATA_DIR);
else fromWheel();
