// IAM's per-account and per-entity quotas on identities (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
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
