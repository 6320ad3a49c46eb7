import type { Readable } from 'node:stream';

/** A row as returned by the database: column name to value. */
export type Row = Record<string, unknown>;

/** The result of one statement. */
export interface QueryResult<T extends object = Row> {
  /** The rows returned (empty for statements that return none). */
  rows: T[];
  /** Rows affected (INSERT/UPDATE/DELETE/COPY) or returned. */
  rowCount: number;
}

/** Options of a transaction. */
export interface TransactionOptions {
  /** Run as READ ONLY: any write fails. */
  readOnly?: boolean;
  /** Cancel a statement running longer than this (PostgreSQL server; PGlite ignores it). */
  statementTimeoutMs?: number;
  /**
   * Run-time settings for this transaction only (`set_config(name, value, true)`), applied first,
   * as the connecting user, before any statement of `fn`.
   */
  settings?: Readonly<Record<string, string>>;
  /**
   * End with ROLLBACK even when `fn` resolves: nothing the transaction did outlives it. READ ONLY
   * does not stop everything (PostgreSQL creates large objects in a read-only transaction).
   */
  rollback?: boolean;
}

/** Options of {@link Database.asRole}. */
export interface RoleOptions {
  /** The role's password, when the server asks for one (never printed). */
  password?: string;
}

/** An advisory lock being held (see {@link Database.withAdvisoryLock}). */
export interface HeldLock {
  /** Throws DQ_RUN_LOCK_LOST when the lock's session no longer holds it. */
  verify(): Promise<void>;
}

/** What can run statements: the database itself or an open transaction. */
export interface SqlExecutor {
  /** Runs one statement with bound parameters (`$1`, `$2`, ...). */
  query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /**
   * Runs several statements separated by `;` with no parameters (DDL scripts, migrations).
   */
  exec(script: string): Promise<void>;
  /**
   * Streams the rows of a query in batches through a cursor, so a large result never sits in
   * memory whole.
   */
  stream<T extends object = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { batchSize?: number },
  ): AsyncIterable<T[]>;
  /**
   * Runs `COPY ... FROM STDIN` fed by `data`. Every chunk must end on a record boundary (the
   * embedded database sends chunks as separate COPY batches). Returns the number of rows copied.
   */
  copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number>;
}

/**
 * One database, whichever engine backs it: a PostgreSQL server through a pg Pool, or embedded
 * PGlite. The same SQL runs on both.
 */
export interface Database extends SqlExecutor {
  /** `postgres` for a server, `pglite` for the embedded database. */
  readonly kind: 'postgres' | 'pglite';
  /** Where it is, safe to print: a URL without password, or the embedded directory. */
  readonly location: string;
  /** Opens the connection now (otherwise the first statement does); throws DQ_DB_UNREACHABLE. */
  connect(): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `fn` holding the named advisory lock. With `wait: false` (default), throws
   * DQ_RUN_LOCKED at once when another session holds it. With `guard: true` the lock is
   * verified, not assumed: while `fn` runs, every write on this database (each transaction that
   * is not read-only, each statement outside one that is not a SELECT) first checks that the
   * lock's session still holds it, and a transaction checks again before it commits; once the
   * session is gone (terminated, failed over) they throw DQ_RUN_LOCK_LOST instead of writing. A
   * later holder of the lock waits for writes already under way to end before `fn` starts.
   */
  withAdvisoryLock<T>(
    name: string,
    fn: (lock: HeldLock) => Promise<T>,
    options?: { wait?: boolean; guard?: boolean },
  ): Promise<T>;
  /**
   * The same database for untrusted SQL: every statement runs as `role`, and the session is reset
   * after every transaction (settings, role, cursors, advisory locks), so nothing a statement sets
   * outlives it. On a server it is a separate pool logged in as `role` (a statement cannot switch
   * back to dq's own user); a statement running past the transaction's `statementTimeoutMs` is
   * cancelled from dq's own connection even when it changed its own timeout. On the embedded
   * database, which has a single superuser session, it is `SET LOCAL ROLE` on that session.
   * Closed with this database.
   */
  asRole(role: string, options?: RoleOptions): Database;
  /** Closes connections and releases the embedded database lock. Safe to call twice. */
  close(): Promise<void>;
}
