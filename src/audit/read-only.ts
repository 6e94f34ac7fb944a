// Whether an operation is a read (CloudTrail's readOnly), decided from its name as CloudTrail's own data shows.

/** Name prefixes of operations that change nothing. */
const READ_PREFIXES = ['Get', 'List', 'Describe', 'Lookup', 'Search', 'Simulate', 'Decode', 'BatchGet'];

/**
 * Reads whose names do not say so. CloudTrail marks the STS credential calls and KMS's cryptographic
 * operations readOnly: they use a role or key without changing it.
 */
const READ_OPERATIONS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
  'GenerateMac',
  'VerifyMac',
  'Sign',
  'Verify',
  'DeriveSharedSecret',
]);

export function isReadOnlyOperation(operation: string): boolean {
  if (READ_OPERATIONS.has(operation)) return true;
  // The prefix must end a word: `Getaway` is not a Get, `GetUser` and `Get` are.
  return READ_PREFIXES.some(
    (prefix) =>
      operation.startsWith(prefix) && (operation.length === prefix.length || /[A-Z]/.test(operation[prefix.length])),
  );
}
