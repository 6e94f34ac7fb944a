// Which issuers may be reached over plain http, and how an issuer maps to its IAM provider name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, providerUrlOf } from './oidc.js';

describe('oidc helpers', () => {
  test('only loopback hosts count as loopback', () => {
    for (const host of ['localhost', '127.0.0.1', '127.10.20.30', '[::1]', '::1'])
      assert.ok(isLoopbackHost(host), host);
    for (const host of ['example.com', '10.0.0.1', '127.0.0.1.nip.io', 'localhost.example.com', '[::2]', '128.0.0.1']) {
      assert.ok(!isLoopbackHost(host), host);
    }
  });

  test('the provider name is the issuer without its scheme, trailing slash kept', () => {
    assert.equal(providerUrlOf('https://token.actions.githubusercontent.com'), 'token.actions.githubusercontent.com');
    assert.equal(providerUrlOf('https://idp.example.com/realms/a/'), 'idp.example.com/realms/a/');
    assert.equal(providerUrlOf('http://127.0.0.1:8080/realm'), '127.0.0.1:8080/realm');
  });
});
