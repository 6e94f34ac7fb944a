// Tests for how failed proxy calls answer: the exception per KMS operation from the XKS spec's table, and the codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectionErrorCode,
  createKeyError,
  cryptoError,
  storeConfigurationError,
  XKS_FAILURE_MESSAGES,
} from './xks-errors.js';
import { connectTarget } from './xks-client.js';

describe('XKS failure mapping', () => {
  test('one message per failure, the exception chosen by the operation', () => {
    const create = storeConfigurationError('AuthenticationFailedException');
    const key = createKeyError('AuthenticationFailedException');
    const crypto = cryptoError('AuthenticationFailedException');
    assert.equal(create.code, 'XksProxyIncorrectAuthenticationCredentialException');
    assert.equal(key.code, 'CustomKeyStoreInvalidStateException');
    assert.equal(crypto.code, 'KMSInvalidStateException');
    assert.equal(create.message, key.message);
    assert.equal(key.message, crypto.message);
    assert.match(crypto.message, /could not authenticate AWS KMS/);
  });

  test('CreateKey: a missing or unusable external key has its own exceptions', () => {
    assert.equal(createKeyError('KeyNotFoundException').code, 'XksKeyNotFoundException');
    assert.equal(createKeyError('InvalidStateException').code, 'XksKeyInvalidConfigurationException');
    assert.equal(createKeyError('InvalidKeyUsageException').code, 'XksKeyInvalidConfigurationException');
    assert.equal(createKeyError('AccessDeniedException').code, 'KMSInvalidStateException');
    assert.equal(createKeyError('Timeout').code, 'CustomKeyStoreInvalidStateException');
  });

  test('Create/UpdateCustomKeyStore: unreachable, misconfigured, or answering nonsense', () => {
    for (const kind of ['Unreachable', 'Refused', 'Tls', 'Timeout', 'ThrottlingException', 'AllUnavailable'] as const) {
      assert.equal(storeConfigurationError(kind).code, 'XksProxyUriUnreachableException', kind);
    }
    assert.equal(storeConfigurationError('InvalidUriPathException').code, 'XksProxyInvalidConfigurationException');
    assert.equal(storeConfigurationError('Malformed').code, 'XksProxyInvalidResponseException');
    assert.equal(storeConfigurationError('InternalException').code, 'XksProxyInvalidResponseException');
  });

  test('ConnectionErrorCode of a failed connection', () => {
    assert.equal(connectionErrorCode('AuthenticationFailedException'), 'INVALID_CREDENTIALS');
    assert.equal(connectionErrorCode('Unreachable'), 'XKS_PROXY_NOT_REACHABLE');
    assert.equal(connectionErrorCode('AllUnavailable'), 'XKS_PROXY_NOT_REACHABLE');
    // An address the operator does not allow is indistinguishable from one that does not answer.
    assert.equal(connectionErrorCode('Refused'), 'XKS_PROXY_NOT_REACHABLE');
    assert.equal(XKS_FAILURE_MESSAGES.Refused, XKS_FAILURE_MESSAGES.Unreachable);
    assert.equal(connectionErrorCode('Tls'), 'XKS_PROXY_INVALID_TLS_CONFIGURATION');
    assert.equal(connectionErrorCode('Timeout'), 'XKS_PROXY_TIMED_OUT');
    assert.equal(connectionErrorCode('InvalidUriPathException'), 'XKS_PROXY_INVALID_CONFIGURATION');
    assert.equal(connectionErrorCode('Malformed'), 'XKS_PROXY_INVALID_RESPONSE');
    assert.equal(connectionErrorCode('AccessDeniedException'), 'XKS_PROXY_ACCESS_DENIED');
  });
});

describe('connectTarget', () => {
  test('maps host:port to another address only where configured', () => {
    const table = 'xks.example.com:443:127.0.0.1:8443, other.test:443:10.0.0.1:443';
    assert.deepEqual(connectTarget(table, 'xks.example.com', 443), { host: '127.0.0.1', port: 8443 });
    assert.deepEqual(connectTarget(table, 'XKS.example.com', 443), { host: '127.0.0.1', port: 8443 });
    assert.deepEqual(connectTarget(table, 'xks.example.com', 8443), { host: 'xks.example.com', port: 8443 });
    assert.deepEqual(connectTarget(undefined, 'a.test', 443), { host: 'a.test', port: 443 });
  });
});
