// `npm test`: typecheck (then the noUncheckedIndexedAccess pass), lint, then every *.test.ts under src/, bench/ and test/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// The SDK clients are test clients only: their notice that future SDK releases want Node 22 would print once per
// test file and bury warnings worth reading. Warden itself runs on Node 20 (see package.json engines).
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function run(label, command, args) {
  console.log(`\n== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`== ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

// `--unit`: the tests beside the sources (src/, and bench/'s own helpers); `--e2e`: real-client scenarios and compat (test/). Either runs
// only those tests, without the typecheck and lint; named files run alone likewise; no argument runs everything.
const args = process.argv.slice(2);
const unit = args.includes('--unit');
const e2e = args.includes('--e2e');
const only = args.filter((a) => !a.startsWith('--'));
if (only.length === 0 && !unit && !e2e) {
  run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  run('typecheck (noUncheckedIndexedAccess)', process.execPath, ['scripts/typecheck-strict.mjs']);
  run('lint', 'npx', ['eslint', '.']);
  run('format', 'npx', ['prettier', '--check', '.']);
}
const files =
  only.length > 0
    ? only
    : [
        ...(e2e && !unit ? [] : [...findTests('src'), ...findTests('bench')]),
        ...(unit && !e2e ? [] : findTests('test')),
      ].sort();
run('tests', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
