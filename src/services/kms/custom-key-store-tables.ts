// Row types of KMS's custom key store tables (created by ./migrations/0032_kms_custom_key_stores.ts). Times are epoch ms.

export interface KmsCustomKeyStoresTable {
  /** cks- and 17 hex digits, as AWS shows CustomKeyStoreId. */
  custom_key_store_id: string;
  account_id: string;
  region: string;
  name: string;
  /** EXTERNAL_KEY_STORE: the only type Warden can back (it has no CloudHSM clusters). */
  store_type: string;
  /** PUBLIC_ENDPOINT (Warden has no VPC endpoint services). */
  connectivity: string;
  uri_endpoint: string;
  uri_path: string;
  /** The proxy credential's access key id (not secret on its own, but AWS's model marks it sensitive). */
  access_key_id: string;
  /** The raw secret access key, wrapped with the SecretBox; never returned. */
  secret_wrapped: string;
  /** CONNECTED | CONNECTING | FAILED | DISCONNECTED | DISCONNECTING */
  connection_state: string;
  connection_error_code: string | null;
  created_at: number;
}

export interface KmsXksKeysTable {
  /** The KMS key (kms_keys.key_id) in the external key store. */
  key_id: string;
  account_id: string;
  custom_key_store_id: string;
  /** The external key's id at the proxy (XksKeyId). */
  xks_key_id: string;
}

export type KmsCustomKeyStoreTables = {
  kms_custom_key_stores: KmsCustomKeyStoresTable;
  kms_xks_keys: KmsXksKeysTable;
};

/** Adds the custom key store tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges KmsCustomKeyStoreTables' members into Database
  interface Database extends KmsCustomKeyStoreTables {}
}
