// Attachment order (management policies merge in the order they were attached), the parent of an all-features
// approval handshake, and the organization's resource-based delegation policy.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  // Existing attachments keep their relative order by policy id (0): only new ones carry a time.
  await db.schema
    .alterTable('org_policy_attachments')
    .addColumn('attached_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('org_handshakes').addColumn('parent_id', 'text').execute();
  await db.schema
    .createTable('org_resource_policies')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const organizationsPoliciesMigration: Migration = { id: '0021_organizations_policies', up };
