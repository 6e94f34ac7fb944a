// A compile-time check that a list of a table's columns leaves none out.

/**
 * `true` when every column of Table, apart from Except, is in Listed; `never` otherwise, so assigning `true` to it
 * fails to compile the moment a migration adds a column the list does not name. Statements that name their
 * columns (a prepared statement must never select `*`, see prepared-statements.ts; a writer must write every column)
 * keep their lists whole with it.
 */
export type ListsEveryColumn<Table, Listed extends keyof Table, Except extends keyof Table = never> = [
  Exclude<keyof Table, Listed | Except>,
] extends [never]
  ? true
  : never;
