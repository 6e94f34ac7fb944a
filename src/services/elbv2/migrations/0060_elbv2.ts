// ELBv2's tables: load balancers, target groups and their targets, listeners, listener rules and tags.
import type { Kysely } from 'kysely';
import type { Dialect, Migration } from '../../../store/store.js';

async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .createTable('elbv2_load_balancers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('ip_address_type', 'text', (c) => c.notNull())
    .addColumn('subnets', 'text', (c) => c.notNull())
    .addColumn('security_groups', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addUniqueConstraint('elbv2_load_balancers_name', ['account_id', 'region', 'name'])
    .execute();
  await s
    .createTable('elbv2_target_groups')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('ip_address_type', 'text', (c) => c.notNull())
    .addColumn('health_check', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addUniqueConstraint('elbv2_target_groups_name', ['account_id', 'region', 'name'])
    .execute();
  await s
    .createTable('elbv2_targets')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('target_group_arn', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('registered_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('elbv2_targets_pk', ['target_group_arn', 'target_id', 'port'])
    .execute();
  await s
    .createTable('elbv2_listeners')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('load_balancer_arn', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('ssl_policy', 'text')
    .addColumn('certificates', 'text', (c) => c.notNull())
    .addColumn('default_actions', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addUniqueConstraint('elbv2_listeners_port', ['load_balancer_arn', 'port'])
    .execute();
  await s
    .createTable('elbv2_rules')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('listener_arn', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addUniqueConstraint('elbv2_rules_priority', ['listener_arn', 'priority'])
    .execute();
  await s
    .createTable('elbv2_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('elbv2_tags_pk', ['resource_arn', 'tag_key'])
    .execute();
}

export const elbv2Migration: Migration = { id: '0060_elbv2', up };
