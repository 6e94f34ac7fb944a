// The errors of SSH keys, server and signing certificates and service-specific credentials, as IAM words them.
import { AwsError } from '../../../aws/error.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';

export function sshKeyNotFound(keyId: string): AwsError {
  return noSuchEntity(`The Public Key with id ${keyId} cannot be found.`);
}

export function duplicateSshKey(): AwsError {
  return new AwsError('DuplicateSSHPublicKey', 'The SSH public key specified is already associated with this user.', {
    status: 400,
  });
}

/** The key parses as no public key at all, or as one IAM does not take (not RSA, or under 2048 bits). */
export function invalidPublicKey(detail: string): AwsError {
  return new AwsError('InvalidPublicKey', detail, { status: 400 });
}

/** The body is neither in the ssh-rsa format nor PEM. */
export function unrecognizedPublicKeyEncoding(): AwsError {
  return new AwsError(
    'UnrecognizedPublicKeyEncoding',
    'The public key encoding format is unsupported or unrecognized. The public key must be encoded in ssh-rsa format or PEM format.',
    { status: 400 },
  );
}

export function malformedCertificate(message: string): AwsError {
  return new AwsError('MalformedCertificate', message, { status: 400 });
}

export const UNPARSABLE_CERTIFICATE = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';

/** The chain does not lead from the certificate up, link by link; `index` is the chain entry that fails. */
export function invalidChain(index: number): AwsError {
  return malformedCertificate(
    'Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, ' +
      `followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
  );
}

export function keyPairMismatch(): AwsError {
  return new AwsError('KeyPairMismatch', "Public key certificate and private key doesn't match.", { status: 400 });
}

export function serverCertificateNotFound(name: string): AwsError {
  return noSuchEntity(`The Server Certificate with name ${name} cannot be found.`);
}

export function serverCertificateTaken(name: string): AwsError {
  return entityAlreadyExists(`The Server Certificate with name ${name} already exists.`);
}

export function signingCertificateNotFound(certificateId: string): AwsError {
  return noSuchEntity(`The Certificate with id ${certificateId} cannot be found.`);
}

export function duplicateCertificate(): AwsError {
  return new AwsError(
    'DuplicateCertificate',
    'The same certificate is already associated with a user in the account.',
    {
      status: 409,
    },
  );
}

export function serviceCredentialNotFound(credentialId: string): AwsError {
  return noSuchEntity(`No such credential ${credentialId} exists`);
}

export function serviceNotSupported(serviceName: string): AwsError {
  return new AwsError(
    'NotSupportedService',
    `No such service ${serviceName} is supported for Service-Specific Credentials`,
    {
      status: 404,
    },
  );
}
