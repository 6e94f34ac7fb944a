// Hot queries built and compiled once per dialect, then run with each call's values (kysely's builder costs more
// than running most of the request path's queries on SQLite: ~90 µs to build the caller lookup, ~20 µs to run it).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { markPreparable } from './prepared-statements.js';

/** Stands in for argument i while the query is built: a value no caller sends (it holds NUL characters). */
const placeholder = (i: number) => `\u0000warden-reusable-query-argument-${i}\u0000`;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each argument, the parameter positions that take its value. */
  slots: number[][];
}

/** The dialect a handle speaks: the adapter's class (the store's handle and its transactions share one). */
function dialectOf(db: Kysely<any>): unknown {
  return db.getExecutor().adapter.constructor;
}

/**
 * Builds and compiles a query with a placeholder for each of its arity arguments, and finds where each is bound.
 * Throws when an argument is not used as a value (missing from the parameters, or found in the SQL text).
 */
function compileWithPlaceholders<R>(arity: number, build: (args: unknown[]) => Compilable<R>): Compiled<R> {
  const args = Array.from({ length: arity }, (_, i) => placeholder(i));
  const query = build(args).compile();
  const positionsOf = new Map<unknown, number[]>();
  query.parameters.forEach((p, at) => {
    const positions = positionsOf.get(p);
    if (positions) positions.push(at);
    else positionsOf.set(p, [at]);
  });
  const slots = args.map((arg, i) => {
    if (query.sql.includes(arg)) throw new Error(`reusableQuery: argument ${i} is not used as a value`);
    const positions = positionsOf.get(arg);
    if (!positions) throw new Error(`reusableQuery: argument ${i} is not bound as a parameter`);
    return positions;
  });
  // Its text never changes from here on: on PostgreSQL it runs as a named prepared statement (prepared-statements.ts).
  markPreparable(query.sql);
  return { query, slots };
}

/** The compiled query with args bound where their placeholders were. */
function bind<R>({ query, slots }: Compiled<R>, args: readonly unknown[]): CompiledQuery<R> {
  const parameters = query.parameters.slice();
  for (let i = 0; i < slots.length; i++) for (const at of slots[i]!) parameters[at] = args[i];
  return { ...query, parameters };
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
    const dialect = dialectOf(db);
    let compiled = byAdapter.get(dialect);
    if (compiled) return compiled;
    compiled = compileWithPlaceholders(arity, (args) => build(db, ...(args as unknown as A)));
    byAdapter.set(dialect, compiled);
    return compiled;
  }

  async function execute(db: Kysely<any>, ...args: A): Promise<R[]> {
    const result = await db.executeQuery<R>(bind(compiledFor(db), args));
    return result.rows;
  }

  return {
    execute,
    async executeTakeFirst(db, ...args) {
      return (await execute(db, ...args))[0];
    },
  };
}

/** Most rows one statement of a reusableRowsStatement carries; a larger set runs as several statements. */
const MAX_ROWS_PER_STATEMENT = 64;

export interface ReusableRowsStatement {
  /**
   * Runs the statement over every row (each `width` values, in the order build reads them), as few statements
   * as the fixed row counts allow. Several statements are not atomic together: run it in a transaction.
   */
  execute(db: Kysely<any>, rows: readonly (readonly unknown[])[]): Promise<void>;
}

/**
 * A statement over a variable number of rows (a multi-row INSERT, a DELETE ... IN) compiled once per dialect and
 * row count, where the row counts are powers of two up to MAX_ROWS_PER_STATEMENT: n rows run as the statements
 * of n's binary digits (13 = 8 + 4 + 1), at most 7 texts per dialect, so a batch never costs kysely's builder
 * and a bounded statement cache (sqlite.ts) keeps every text prepared. The same rules as reusableQuery hold for
 * build: a row's values are bound as values only.
 */
export function reusableRowsStatement(
  width: number,
  build: (db: Kysely<any>, rows: readonly (readonly unknown[])[]) => Compilable<unknown>,
): ReusableRowsStatement {
  const byDialect = new Map<unknown, Compiled<unknown>[]>();

  function compiledFor(db: Kysely<any>, rowCount: number): Compiled<unknown> {
    const dialect = dialectOf(db);
    let bySize = byDialect.get(dialect);
    if (!bySize) byDialect.set(dialect, (bySize = []));
    let compiled = bySize[rowCount];
    if (compiled) return compiled;
    compiled = compileWithPlaceholders(width * rowCount, (args) =>
      build(
        db,
        Array.from({ length: rowCount }, (_, r) => args.slice(r * width, (r + 1) * width)),
      ),
    );
    bySize[rowCount] = compiled;
    return compiled;
  }

  return {
    async execute(db, rows) {
      let at = 0;
      while (at < rows.length) {
        let rowCount = MAX_ROWS_PER_STATEMENT;
        while (rowCount > rows.length - at) rowCount >>= 1;
        const args: unknown[] = [];
        for (let r = at; r < at + rowCount; r++) {
          const row = rows[r]!;
          if (row.length !== width)
            throw new Error(`reusableRowsStatement: a row of ${row.length} values, not ${width}`);
          args.push(...row);
        }
        await db.executeQuery(bind(compiledFor(db, rowCount), args));
        at += rowCount;
      }
    },
  };
}
