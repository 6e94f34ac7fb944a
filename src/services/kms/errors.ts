// KMS's error codes with AWS's exact wording, in one place.
import { AwsError } from '../../aws/error.js';

export const kmsError = (code: string, message: string): AwsError => new AwsError(code, message);

export const validation = (message: string): AwsError => kmsError('ValidationException', message);

export const notFound = (message: string): AwsError => kmsError('NotFoundException', message);

export const keyNotFound = (arn: string): AwsError => notFound(`Key '${arn}' does not exist`);

export const invalidKeyId = (input: string): AwsError => notFound(`Invalid keyId '${input}'`);

export const invalidState = (message: string): AwsError => kmsError('KMSInvalidStateException', message);

export const unsupported = (message: string): AwsError => kmsError('UnsupportedOperationException', message);

export const invalidKeyUsage = (message: string): AwsError => kmsError('InvalidKeyUsageException', message);

/** AWS says nothing about why a ciphertext does not open: no detail may leak. */
export const invalidCiphertext = (): AwsError => kmsError('InvalidCiphertextException', '');

export const incorrectKey = (): AwsError =>
  kmsError(
    'IncorrectKeyException',
    'The key ID in the request does not identify a CMK that can perform this operation.',
  );

export const wrongUsage = (arn: string, usage: string, operation: string): AwsError =>
  invalidKeyUsage(`${arn} key usage is ${usage} which is not valid for ${operation}.`);

export const dryRun = (): AwsError =>
  kmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
