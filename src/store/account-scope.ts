// Queries bound to one account: every table a scope offers is filtered by (or, on insert, given) its tenant column.
import {
  sql,
  type Insertable,
  type InsertQueryBuilder,
  type InsertResult,
  type JoinBuilder,
  type Kysely,
  type TableExpressionOrList,
} from 'kysely';
import type { Database } from './schema.js';

/** Tables whose rows belong to one account, and the column naming it (account_id unless listed here). */
const TENANT_COLUMNS: Readonly<Record<string, string>> = { audit_events: 'recipient_account_id' };

/** The tables a scope offers: those with an account_id column, plus the audit trail (keyed by its recipient). */
export type AccountTable =
  { [T in keyof Database]: Database[T] extends { account_id: string } ? T : never }[keyof Database] | 'audit_events';

/** A table a scope offers, optionally aliased ('iam_users as u'): the alias is what the filter names. */
export type AccountTableExpression = AccountTable | `${AccountTable} as ${string}`;

type Row<T extends AccountTable> = Insertable<Database[T]>;
/** An inserted row without its tenant column: the scope supplies it. */
export type ScopedRow<T extends AccountTable> = T extends 'audit_events'
  ? Omit<Row<T>, 'recipient_account_id'>
  : Omit<Row<T>, 'account_id'>;

// Kysely does not export its builders' result types; these take them from its own method signatures.
declare const _kysely: Kysely<Database>;
type Any = TableExpressionOrList<Database, never>;
export type ScopedSelect<TE extends Any> = ReturnType<typeof _kysely.selectFrom<TE>>;
export type ScopedUpdate<TE extends Any> = ReturnType<typeof _kysely.updateTable<TE>>;
export type ScopedDelete<TE extends Any> = ReturnType<typeof _kysely.deleteFrom<TE>>;

export interface AccountScope {
  readonly accountId: string;
  /** SELECT … FROM table WHERE table.<tenant> = account. Joined tables keyed by account join with onSameAccount. */
  selectFrom<TE extends AccountTableExpression>(table: TE): ScopedSelect<TE>;
  updateTable<TE extends AccountTableExpression>(table: TE): ScopedUpdate<TE>;
  deleteFrom<TE extends AccountTableExpression>(table: TE): ScopedDelete<TE>;
  /** INSERT INTO table: values() takes rows without the tenant column and sets it to the account. */
  insertInto<T extends AccountTable>(
    table: T,
  ): { values(rows: ScopedRow<T> | readonly ScopedRow<T>[]): InsertQueryBuilder<Database, T, InsertResult> };
}

/**
 * The queries of the caller's account: what a handler reads, changes or deletes is that account's rows only, since
 * the filter comes with the table rather than from each query remembering it. The handle may be a transaction.
 */
export function accountScope(db: Kysely<Database>, accountId: string): AccountScope {
  const tenant = (expression: string): { ref: string; column: string } => {
    const [table, alias] = expression.split(/\s+as\s+/);
    const column = TENANT_COLUMNS[table!] ?? 'account_id';
    return { ref: `${alias ?? table}.${column}`, column };
  };
  // The public signatures carry the types; kysely cannot check a reference built from a table name at compile time.
  const anyDb = db as any;
  return {
    accountId,
    selectFrom: (table) => anyDb.selectFrom(table).where(sql.ref(tenant(table).ref), '=', accountId),
    updateTable: (table) => anyDb.updateTable(table).where(sql.ref(tenant(table).ref), '=', accountId),
    deleteFrom: (table) => anyDb.deleteFrom(table).where(sql.ref(tenant(table).ref), '=', accountId),
    insertInto: (table) => ({
      values: (rows) => {
        const column = tenant(table).column;
        const withTenant = (row: object) => ({ ...row, [column]: accountId });
        return anyDb.insertInto(table).values(Array.isArray(rows) ? rows.map(withTenant) : withTenant(rows as object));
      },
    }),
  };
}

/**
 * A scope over ANOTHER account than the caller's, for the reads AWS allows across accounts (a role assumed from
 * elsewhere, Organizations reading its member accounts, AWS-managed policies). The same filter; the name makes
 * each such read visible where it is written, and every call says why beside it.
 */
export const otherAccountScope: typeof accountScope = accountScope;

/** A table's columns, other than its tenant column, that name an account a row concerns (`target_account_id`). */
export type AccountColumn<T extends keyof Database> = {
  [C in keyof Database[T] & string]: C extends `${string}_account_id` ? C : never;
}[keyof Database[T] & string];

/**
 * SELECT … FROM table WHERE table.column = account, for a row that concerns an account without belonging to it: an
 * organization's invitation (org_handshakes) is the inviting organization's row, yet the invited account, in no
 * organization yet, reads its own invitations by `target_account_id`. Naming the column keeps that second owner
 * explicit where the query is written, and the filter comes with the table as the tenant filter does.
 */
export function accountColumnScope<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  column: AccountColumn<T>,
  accountId: string,
): ScopedSelect<T> {
  return (db as any).selectFrom(table).where(sql.ref(`${table}.${column}`), '=', accountId);
}

/**
 * The join rule: a joined table keyed by account joins on account_id too, so a join never reaches another account's
 * rows through a shared name. `j => onSameAccount(j, 'u', 'm').onRef('u.name_lc', '=', 'm.user_lc')`.
 */
export function onSameAccount<J extends JoinBuilder<any, any>>(join: J, left: string, right: string): J {
  return join.onRef(`${left}.account_id` as any, '=', `${right}.account_id` as any) as J;
}

/**
 * The same scope for generic code whose table names are values (one query over users, groups or roles): kysely
 * cannot type a table chosen at run time, so the builders are untyped, but the tenant filter is the same.
 */
export function untypedScope(
  db: Kysely<any>,
  accountId: string,
): Pick<Kysely<any>, 'selectFrom' | 'updateTable' | 'deleteFrom'> {
  return accountScope(db as Kysely<Database>, accountId) as unknown as Pick<
    Kysely<any>,
    'selectFrom' | 'updateTable' | 'deleteFrom'
  >;
}
