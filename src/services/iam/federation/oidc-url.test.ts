// CreateOpenIDConnectProvider's URL rules: https only, no query, fragment or user info; the name keeps the path.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../aws/error.js';
import { acceptThumbprints, oidcProviderName } from './oidc-url.js';

function refused(url: string, code: string, message: string) {
  assert.throws(
    () => oidcProviderName(url),
    (err: unknown) => err instanceof AwsError && err.code === code && err.message === message,
    url,
  );
}

describe('oidcProviderName', () => {
  test('is the URL without its scheme, path and trailing slash kept', () => {
    assert.equal(
      oidcProviderName('https://token.actions.githubusercontent.com'),
      'token.actions.githubusercontent.com',
    );
    assert.equal(
      oidcProviderName('https://oidc.eks.us-east-1.amazonaws.com/id/ABC'),
      'oidc.eks.us-east-1.amazonaws.com/id/ABC',
    );
    assert.equal(oidcProviderName('https://example.com/'), 'example.com/');
    assert.equal(oidcProviderName('https://keycloak.corp:8443/realms/x'), 'keycloak.corp:8443/realms/x');
    assert.equal(oidcProviderName('https://198.51.100.7'), '198.51.100.7');
  });

  test('refuses what IAM refuses, with its codes and words', () => {
    refused('example.com', 'ValidationError', 'Invalid Open ID Connect Provider URL');
    refused('https://', 'ValidationError', 'Invalid Open ID Connect Provider URL');
    refused(
      'http://example.com',
      'InvalidInput',
      'Invalid Open ID Connect Provider URL. The URL must begin with https://.',
    );
    for (const url of [
      'https://user:pass@example.com',
      'https://example.com?foo=1',
      'https://example.com#frag',
      'https://exa_mple.com',
    ]) {
      refused(url, 'InvalidInput', 'Invalid Open ID Connect Provider URL.');
    }
  });
});

describe('acceptThumbprints', () => {
  test('lower-cases; five are fine, six are not', () => {
    assert.deepEqual(acceptThumbprints(['A'.repeat(40)]), ['a'.repeat(40)]);
    assert.equal(acceptThumbprints(Array.from({ length: 5 }, (_, i) => String(i).repeat(40))).length, 5);
    assert.throws(
      () => acceptThumbprints(Array.from({ length: 6 }, (_, i) => String(i).repeat(40))),
      (err: unknown) =>
        err instanceof AwsError &&
        err.code === 'InvalidInput' &&
        err.message === 'Thumbprint list must contain fewer than 5 entries.',
    );
  });
});
