// AWS's own wording for the errors of IAM's identity operations: name clashes, delete conflicts and quotas.
import { AwsError } from '../../aws/error.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from './common.js';

/** IAM's per-account and per-entity quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const QUOTAS = {
  UsersPerAccount: 5000,
  GroupsPerAccount: 300,
  RolesPerAccount: 1000,
  InstanceProfilesPerAccount: 1000,
  GroupsPerUser: 10,
  InstanceSessionsPerInstanceProfile: 1,
  /** Characters of a role trust policy, whitespace not counted. */
  ACLSizePerRole: 2048,
} as const;

export type QuotaName = keyof typeof QUOTAS;

/** "Cannot exceed quota for UsersPerAccount: 5000" (LimitExceeded, 409). */
export function quotaExceeded(quota: QuotaName): AwsError {
  return limitExceeded(`Cannot exceed quota for ${quota}: ${QUOTAS[quota]}`);
}

/** "User with name alice already exists." — IAM names the entity as the caller spelled it. */
export function nameTaken(kind: 'User' | 'Group' | 'Role', name: string): AwsError {
  return entityAlreadyExists(`${kind} with name ${name} already exists.`);
}

export function instanceProfileTaken(name: string): AwsError {
  return entityAlreadyExists(`Instance Profile ${name} already exists.`);
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
