// IAM identities beyond 0010: the deletion tasks DeleteServiceLinkedRole starts and GetServiceLinkedRoleDeletionStatus reads.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('iam_slr_deletion_tasks')
    .addColumn('task_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export const iamIdentitiesMigration: Migration = { id: '0011_iam_identities', up };
