// Hot queries built and compiled once per dialect, then run with each call's values (kysely's builder costs more
// than running most of the request path's queries on SQLite: ~90 µs to build the caller lookup, ~20 µs to run it).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/** Stands in for argument i while the query is built: a value no caller sends (it holds NUL characters). */
const placeholder = (i: number) => `\u0000warden-reusable-query-argument-${i}\u0000`;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each argument, the parameter positions that take its value. */
  slots: number[][];
}

export interface ReusableQuery<A extends readonly unknown[], R> {
  /** Every row. db: the store's handle or a transaction (the query is compiled once per dialect). */
  execute(db: Kysely<any>, ...args: A): Promise<R[]>;
  /** The first row, or undefined. */
  executeTakeFirst(db: Kysely<any>, ...args: A): Promise<R | undefined>;
}

/**
 * A query whose shape never changes, only the values bound into it. build is called once per dialect with
 * placeholders for the arguments, so an argument may only be used as a value (a where operand, an inserted value),
 * never as a name, in sql.lit or in control flow: a placeholder missing from the compiled parameters, or found in
 * the SQL text, throws at first use.
 */
export function reusableQuery<A extends readonly unknown[], R>(
  arity: A['length'],
  build: (db: Kysely<any>, ...args: A) => Compilable<R>,
): ReusableQuery<A, R> {
  const byAdapter = new Map<unknown, Compiled<R>>();

  function compiledFor(db: Kysely<any>): Compiled<R> {
    // The adapter's class names the dialect: the store's handle and its transactions share one.
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = byAdapter.get(dialect);
    if (compiled) return compiled;
    const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as unknown as A;
    const query = build(db, ...args).compile();
    const slots = args.map((arg, i) => {
      if (query.sql.includes(placeholder(i))) throw new Error(`reusableQuery: argument ${i} is not used as a value`);
      const positions = query.parameters.flatMap((p, at) => (p === arg ? [at] : []));
      if (positions.length === 0) throw new Error(`reusableQuery: argument ${i} is not bound as a parameter`);
      return positions;
    });
    compiled = { query, slots };
    byAdapter.set(dialect, compiled);
    return compiled;
  }

  async function execute(db: Kysely<any>, ...args: A): Promise<R[]> {
    const { query, slots } = compiledFor(db);
    const parameters = query.parameters.slice();
    for (let i = 0; i < slots.length; i++) for (const at of slots[i]!) parameters[at] = args[i];
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  }

  return {
    execute,
    async executeTakeFirst(db, ...args) {
      return (await execute(db, ...args))[0];
    },
  };
}
