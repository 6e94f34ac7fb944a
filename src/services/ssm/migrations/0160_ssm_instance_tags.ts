// Managed instances' tags: a `tags` column ([{Key, Value}] as JSON), each existing instance given its activation's
// tags (AWS applies an activation's tags to the managed nodes registered with it).
import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ssm_managed_instances')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await sql`update ssm_managed_instances set tags = coalesce(
    (select a.tags from ssm_activations a where a.activation_id = ssm_managed_instances.activation_id), '[]')`.execute(
    db,
  );
}

export const ssmInstanceTagsMigration: Migration = { id: '0160_ssm_instance_tags', up };
