// Package URLs read into the (ecosystem, name, version) the advisories are matched by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageQueryOf, parsePurl } from './purl.js';

const query = (purl: string) => {
  const p = parsePurl(purl);
  return p === undefined ? undefined : packageQueryOf(p);
};

test('npm purls: scopes in either spelling, percent-decoded versions', () => {
  assert.deepEqual(query('pkg:npm/left-pad@1.3.0'), { ecosystem: 'npm', name: 'left-pad', version: '1.3.0' });
  assert.deepEqual(query('pkg:npm/%40aws-sdk/client-kms@3.1164.0'), {
    ecosystem: 'npm',
    name: '@aws-sdk/client-kms',
    version: '3.1164.0',
  });
  assert.deepEqual(query('pkg:npm/@types/node@20.19.43'), {
    ecosystem: 'npm',
    name: '@types/node',
    version: '20.19.43',
  });
  assert.deepEqual(query('pkg:npm/x@1.0.0-rc.1%2Bbuild#sub/path'), {
    ecosystem: 'npm',
    name: 'x',
    version: '1.0.0-rc.1+build',
  });
});

test('deb purls: release from distro, source package and version from upstream/source, epoch put back', () => {
  assert.deepEqual(query('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12'), {
    ecosystem: 'Debian:12',
    name: 'openssl',
    version: '3.0.11-1~deb12u2',
  });
  assert.deepEqual(query('pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?distro=bookworm&epoch=0&source=glibc'), {
    ecosystem: 'Debian:12',
    name: 'glibc',
    version: '2.36-9+deb12u4',
  });
  assert.deepEqual(query('pkg:deb/debian/diffutils@3.8-4?distro=bookworm&epoch=1'), {
    ecosystem: 'Debian:12',
    name: 'diffutils',
    version: '1:3.8-4',
  });
  assert.deepEqual(query('pkg:deb/debian/bash@5.2-1+b1?upstream=bash%405.2-1'), {
    ecosystem: 'Debian',
    name: 'bash',
    version: '5.2-1',
  });
  assert.deepEqual(query('pkg:deb/ubuntu/login@4.8.1-2ubuntu2.1?distro=jammy&epoch=1&source=shadow'), {
    ecosystem: 'Ubuntu:22.04:LTS',
    name: 'shadow',
    version: '1:4.8.1-2ubuntu2.1',
  });
  assert.equal(query('pkg:deb/raspbian/bash@5.2-1'), undefined);
});

test('pypi purls, and what is not matched', () => {
  assert.deepEqual(query('pkg:pypi/Django@4.2.1'), { ecosystem: 'PyPI', name: 'Django', version: '4.2.1' });
  assert.equal(query('pkg:npm/left-pad'), undefined, 'no version');
  assert.equal(query('pkg:golang/github.com/x/y@v1.0.0'), undefined, 'type not matched');
  for (const bad of ['', 'npm/left-pad@1.0.0', 'pkg:npm', 'pkg:npm/%E0%A4%A@1', `pkg:npm/${'a'.repeat(3000)}@1`])
    assert.equal(parsePurl(bad), undefined, bad);
});
