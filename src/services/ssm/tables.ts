// Row types of Systems Manager's tables (created by ./migrations/0101_ssm.ts, changed by 0160). Times are epoch ms.
import type { Generated } from 'kysely';

/** A hybrid activation: what a host presents (id and code) to register as a managed instance. */
export interface SsmActivationsTable {
  activation_id: string;
  account_id: string;
  region: string;
  description: string | null;
  default_instance_name: string | null;
  /** The IamRole as given: a role name, with its path when it has one (`service-role/MyRole`). */
  iam_role: string;
  registration_limit: number;
  registrations_count: number;
  expires_at: number;
  created_at: number;
  /** The activation code, only as a scrypt hash (src/auth/passwords.ts): the code itself is never stored. */
  code_hash: string;
  /** [{Key, Value}] as JSON. */
  tags: string;
}

/** A registered host (`mi-` + 17 hex). Deregistering deletes its row and revokes its sessions. */
export interface SsmManagedInstancesTable {
  instance_id: string;
  account_id: string;
  region: string;
  activation_id: string;
  iam_role: string;
  name: string | null;
  registered_at: number;
  /** The instance's Ed25519 public key (SPKI, base64): it proves itself with it to renew its credentials. */
  public_key: string;
  /** The newest signed timestamp accepted from the instance: a renewal request is never accepted twice. */
  last_proof_at: number;
  last_ping_at: number;
  agent_version: string | null;
  platform_type: string | null;
  platform_name: string | null;
  platform_version: string | null;
  computer_name: string | null;
  ip_address: string | null;
  /** [{Key, Value}] as JSON: its activation's tags at registration, then AddTagsToResource's (migration 0160). */
  tags: Generated<string>;
}

/** One inventory item (a type) of one instance, as its last PutInventory sent it. */
export interface SsmInventoryItemsTable {
  account_id: string;
  region: string;
  instance_id: string;
  type_name: string;
  schema_version: string;
  capture_time: string;
  content_hash: string | null;
  /** The item's Context map as JSON, or null. */
  context: string | null;
  entry_count: number;
  /** Serialized size of the item's entries, counted against the per-instance bound. */
  size_bytes: number;
  updated_at: number;
}

/**
 * One entry of an inventory item, with the columns other services query typed out (Inspector matches packages by
 * ecosystem, name and version): for AWS:Application `name`/`version`/`architecture` and the ecosystem read from the
 * entry's PackageId purl; for other types `name` is the entry's first identifying attribute. `content` is the entry.
 */
export interface SsmInventoryEntriesTable {
  account_id: string;
  region: string;
  instance_id: string;
  type_name: string;
  /** The entry's position in the item, 0-based: ListInventoryEntries returns entries in the order sent. */
  seq: number;
  name: string | null;
  version: string | null;
  /** deb, npm, pypi, … (the purl type of PackageId), or null. */
  ecosystem: string | null;
  architecture: string | null;
  content: string;
}

export interface SsmTables {
  ssm_activations: SsmActivationsTable;
  ssm_managed_instances: SsmManagedInstancesTable;
  ssm_inventory_items: SsmInventoryItemsTable;
  ssm_inventory_entries: SsmInventoryEntriesTable;
}

/** Adds Systems Manager's tables to the store's Database type (see src/store/schema.ts). */
declare module '../../store/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges SsmTables' members into Database
  interface Database extends SsmTables {}
}
