// Which attack tactic (GuardDuty's <Tactic>:IAMUser/AnomalousBehavior) each API Warden serves is associated with.
//
// GuardDuty documents each tactic by the kind of API it covers ("guardduty_finding-types-iam"):
// - CredentialAccess: APIs that hand out secrets (GetPasswordData, GetSecretValue, GenerateDbAuthToken).
// - DefenseEvasion: delete, disable or stop operations that cover tracks (DeleteFlowLogs, DisableAlarmActions,
//   StopLogging).
// - Discovery: get, describe or list operations (DescribeInstances, GetRolePolicy, ListAccessKeys).
// - Exfiltration: control-plane operations that copy data out (PutBucketReplication, CreateSnapshot,
//   RestoreDBInstanceFromDBSnapshot).
// - Impact: delete, update or put operations that disrupt or destroy (DeleteSecurityGroup, UpdateUser,
//   PutBucketPolicy).
// - InitialAccess: get-token and session operations (GetFederationToken, StartSession, GetAuthorizationToken).
// - Persistence: create, import or modify operations that keep access (CreateAccessKey, ImportKeyPair,
//   ModifyInstanceAttribute).
// - PrivilegeEscalation: operations that change IAM policies, roles and users (AssociateIamInstanceProfile,
//   AddUserToGroup, PutUserPolicy).
// The table below places the APIs of the services Warden serves by those descriptions and MITRE ATT&CK's cloud
// matrix (T1562 Impair Defenses, T1098 Account Manipulation, T1136 Create Account, T1531 Account Access Removal,
// T1485 Data Destruction, T1537 Transfer Data to Cloud Account, T1552 Unsecured Credentials, T1078 Valid Accounts).
// Every other read (Get, List, Describe, Lookup, Search, Simulate, and IAM's report generation) is Discovery; any
// other API is not one the anomaly rule watches.

export type Tactic =
  | 'CredentialAccess'
  | 'DefenseEvasion'
  | 'Discovery'
  | 'Exfiltration'
  | 'Impact'
  | 'InitialAccess'
  | 'Persistence'
  | 'PrivilegeEscalation';

/** Each tactic's finding type and its documented default severity (Low 2, Medium 5, High 8). */
export const TACTIC_FINDINGS: Readonly<Record<Tactic, { type: string; severity: number }>> = {
  CredentialAccess: { type: 'CredentialAccess:IAMUser/AnomalousBehavior', severity: 5 },
  DefenseEvasion: { type: 'DefenseEvasion:IAMUser/AnomalousBehavior', severity: 5 },
  Discovery: { type: 'Discovery:IAMUser/AnomalousBehavior', severity: 2 },
  Exfiltration: { type: 'Exfiltration:IAMUser/AnomalousBehavior', severity: 8 },
  Impact: { type: 'Impact:IAMUser/AnomalousBehavior', severity: 8 },
  InitialAccess: { type: 'InitialAccess:IAMUser/AnomalousBehavior', severity: 5 },
  Persistence: { type: 'Persistence:IAMUser/AnomalousBehavior', severity: 5 },
  PrivilegeEscalation: { type: 'PrivilegeEscalation:IAMUser/AnomalousBehavior', severity: 5 },
};

type Table = Partial<Record<Tactic, readonly string[]>>;

