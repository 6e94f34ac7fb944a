// Typecheck with noUncheckedIndexedAccess (tsconfig.strict.json), enforced in the folders that config includes.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// tsc checks every file the strict folders import too (the wire codecs, the stores, some services); under the flag
// those report about a hundred errors that belong to other folders' adoption of it. They are already typechecked
// without the flag by tsconfig.json, so this pass reports only what lies in the folders tsconfig.strict.json names.
const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const config = JSON.parse(await readFile(`${root}/tsconfig.strict.json`, 'utf8'));
const folders = config.include.map((folder) => `${folder.replace(/\/$/, '')}/`);

const result = spawnSync('npx', ['tsc', '--noEmit', '--pretty', 'false', '-p', 'tsconfig.strict.json'], {
  cwd: root,
  encoding: 'utf8',
});
if (result.error) throw result.error;

// One diagnostic is its `file(line,col): error TS…` line and the indented lines that continue it.
const diagnostics = [];
for (const line of result.stdout.split('\n')) {
  if (/^\S.*\(\d+,\d+\): error TS\d+/.test(line) || /^error TS\d+/.test(line)) diagnostics.push([line]);
  else if (line.trim() !== '' && diagnostics.length > 0) diagnostics.at(-1).push(line);
}
const inScope = diagnostics.filter(
  ([first]) => !/^\S.*\(\d+,\d+\)/.test(first) || folders.some((f) => first.startsWith(f)),
);
for (const diagnostic of inScope) console.log(diagnostic.join('\n'));
if (inScope.length > 0) {
  console.error(`${inScope.length} error(s) under noUncheckedIndexedAccess in ${folders.join(', ')}`);
  process.exit(1);
}
if (result.status !== 0 && diagnostics.length === 0) {
  console.error(result.stdout + result.stderr);
  process.exit(result.status ?? 1);
}
