// The SBOM documents ScanSbom accepts, their components in document order, and the bounds it enforces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../aws/error.js';
import { MAX_COMPONENTS, readSbom } from './sbom-input.js';

const reasonOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'ValidationException');
    return e.fields?.reason;
  }
  assert.fail('no error');
};

test('CycloneDX components in pre-order, nesting kept, bom-refs kept unless missing or repeated', () => {
  const s = readSbom({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: [
      {
        'bom-ref': 'a',
        name: 'a',
        purl: 'pkg:npm/a@1.0.0',
        components: [{ 'bom-ref': 'a', name: 'b' }, { name: 'c' }],
      },
      { name: 'd', version: '2', licenses: [{ license: { id: 'MIT' } }] },
    ],
  });
  assert.deepEqual(
    s.components.map((c) => [c['bom-ref'], c.name]),
    [
      ['a', 'a'],
      ['comp-1', 'b'],
      ['comp-2', 'c'],
      ['comp-3', 'd'],
    ],
  );
  assert.equal(s.roots.length, 2);
  assert.equal(s.roots[0]!.components!.length, 2);
  assert.deepEqual(s.roots[1], { 'bom-ref': 'comp-3', type: 'library', name: 'd', version: '2' });
});

test('SPDX 2.3 packages with their purl external references', () => {
  const s = readSbom({
    spdxVersion: 'SPDX-2.3',
    packages: [
      {
        SPDXID: 'SPDXRef-1',
        name: 'x',
        versionInfo: '1.0',
        externalRefs: [
          { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:a:x:x:1.0' },
          { referenceCategory: 'PACKAGE_MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/x@1.0' },
        ],
      },
    ],
  });
  assert.deepEqual(s.components, [
    { 'bom-ref': 'SPDXRef-1', type: 'library', name: 'x', version: '1.0', purl: 'pkg:pypi/x@1.0' },
  ]);
});

test('formats, versions and shapes it does not read are ValidationExceptions with the model reasons', () => {
  assert.equal(
    reasonOf(() => readSbom('text')),
    'CANNOT_PARSE',
  );
  assert.equal(
    reasonOf(() => readSbom({ bomFormat: 'CycloneDX', specVersion: '1.3' })),
    'UNSUPPORTED_SBOM_TYPE',
  );
  assert.equal(
    reasonOf(() => readSbom({ spdxVersion: 'SPDX-2.2' })),
    'UNSUPPORTED_SBOM_TYPE',
  );
  assert.equal(
    reasonOf(() => readSbom({ something: 'else' })),
    'UNSUPPORTED_SBOM_TYPE',
  );
  assert.equal(
    reasonOf(() => readSbom({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [1] })),
    'CANNOT_PARSE',
  );
});

test('more than 2,000 components, nested ones counted, is refused; so is nesting past the bound', () => {
  const nested = { name: 'n', components: Array.from({ length: MAX_COMPONENTS }, (_, i) => ({ name: `c${i}` })) };
  assert.equal(
    reasonOf(() => readSbom({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [nested] })),
    'FIELD_VALIDATION_FAILED',
  );
  assert.equal(
    readSbom({ bomFormat: 'CycloneDX', specVersion: '1.5', components: nested.components }).components.length,
    MAX_COMPONENTS,
  );
  let deep: Record<string, unknown> = { name: 'leaf' };
  for (let i = 0; i < 40; i++) deep = { name: `n${i}`, components: [deep] };
  assert.equal(
    reasonOf(() => readSbom({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [deep] })),
    'CANNOT_PARSE',
  );
});
