// Test helper: SQLite and PostgreSQL stores with Warden's whole schema (the core's and every service's migrations).
import { MIGRATIONS } from '../../src/services/registry.js';
import { storeBackendsWith, type StoreBackend } from './test-stores.js';

/** Each backend's open() gives a fresh database, migrated as a server migrates it; closing it deletes it. */
export function storeBackends(): StoreBackend[] {
  return storeBackendsWith(MIGRATIONS);
}
