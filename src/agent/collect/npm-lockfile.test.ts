// package-lock.json in its three formats: v1 nests dependencies, v2 carries both, v3 only `packages`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNpmLockfile } from './npm-lockfile.js';

const names = (text: string) =>
  parseNpmLockfile(text)
    .map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`)
    .sort();

test('v1: nested dependencies, with file: and link versions left out', () => {
  const lock = {
    lockfileVersion: 1,
    dependencies: {
      express: {
        version: '4.17.1',
        dependencies: { debug: { version: '2.6.9', dependencies: { ms: { version: '2.0.0' } } } },
      },
      mocha: { version: '10.0.0', dev: true },
      local: { version: 'file:../local' },
    },
  };
  assert.deepEqual(names(JSON.stringify(lock)), ['debug@2.6.9', 'express@4.17.1', 'mocha@10.0.0 dev', 'ms@2.0.0']);
  const nested = parseNpmLockfile(JSON.stringify(lock)).find((p) => p.name === 'ms');
  assert.equal(nested?.path, 'node_modules/express/node_modules/debug/node_modules/ms');
});

const PACKAGES = {
  '': { name: 'app', version: '1.0.0' },
  'node_modules/lodash': { version: '4.17.21' },
  'node_modules/@babel/core': { version: '7.24.0', dev: true },
  'node_modules/a/node_modules/lodash': { version: '3.10.1' },
  'node_modules/linked': { resolved: 'packages/linked', link: true },
  'packages/linked': { name: 'linked', version: '0.0.1' },
  'node_modules/aliased': { name: 'real-name', version: '1.2.3' },
};

test('v2 reads `packages` (not the v1 section it also carries)', () => {
  const lock = { lockfileVersion: 2, packages: PACKAGES, dependencies: { lodash: { version: '4.17.21' } } };
  assert.deepEqual(names(JSON.stringify(lock)), [
    '@babel/core@7.24.0 dev',
    'lodash@3.10.1',
    'lodash@4.17.21',
    'real-name@1.2.3',
  ]);
});

test('v3: the root, links and workspace folders are not installed packages', () => {
  assert.deepEqual(names(JSON.stringify({ lockfileVersion: 3, packages: PACKAGES })), [
    '@babel/core@7.24.0 dev',
    'lodash@3.10.1',
    'lodash@4.17.21',
    'real-name@1.2.3',
  ]);
});

test('a lockfile that is no object lists nothing; bad JSON throws', () => {
  assert.deepEqual(parseNpmLockfile('[]'), []);
  assert.throws(() => parseNpmLockfile('{'));
});
