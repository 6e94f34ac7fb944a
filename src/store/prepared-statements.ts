// Named prepared statements on PostgreSQL for the queries built once (reusable-query.ts): parsed and planned once.
import type pg from 'pg';

/**
 * node-pg sends a query with parameters as an unnamed statement, which PostgreSQL parses and plans on every
 * execution. For the request path's caller lookup (a five-way join) planning is most of the cost: ~0.4 ms of the
 * server's CPU a call against ~0.06 ms prepared (pgbench, this machine), and planning with the statistics of a
 * seeded store costs more than with an empty one's. A statement given a name is parsed once per connection and, after
 * a few executions, runs a cached plan, which PostgreSQL invalidates itself when the tables' definitions change.
 *
 * Only texts marked here are named: those reusable-query.ts compiles once from code, so the set is small and fixed by
 * the code (a few statements, each at most seven row counts), never by what clients send.
 */
const names = new Map<string, string>();

/**
 * A `*` in a select list (`select *`, `"k".*`): the statement's result would change when a migration adds a column,
 * and PostgreSQL refuses to run such a prepared statement again ("cached plan must not change result type"). Any
 * text with a bare `*` (a product too) is left unnamed: it runs as before.
 */
const WILDCARD = /(?:^|[\s,(])(?:"[^"]*"\.)?\*(?=[\s,)]|$)/;

/** Marks a compiled query's text as one to prepare; called once per text and dialect as it is compiled. */
export function markPreparable(text: string): void {
  if (!names.has(text) && !WILDCARD.test(text)) names.set(text, `warden_q${names.size + 1}`);
}

/** The statement name for text, when it is marked. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes client run every marked text as a named prepared statement. kysely's PostgreSQL driver calls
 * `client.query(sql, parameters)`; that call, for a marked text, becomes `client.query({ name, text, values })`,
 * which node-pg parses on the connection the first time and only binds and executes afterwards. Everything else
 * (other texts, cursors, config objects) passes through unchanged.
 */
export function usePreparedStatements(client: pg.ClientBase): void {
  const query = client.query.bind(client) as Query;
  const prepared: Query = (first, ...rest) => {
    if (typeof first === 'string' && rest.length === 1 && Array.isArray(rest[0])) {
      const name = names.get(first);
      if (name !== undefined) return query({ name, text: first, values: rest[0] });
    }
    return query(first, ...rest);
  };
  client.query = prepared as typeof client.query;
}
