// Python core metadata: the headers up to the first blank line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePythonName, parsePythonMetadata } from './python-metadata.js';

test('name, version, summary and home page; the body is not read as headers', () => {
  const text = [
    'Metadata-Version: 2.1',
    'Name: Flask_SQLAlchemy',
    'Version: 3.1.1',
    'Summary: Add SQLAlchemy support to your Flask application.',
    'Home-page: UNKNOWN',
    'Classifier: Framework :: Flask',
    'Classifier: License :: OSI Approved :: BSD License',
    '',
    'Name: not-a-header',
  ].join('\n');
  assert.deepEqual(parsePythonMetadata(text), {
    name: 'Flask_SQLAlchemy',
    version: '3.1.1',
    summary: 'Add SQLAlchemy support to your Flask application.',
  });
  assert.equal(normalizePythonName('Flask_SQLAlchemy'), 'flask-sqlalchemy');
  assert.equal(normalizePythonName('zope.interface'), 'zope-interface');
});

test('metadata without a name or version is no package', () => {
  assert.equal(parsePythonMetadata('Metadata-Version: 2.1\nName: x\n'), undefined);
  assert.equal(parsePythonMetadata('Version: 1.0\n'), undefined);
});
