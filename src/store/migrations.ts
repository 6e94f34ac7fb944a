// The core schema's migrations, in order; each service lists its own in its descriptor (src/services/<svc>/service.ts).
// Ids are never renamed or reordered: a database records the ids it applied.
import type { Migration } from './store.js';
import { core } from './migrations/0001_core.js';
import { auditIntentsMigration } from './migrations/0003_audit_intents.js';
import { sessionRevocationsMigration } from './migrations/0100_session_revocations.js';

export const CORE_MIGRATIONS: readonly Migration[] = [core, auditIntentsMigration, sessionRevocationsMigration];
