// The dpkg status parser: installed packages only, continuation lines, fields as dpkg writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDpkgStatus } from './dpkg-status.js';

const STATUS = `Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Provides: libz1
Depends: libc6 (>= 2.14)
Description: compression library - runtime
 zlib is a library implementing the deflate compression method found
 in gzip and PKZIP.
Homepage: http://zlib.net/

Package: old-kernel
Status: deinstall ok config-files
Architecture: amd64
Version: 6.1.0-1

Package: half
Status: install reinstreq half-installed
Architecture: all
Version: 0.1

Package: base-files
Status: install ok installed
Architecture: amd64
Source: base-files (12.4+deb12u5)
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files
`;

test('installed packages are read with their fields; removed and half-installed ones are not', () => {
  const packages = parseDpkgStatus(STATUS);
  assert.deepEqual(
    packages.map((p) => p.name),
    ['zlib1g', 'base-files'],
  );
  const [zlib, base] = packages;
  assert.equal(zlib.version, '1:1.2.13.dfsg-1');
  assert.equal(zlib.architecture, 'amd64');
  assert.equal(zlib.summary, 'compression library - runtime');
  assert.equal(zlib.homepage, 'http://zlib.net/');
  assert.equal(zlib.section, 'libs');
  assert.equal(zlib.source, 'zlib');
  assert.equal(zlib.maintainer, 'Mark Brown <broonie@debian.org>');
  // `Source: name (version)` names the source package only.
  assert.equal(base.source, 'base-files');
});

test('CRLF line ends, a missing final newline and stray lines are tolerated', () => {
  const text = 'junk line\r\nPackage: a\r\nStatus: install ok installed\r\nVersion: 1.0\r\nArchitecture: all';
  assert.deepEqual(parseDpkgStatus(text), [{ name: 'a', version: '1.0', architecture: 'all' }]);
  assert.deepEqual(parseDpkgStatus(''), []);
});
