// Shield's health-based detection: the Route 53 health checks associated with each protection.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('shield_protections')
    .addColumn('health_check_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export const shieldHealthChecksMigration: Migration = { id: '0110_shield_health_checks', up };