/** Writes (and secret-returning calls) by event source. */
const TABLE: Readonly<Record<string, Table>> = {
  'iam.amazonaws.com': {
    // The new password of a service-specific credential is returned in the response.
    CredentialAccess: ['ResetServiceSpecificCredential'],
    DefenseEvasion: [
      'DeleteAccountPasswordPolicy',
      'UpdateAccountPasswordPolicy',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'DeleteRolePermissionsBoundary',
      'DeleteUserPermissionsBoundary',
    ],
    Impact: [
      'DeleteUser',
      'DeleteRole',
      'DeleteGroup',
      'DeletePolicy',
      'DeletePolicyVersion',
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'UpdateAccessKey',
      'UpdateUser',
      'UpdateLoginProfile',
      'DeleteAccountAlias',
      'DeleteSAMLProvider',
      'DeleteOpenIDConnectProvider',
      'DeleteInstanceProfile',
      'DeleteServerCertificate',
      'DeleteSigningCertificate',
      'DeleteSSHPublicKey',
      'DeleteServiceSpecificCredential',
      'DeleteUserPolicy',
      'DeleteRolePolicy',
      'DeleteGroupPolicy',
      'DetachUserPolicy',
      'DetachRolePolicy',
      'DetachGroupPolicy',
      'RemoveUserFromGroup',
    ],
    Persistence: [
      'CreateUser',
      'CreateAccessKey',
      'CreateLoginProfile',
      'CreateRole',
      'UpdateAssumeRolePolicy',
      'CreateServiceSpecificCredential',
      'UploadSSHPublicKey',
      'UploadSigningCertificate',
      'UploadServerCertificate',
      'CreateOpenIDConnectProvider',
      'AddClientIDToOpenIDConnectProvider',
      'UpdateOpenIDConnectProviderThumbprint',
      'CreateSAMLProvider',
      'UpdateSAMLProvider',
      'CreateVirtualMFADevice',
      'EnableMFADevice',
      'CreateInstanceProfile',
      'CreateGroup',
    ],
    PrivilegeEscalation: [
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'AddUserToGroup',
      'AddRoleToInstanceProfile',
      'CreatePolicy',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
      'PutUserPermissionsBoundary',
      'PutRolePermissionsBoundary',
      'UpdateRole',
    ],
  },
  'sts.amazonaws.com': {
    InitialAccess: [
      'GetFederationToken',
      'GetSessionToken',
      'AssumeRole',
      'AssumeRoleWithSAML',
      'AssumeRoleWithWebIdentity',
      'AssumeRoot',
    ],
  },
  'kms.amazonaws.com': {
    // Plaintext keys and data come back from these: what protects secrets.
    CredentialAccess: ['Decrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'DeriveSharedSecret'],
    DefenseEvasion: ['DisableKeyRotation'],
    // Ciphertext moved under another (possibly foreign) key, key material copied to another Region.
    Exfiltration: ['ReEncrypt', 'ReplicateKey'],
    Impact: [
      'ScheduleKeyDeletion',
      'DisableKey',
      'DeleteImportedKeyMaterial',
      'DeleteCustomKeyStore',
      'DisconnectCustomKeyStore',
      'DeleteAlias',
      'UpdateAlias',
      'RetireGrant',
      'RevokeGrant',
    ],
    Persistence: ['CreateGrant', 'ImportKeyMaterial', 'CreateKey'],
    PrivilegeEscalation: ['PutKeyPolicy'],
  },
  'organizations.amazonaws.com': {
    DefenseEvasion: [
      'DetachPolicy',
      'DeletePolicy',
      'UpdatePolicy',
      'DisablePolicyType',
      'LeaveOrganization',
      'RemoveAccountFromOrganization',
      'DisableAWSServiceAccess',
      'DeregisterDelegatedAdministrator',
      'DeleteResourcePolicy',
    ],
    Impact: ['CloseAccount', 'DeleteOrganization', 'DeleteOrganizationalUnit'],
    Persistence: ['CreateAccount', 'InviteAccountToOrganization', 'PutResourcePolicy'],
    PrivilegeEscalation: ['AttachPolicy', 'RegisterDelegatedAdministrator', 'EnableAWSServiceAccess'],
  },
  'cloudtrail.amazonaws.com': {
    DefenseEvasion: [
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'PutInsightSelectors',
      'DeleteEventDataStore',
      'UpdateEventDataStore',
      'StopEventDataStoreIngestion',
      'DeleteChannel',
      'DeleteResourcePolicy',
      'DeregisterOrganizationDelegatedAdmin',
    ],
  },
  'elasticloadbalancing.amazonaws.com': {
    // Access logs switched off.
    DefenseEvasion: ['ModifyLoadBalancerAttributes'],
    Impact: [
      'DeleteLoadBalancer',
      'DeleteListener',
      'DeleteTargetGroup',
      'DeleteRule',
      'DeregisterTargets',
      'SetSecurityGroups',
      'ModifyListener',
      'ModifyRule',
    ],
  },
  'wafv2.amazonaws.com': {
    DefenseEvasion: [
      'DeleteWebACL',
      'DisassociateWebACL',
      'UpdateWebACL',
      'DeleteRuleGroup',
      'UpdateRuleGroup',
      'DeleteIPSet',
      'UpdateIPSet',
      'DeleteLoggingConfiguration',
      'DeleteFirewallManagerRuleGroups',
    ],
  },
  'guardduty.amazonaws.com': {
    DefenseEvasion: [
      'DeleteDetector',
      'UpdateDetector',
      'CreateFilter',
      'UpdateFilter',
      'CreateIPSet',
      'UpdateIPSet',
      'DeleteThreatIntelSet',
      'UpdateThreatIntelSet',
      'ArchiveFindings',
      'DisassociateFromAdministratorAccount',
      'DisassociateFromMasterAccount',
      'DisassociateMembers',
      'DeleteMembers',
      'StopMonitoringMembers',
      'DeletePublishingDestination',
      'DisableOrganizationAdminAccount',
    ],
    // Findings (what was detected about the account) delivered to a destination of the caller's choosing.
    Exfiltration: ['CreatePublishingDestination', 'UpdatePublishingDestination'],
  },
  'shield.amazonaws.com': {
    DefenseEvasion: [
      'DeleteProtection',
      'DeleteProtectionGroup',
      'DeleteSubscription',
      'DisableApplicationLayerAutomaticResponse',
      'DisableProactiveEngagement',
      'DisassociateDRTRole',
      'DisassociateDRTLogBucket',
    ],
  },
};

/** The table inverted: `source:name` → tactic. */
const BY_API: ReadonlyMap<string, Tactic> = new Map(
  Object.entries(TABLE).flatMap(([source, tactics]) =>
    Object.entries(tactics).flatMap(([tactic, names]) =>
      names.map((n) => [`${source}:${n}`, tactic as Tactic] as const),
    ),
  ),
);

/** The services whose reads count as Discovery: those Warden serves. */
const SERVED_SOURCES = new Set([
  ...Object.keys(TABLE),
  'ce.amazonaws.com',
  'inspector2.amazonaws.com',
  'artifact.amazonaws.com',
  'ssm.amazonaws.com',
]);

const READ =
  /^(Get|List|Describe|Lookup|Search|Simulate|Generate(Credential|ServiceLastAccessed|OrganizationsAccess)Report)/;

/** The tactic a call is associated with, or undefined for an API the anomaly rule does not watch. */
export function tacticOf(eventSource: string, eventName: string): Tactic | undefined {
  const listed = BY_API.get(`${eventSource}:${eventName}`);
  if (listed) return listed;
  return SERVED_SOURCES.has(eventSource) && READ.test(eventName) ? 'Discovery' : undefined;
}

/** Every API the table names, for its test (each must be an operation of its service's model). */
export function listedApis(): readonly string[] {
  return [...BY_API.keys()];
}
