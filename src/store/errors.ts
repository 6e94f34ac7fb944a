// Recognises constraint violations from either driver, so services can answer with AWS errors instead of database ones.

/** SQLite (better-sqlite3 SqliteError.code) and PostgreSQL (SQLSTATE) codes for each kind of violation. */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

/** True when err (or an error it wraps via `cause`) is a unique or primary-key violation. */
export function isUniqueViolation(err: unknown): boolean {
  return hasCode(err, UNIQUE_CODES);
}

/** True when err (or an error it wraps via `cause`) is a foreign-key violation. */
export function isForeignKeyViolation(err: unknown): boolean {
  return hasCode(err, FOREIGN_KEY_CODES);
}

function hasCode(err: unknown, codes: ReadonlySet<string>): boolean {
  // A short walk down `cause`: callers sometimes wrap the driver error, and a cycle must not hang us.
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
