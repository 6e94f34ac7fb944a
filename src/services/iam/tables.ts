// Row types of IAM's tables (created by ./migrations/0010_iam.ts). Names are unique per
// account regardless of case, as AWS rules, so each named entity keeps a lower-cased key.

/** Which kind of IAM entity a policy attachment, inline policy or tag belongs to. */
export type IamEntityType = 'user' | 'group' | 'role';

export interface IamUsersTable {
  account_id: string;
  name_lc: string;
  user_name: string;
  user_id: string;
  path: string;
  created_at: number;
  permissions_boundary_arn: string | null;
  password_last_used: number | null;
}

export interface IamGroupsTable {
  account_id: string;
  name_lc: string;
  group_name: string;
  group_id: string;
  path: string;
  created_at: number;
}

export interface IamGroupMembersTable {
  account_id: string;
  group_lc: string;
  user_lc: string;
}

export interface IamRolesTable {
  account_id: string;
  name_lc: string;
  role_name: string;
  role_id: string;
  path: string;
  created_at: number;
  assume_role_policy_document: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  /** Set for service-linked roles: the service principal (e.g. guardduty.amazonaws.com). */
  service_linked_to: string | null;
  last_used_at: number | null;
  last_used_region: string | null;
}

export interface IamPoliciesTable {
  arn: string;
  /** The owning account, or 'aws' for AWS-managed policies. */
  account_id: string;
  name_lc: string;
  policy_name: string;
  policy_id: string;
  path: string;
  description: string | null;
  default_version_id: string;
  /** The number the next CreatePolicyVersion takes (v1, v2, ...: never reused). */
  next_version: number;
  created_at: number;
  updated_at: number;
}

export interface IamPolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  document: string;
  created_at: number;
}

export interface IamAttachmentsTable {
  account_id: string;
  entity_type: IamEntityType;
  entity_lc: string;
  policy_arn: string;
}

export interface IamInlinePoliciesTable {
  account_id: string;
  entity_type: IamEntityType;
  entity_lc: string;
  policy_name: string;
  document: string;
}

export interface IamTagsTable {
  account_id: string;
  /** 'user' | 'role' | 'policy' | 'mfa' | 'oidc' | 'saml' | 'instance-profile' | 'server-certificate' */
  resource_type: string;
  /** The lower-cased name, or the ARN for policies and providers. */
  resource_key: string;
  tag_key: string;
  tag_value: string;
}

export interface IamLoginProfilesTable {
  account_id: string;
  user_lc: string;
  /** scrypt hash in a self-describing string (see src/auth/passwords.ts). */
  password_hash: string;
  password_reset_required: number;
  created_at: number;
  password_changed_at: number;
}

export interface IamMfaDevicesTable {
  serial_number: string;
  account_id: string;
  device_name: string;
  path: string;
  /** The TOTP seed, wrapped under the master key. */
  seed_wrapped: string;
  /** The user it is enabled for; null while unassigned. */
  user_lc: string | null;
  enabled_at: number | null;
  /** The last TOTP time step accepted, so a code is never accepted twice. */
  last_step: number | null;
  created_at: number;
  /** Steps the device's clock runs ahead of ours (negative: behind), learnt by ResyncMFADevice (migration 0013). */
  drift_steps: number;
}

/** Retired password hashes, for the password policy's PasswordReusePrevention (migration 0013). */
export interface IamPasswordHistoryTable {
  account_id: string;
  /** The user's unique id (AIDA...), so a recreated user of the same name has no history. */
  user_id: string;
  password_hash: string;
  retired_at: number;
}

export interface IamAccountSettingsTable {
  account_id: string;
  /** The account password policy, JSON; null when none is set. */
  password_policy: string | null;
  alias: string | null;
  credential_report: string | null;
  credential_report_at: number | null;
}

export interface IamInstanceProfilesTable {
  account_id: string;
  name_lc: string;
  instance_profile_name: string;
  instance_profile_id: string;
  path: string;
  created_at: number;
}

