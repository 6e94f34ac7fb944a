// CloudTrail as Warden knows it: model, IAM prefix, CloudTrail event source, billing, handlers, authorization, migrations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { cloudtrail } from './index.js';
import { cloudtrailResourceOverrides } from './resource-overrides.js';
import { cloudtrailMigration } from './migrations/0002_cloudtrail.js';
import { auditEventsUsernameMigration } from './migrations/0155_audit_events_username.js';

export const cloudtrailService: ServiceDescriptor = {
  model: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  billing: { name: 'AWS CloudTrail', requestUsageType: 'CloudTrail-Requests' },
  provider: cloudtrail,
  authorization: { resourceOverrides: cloudtrailResourceOverrides },
  migrations: [cloudtrailMigration, auditEventsUsernameMigration],
};
