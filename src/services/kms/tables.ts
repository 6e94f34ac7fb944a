// Row types of KMS's tables (created by ./migrations/0030_kms.ts, 0031_kms_multi_region.ts), merged into the store's
// Database type.

export interface KmsKeysTable {
  /** The key's UUID, or mrk-… for a multi-Region key; with region, the row's key (a multi-Region key's replicas share it). */
  key_id: string;
  account_id: string;
  region: string;
  arn: string;
  description: string;
  key_spec: string;
  key_usage: string;
  /** AWS_KMS | EXTERNAL */
  origin: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport */
  key_state: string;
  /** The key policy document (JSON), as PutKeyPolicy stored it or the default one. */
  policy: string;
  multi_region: number;
  /** The region of a multi-Region key's primary (the same on every related key); null for single-Region keys. */
  primary_region: string | null;
  created_at: number;
  deletion_at: number | null;
  pending_window_days: number | null;
  rotation_enabled: number;
  rotation_period_days: number | null;
  next_rotation_at: number | null;
  on_demand_rotation_at: number | null;
  /** The material version new ciphertexts use; null while no material exists. */
  current_version: number | null;
  /** KEY_MATERIAL_EXPIRES | KEY_MATERIAL_DOES_NOT_EXPIRE for imported keys. */
  expiration_model: string | null;
  valid_to: number | null;
}

export interface KmsKeyMaterialsTable {
  key_id: string;
  /** Shared by every region of a multi-Region key (its material is theirs). 1, 2, ... in creation order; ciphertext blobs name the version they were sealed with. */
  version: number;
  /** 64 hex characters, as AWS shows KeyMaterialId. */
  material_id: string;
  /** The material (raw bytes, or PKCS#8 DER for key pairs) wrapped under the master key. */
  material_wrapped: string;
  /** CURRENT | NON_CURRENT | PENDING_ROTATION */
  state: string;
  /** AUTOMATIC | ON_DEMAND, null for the first version. */
  rotation_type: string | null;
  rotated_at: number | null;
  created_at: number;
}

export interface KmsAliasesTable {
  account_id: string;
  region: string;
  alias_name: string;
  key_id: string;
  created_at: number;
  updated_at: number;
}

export interface KmsTagsTable {
  key_id: string;
  /** The key's region: a replica has tags of its own. */
  region: string;
  tag_key: string;
  tag_value: string;
}

export interface KmsGrantsTable {
  grant_id: string;
  key_id: string;
  key_arn: string;
  name: string | null;
  grantee_principal: string;
  retiring_principal: string | null;
  issuing_account: string;
  /** JSON array of operation names. */
  operations: string;
  /** JSON GrantConstraints or null. */
  constraints: string | null;
  /** The token CreateGrant returned, for RetireGrant by token and GrantTokens. */
  grant_token: string;
  created_at: number;
}

export interface KmsImportTokensTable {
  /** SHA-256 (hex) of the opaque import token handed to the caller. */
  token_hash: string;
  key_id: string;
  wrapping_algorithm: string;
  /** The wrapping private key (PKCS#8 DER) wrapped under the master key. */
  private_key_wrapped: string;
  valid_to: number;
}

/** A key's last successful cryptographic use (GetKeyLastUsage), written at most once a minute per key (last-usage.ts). */
export interface KmsKeyLastUsageTable {
  key_id: string;
  region: string;
  operation: string;
  used_at: number;
  /** The request's id: with the time, it finds the call's CloudTrail record (and so its eventID). */
  request_id: string;
}

export type KmsTables = {
  kms_key_last_usage: KmsKeyLastUsageTable;
  kms_keys: KmsKeysTable;
  kms_key_materials: KmsKeyMaterialsTable;
  kms_aliases: KmsAliasesTable;
  kms_tags: KmsTagsTable;
  kms_grants: KmsGrantsTable;
  kms_import_tokens: KmsImportTokensTable;
};

/** Adds KMS's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges KmsTables' members into Database
  interface Database extends KmsTables {}
}