export interface IamInstanceProfileRolesTable {
  account_id: string;
  profile_lc: string;
  role_lc: string;
}

export interface IamProvidersTable {
  arn: string;
  account_id: string;
  /** 'oidc' | 'saml' */
  kind: string;
  /** OIDC: the issuer URL without scheme; SAML: the provider name. */
  name: string;
  /** OIDC: {ClientIDList, ThumbprintList}; SAML: {SAMLMetadataDocument, ValidUntil}. JSON. */
  config: string;
  created_at: number;
}

/** SSH public keys for CodeCommit (migration 0015). The owner is the user's unique id, so renames need no update. */
export interface IamSshPublicKeysTable {
  account_id: string;
  ssh_public_key_id: string;
  user_id: string;
  /** The key as uploaded (either encoding); GetSSHPublicKey re-encodes it from ssh_blob. */
  body: string;
  /** The OpenSSH wire-format public key (base64), the canonical form both encodings come from. */
  ssh_blob: string;
  /** MD5 of the wire-format key, colon-separated hex; unique per user (DuplicateSSHPublicKey). */
  fingerprint: string;
  status: string;
  uploaded_at: number;
}

/** Server certificates (migration 0015): the private key only wrapped. Tags live in iam_tags ('server-certificate'). */
export interface IamServerCertificatesTable {
  account_id: string;
  name_lc: string;
  server_certificate_name: string;
  server_certificate_id: string;
  path: string;
  certificate_body: string;
  certificate_chain: string | null;
  /** The PEM private key, wrapped by the SecretBox under the certificate's id. */
  private_key_wrapped: string;
  /** The certificate's notAfter (epoch ms). */
  expires_at: number;
  uploaded_at: number;
}

/** X.509 signing certificates of users and the root user (migration 0015). */
export interface IamSigningCertificatesTable {
  account_id: string;
  certificate_id: string;
  /** The user's unique id, or the account id for the root user's own certificates. */
  owner_id: string;
  certificate_body: string;
  /** SHA-256 of the certificate's DER, unique per account (DuplicateCertificate). */
  fingerprint: string;
  status: string;
  uploaded_at: number;
}

/** Service-specific credentials (migration 0015): the secret only as a scrypt hash. */
export interface IamServiceCredentialsTable {
  account_id: string;
  credential_id: string;
  user_id: string;
  service_name: string;
  /** CodeCommit and Keyspaces: the generated user name; null for API keys. */
  service_user_name: string | null;
  /** API keys (Bedrock, CloudWatch Logs): the public part of the key; null otherwise. */
  service_credential_alias: string | null;
  /** scrypt hash of the password or API key secret (src/auth/passwords.ts). */
  secret_hash: string;
  status: string;
  created_at: number;
  expires_at: number | null;
}

/**
 * SQLite only (0170_iam_auth_epoch): one row whose value triggers move with every change to what authenticating an
 * access key reads; the caller lookup's cached rows are current while it has not moved.
 */
export interface AuthEpochTable {
  id: number;
  value: number;
}

export interface IamTables {
  auth_epoch: AuthEpochTable;
  iam_users: IamUsersTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_roles: IamRolesTable;
  iam_policies: IamPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_attachments: IamAttachmentsTable;
  iam_inline_policies: IamInlinePoliciesTable;
  iam_tags: IamTagsTable;
  iam_login_profiles: IamLoginProfilesTable;
  iam_mfa_devices: IamMfaDevicesTable;
  iam_account_settings: IamAccountSettingsTable;
  iam_instance_profiles: IamInstanceProfilesTable;
  iam_instance_profile_roles: IamInstanceProfileRolesTable;
  iam_providers: IamProvidersTable;
  iam_password_history: IamPasswordHistoryTable;
  iam_ssh_public_keys: IamSshPublicKeysTable;
  iam_server_certificates: IamServerCertificatesTable;
  iam_signing_certificates: IamSigningCertificatesTable;
  iam_service_credentials: IamServiceCredentialsTable;
}

/** Adds IAM's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges IamTables' members into Database
  interface Database extends IamTables {}
}
