// IAM's errors, worded as AWS words them: every error code IAM answers with its HTTP status, and the messages
// more than one module gives. A message only one operation gives stays beside it, built with these codes.
import { AwsError } from '../../aws/error.js';
import type { RequestContext } from '../../core/runtime.js';

// ---- codes ----

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', message, { status: 404 });
}

export function entityAlreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', message, { status: 409 });
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', message, { status: 409 });
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', message, { status: 409 });
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message, { status: 400 });
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

export function accessDenied(message: string): AwsError {
  return new AwsError('AccessDenied', message, { status: 403 });
}

export function entityTemporarilyUnmodifiable(message: string): AwsError {
  return new AwsError('EntityTemporarilyUnmodifiable', message, { status: 409 });
}

export function passwordPolicyViolation(message = 'Password does not conform to the account password policy.') {
  return new AwsError('PasswordPolicyViolation', message, { status: 400 });
}

export function invalidAuthenticationCode(): AwsError {
  return new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', { status: 403 });
}

export function reportNotPresent(): AwsError {
  return new AwsError(
    'ReportNotPresent',
    'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
    { status: 410 },
  );
}

/** A Marker IAM did not issue for this request (AWS answers a ValidationError). */
export function invalidMarker(): AwsError {
  return validationError('Invalid Marker.');
}

// ---- users, groups, roles and instance profiles ----

/**
 * "The user with name alice cannot be found." — IAM's wording for users, roles and groups; instance profiles
 * are worded "Instance Profile web cannot be found." (as GetInstanceProfile/DeleteInstanceProfile answer).
 */
export function entityNotFound(kind: 'user' | 'role' | 'group' | 'instance profile', name: string): AwsError {
  if (kind === 'instance profile') return noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
}

/** "User with name alice already exists." — IAM names the entity as the caller spelled it. */
export function nameTaken(kind: 'User' | 'Group' | 'Role', name: string): AwsError {
  return entityAlreadyExists(`${kind} with name ${name} already exists.`);
}

export function instanceProfileTaken(name: string): AwsError {
  return entityAlreadyExists(`Instance Profile ${name} already exists.`);
}

/** "Cannot exceed quota for UsersPerAccount: 5000" (LimitExceeded), as IAM names each of its quotas. */
export function quotaExceeded(quota: string, limit: number): AwsError {
  return limitExceeded(`Cannot exceed quota for ${quota}: ${limit}`);
}

/** The dependents that keep an entity from being deleted, each with the message IAM answers. */
export const DELETE_CONFLICTS = {
  accessKeys: 'Cannot delete entity, must delete access keys first.',
  loginProfile: 'Cannot delete entity, must delete login profile first.',
  mfaDevices: 'Cannot delete entity, must delete MFA device first.',
  inlinePolicies: 'Cannot delete entity, must delete policies first.',
  attachedPolicies: 'Cannot delete entity, must detach all policies first.',
  groupMembers: 'Cannot delete entity, must remove users from group first.',
  instanceProfiles: 'Cannot delete entity, must remove roles from instance profile first.',
} as const;

export function conflict(kind: keyof typeof DELETE_CONFLICTS): AwsError {
  return deleteConflict(DELETE_CONFLICTS[kind]);
}

/** A service-linked role (or another AWS-owned role) changed through the customer's own IAM calls. */
export function protectedRole(roleName: string): AwsError {
  return new AwsError(
    'UnmodifiableEntity',
    `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
    { status: 400 },
  );
}

/** IAM's answer when a role session (or another non-user) omits the user name. */
export function userNameRequired(): AwsError {
  return validationError('Must specify userName when calling with non-User credentials');
}

// ---- managed policies ----

/** "Policy arn:... was not found." — Get/Delete/Detach/Tag and the version operations. */
export function policyNotFound(arn: string): AwsError {
  return noSuchEntity(`Policy ${arn} was not found.`);
}

/** "Policy arn:... does not exist or is not attachable." — Attach*Policy. */
export function policyNotAttachable(arn: string): AwsError {
  return noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
}

/** Attach*Policy with one of AWS's service-role policies, which only AWS attaches (to service-linked roles). */
export function serviceRolePolicyNotAttachable(): AwsError {
  return new AwsError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.', {
    status: 400,
  });
}

/** AWS-managed policies belong to AWS: the account's writes to them are denied as cross-account requests. */
export function awsManagedDenied(ctx: RequestContext, arn: string): AwsError {
  const action = `iam:${ctx.operation}`;
  return accessDenied(
    `User: ${ctx.identity.arn} is not authorized to perform: ${action} on resource: policy ${arn} because no resource-based policy allows the ${action} action`,
  );
}

/** Text given as a policy ARN that does not parse as an ARN at all. */
export function unparsableArn(): AwsError {
  return validationError('Invalid ARN:  Could not be parsed!');
}

// ---- credentials ----

export function accessKeyNotFound(accessKeyId: string): AwsError {
  return noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
}

export function loginProfileNotFound(userName: string): AwsError {
  return noSuchEntity(`Login Profile for User ${userName} cannot be found.`);
}

export function mfaDeviceNotFound(serialNumber: string): AwsError {
  return noSuchEntity(`VirtualMFADevice with serial number ${serialNumber} does not exist.`);
}

export function mfaDeviceInvalidForUser(): AwsError {
  return noSuchEntity('MFA Device invalid for user.');
}

export function mfaDeviceInUse(): AwsError {
  return entityAlreadyExists('MFA Device is already in use.');
}

export function mfaDeviceStillAssigned(): AwsError {
  return deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
}

export function mfaDeviceNameTaken(): AwsError {
  return entityAlreadyExists('MFADevice entity at the same path and name already exists.');
}

export function malformedPolicyDocument(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, { status: 400 });
}

// ---- SSH keys, server and signing certificates, service-specific credentials ----
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
