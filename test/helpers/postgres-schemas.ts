// Test helper: statements on the PostgreSQL test database, and URLs confining a store to one schema of it.
import pg from 'pg';
import { POSTGRES_TEST_URL } from './test-stores.js';

/** Runs one statement on the test database over a connection of its own. */
export async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The test database confined to one schema: every pooled connection starts with its search_path. */
export function schemaUrl(schema: string): string {
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
