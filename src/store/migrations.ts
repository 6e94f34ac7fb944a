// Every schema migration, in order. Adding one is one import and one entry; ids are never renamed or reordered.
import type { Migration } from './store.js';
import { core } from './migrations/0001_core.js';
import { cloudtrailMigration } from './migrations/0002_cloudtrail.js';
import { iamMigration } from './migrations/0010_iam.js';

export const MIGRATIONS: Migration[] = [core, cloudtrailMigration, iamMigration];
