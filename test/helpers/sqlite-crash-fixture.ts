// Child process for sqlite.test.ts: opens the SQLite store in a data directory, then writes until it is killed.
// Usage: node --import tsx sqlite-crash-fixture.ts <dataDir> <writer-name> [count]
// Each committed transaction inserts an account and its warden_meta row, then prints the account id.
import { openStore } from '../../src/store/open.js';
import { CORE_MIGRATIONS } from '../../src/store/migrations.js';

const [dataDir, writer, limit] = process.argv.slice(2);
if (!dataDir || !writer) throw new Error('usage: sqlite-crash-fixture.ts <dataDir> <writer-name> [count]');

const store = await openStore({ dataDir, migrations: CORE_MIGRATIONS });
const count = limit === undefined ? Infinity : Number(limit);
for (let i = 0; i < count; i++) {
  const id = `${writer}-${i}`;
  await store.transaction(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({ id, email: `${id}@example.com`, name: id, status: 'ACTIVE', created_at: Date.now() })
      .execute();
    await trx.insertInto('warden_meta').values({ key: id, value: 'committed' }).execute();
  });
  // Printed only after commit returned: every id the parent reads must survive a kill.
  process.stdout.write(`${id}\n`);
  // A breath between commits: two writers looping back to back on one file can hold the write lock so nearly always
  // that the other's busy handler (which polls) never finds it free within its timeout, and fails SQLITE_BUSY while
  // migrating — contention this test is not about (it is about what survives kill -9).
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
