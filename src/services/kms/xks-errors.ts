// What a failed external key store proxy call answers, as the XKS Proxy API specification's "KMS Considerations"
// table lists it: the exception depends on the KMS operation, the message only on the failure; the proxy's own
// errorMessage never reaches the caller. Also the ConnectionErrorCode a failed connection attempt records.
import type { AwsError } from '../../aws/error.js';
import { invalidState, kmsError } from './errors.js';
import type { XksFailureKind } from './xks-client.js';

const CANNOT_INTERPRET =
  'AWS KMS cannot interpret the response from the external key store proxy. If you see this error repeatedly, ' +
  'report it to your external key store proxy administrator.';

const UNREACHABLE =
  'AWS KMS cannot communicate with the external key store proxy. This might be a transient network issue. If you ' +
  'see this error repeatedly, verify that your external key store proxy is active and is connected to the network, ' +
  'and that its endpoint URI is correct in your external keystore.';

/** The message of each failure, as the specification's table words it. */
export const XKS_FAILURE_MESSAGES: Readonly<Record<XksFailureKind, string>> = {
  ValidationException: CANNOT_INTERPRET,
  InvalidStateException:
    'The external key associated with this KMS key in an external key store is not enabled in the external key ' +
    'manager. Enable the external key in the external key manager and retry the request.',
  InvalidCiphertextException:
    'The external key store proxy rejected the request because the specified ciphertext or encryption context is ' +
    'corrupted, missing, or otherwise invalid.',
  InvalidKeyUsageException:
    'The external key associated with this KMS key in an external key store does not support the requested ' +
    'operation. Enable the operation on the key in your external key manager, and try the request again.',
  AuthenticationFailedException:
    'The external key store proxy rejected the request because it could not authenticate AWS KMS. Verify the XKS ' +
    'proxy authentication credentials for your external key store and update if necessary.',
  AccessDeniedException:
    'The external key store proxy denied access to the operation. Verify that the user and the external key are ' +
    'both authorized for this operation, and try the request again.',
  KeyNotFoundException:
    'The external key associated with this KMS key in an external key store was not found in its external key ' +
    'manager. If the external key ID associated with this KMS key is incorrect, create a new KMS key with the ' +
    'correct external key ID.',
  InvalidUriPathException:
    'The external key store proxy rejected the request because of an invalid URI path. Verify the URI path for your ' +
    'external key store and update if necessary.',
  UnsupportedOperationException:
    'The external key store proxy rejected the request because it does not support the requested operation. If you ' +
    'see this error repeatedly, report it to your external key store proxy administrator.',
  DependencyTimeoutException:
    'The external key store proxy did not respond to the request in the time allotted. Retry the request. If you see ' +
    'this error repeatedly, report it to your external key store proxy administrator.',
  ThrottlingException:
    'The external key store proxy rejected the request due to a very high request rate. Reduce the frequency of ' +
    'your calls using KMS keys in this external key store.',
  InternalException:
    'The external key store proxy rejected the request because it cannot communicate with the external key ' +
    'manager. Verify that the external key store proxy configuration is correct and that the external key manager ' +
    'is available.',
  Unreachable: UNREACHABLE,
  // A refused address is answered as an unreachable one, so that the answer tells nothing of what is there.
  Refused: UNREACHABLE,
  Tls:
    'AWS KMS cannot establish a TLS connection to the external key store proxy. Verify the TLS configuration, ' +
    'including its certificate.',
  Timeout:
    'AWS KMS rejected the request because the external key store proxy did not respond in time. Retry the request. ' +
    'If you see this error repeatedly, report it to your external key store proxy administrator.',
  Malformed: CANNOT_INTERPRET,
  // The API reference: XksProxyUriUnreachableException is also thrown when every external key manager is unavailable.
  AllUnavailable: UNREACHABLE,
};

/** The proxy answered a decryption whose result the KMS layer then refused. */
export const PROXY_RETURNED_INVALID_CIPHERTEXT =
  'The ciphertext that the external key store proxy submitted for decryption, or the encryption context, is ' +
  'corrupted, missing, or otherwise invalid.';

/** A KMS key in an external key store that is not CONNECTED cannot be created or used. */
export const NOT_CONNECTED =
  'This KMS key is in a custom key store that is not connected to its external key store proxy. Connect the ' +
  'external key store and try the request again.';

/** CreateCustomKeyStore and UpdateCustomKeyStore, which check the proxy with GetHealthStatus. */
export function storeConfigurationError(kind: XksFailureKind): AwsError {
  const message = XKS_FAILURE_MESSAGES[kind];
  switch (kind) {
    case 'AuthenticationFailedException':
      return kmsError('XksProxyIncorrectAuthenticationCredentialException', message);
    case 'InvalidUriPathException':
      return kmsError('XksProxyInvalidConfigurationException', message);
    case 'DependencyTimeoutException':
    case 'ThrottlingException':
    case 'Unreachable':
    case 'Refused':
    case 'Tls':
    case 'Timeout':
    case 'AllUnavailable':
      return kmsError('XksProxyUriUnreachableException', message);
    default:
      return kmsError('XksProxyInvalidResponseException', message);
  }
}

/** CreateKey, which checks the external key with GetKeyMetadata. */
export function createKeyError(kind: XksFailureKind): AwsError {
  const message = XKS_FAILURE_MESSAGES[kind];
  switch (kind) {
    case 'KeyNotFoundException':
      return kmsError('XksKeyNotFoundException', message);
    case 'InvalidStateException':
    case 'InvalidKeyUsageException':
      return kmsError('XksKeyInvalidConfigurationException', message);
    case 'AccessDeniedException':
      return invalidState(message);
    default:
      return kmsError('CustomKeyStoreInvalidStateException', message);
  }
}

/** Encrypt, Decrypt, ReEncrypt and the data key operations: always KMSInvalidStateException. */
export function cryptoError(kind: XksFailureKind): AwsError {
  return invalidState(XKS_FAILURE_MESSAGES[kind]);
}

/** The ConnectionErrorCode of a failed ConnectCustomKeyStore, as DescribeCustomKeyStores documents the codes. */
export function connectionErrorCode(kind: XksFailureKind): string {
  switch (kind) {
    case 'AuthenticationFailedException':
      return 'INVALID_CREDENTIALS';
    case 'AccessDeniedException':
      return 'XKS_PROXY_ACCESS_DENIED';
    case 'InvalidUriPathException':
      return 'XKS_PROXY_INVALID_CONFIGURATION';
    case 'Unreachable':
    case 'Refused':
    case 'AllUnavailable':
      return 'XKS_PROXY_NOT_REACHABLE';
    case 'Tls':
      return 'XKS_PROXY_INVALID_TLS_CONFIGURATION';
    case 'Timeout':
    case 'DependencyTimeoutException':
      return 'XKS_PROXY_TIMED_OUT';
    case 'ThrottlingException':
      return 'NETWORK_ERRORS';
    default:
      return 'XKS_PROXY_INVALID_RESPONSE';
  }
}
