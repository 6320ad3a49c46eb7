import {
  type Database,
  DqError,
  type QueryResult,
  type Row,
  type SourceConfig,
  type SqlExecutor,
  type TransactionOptions,
} from '@dq/plugin-api';

/** The advisory lock name of a staging table (`stg_x` and `public.stg_x` are one table). */
export function stagingLockName(table: string): string {
  return `dq:load:${table.replace(/^public\./, '')}`;
}

/**
 * The database as a source sees it while it loads `source.table`: each transaction it opens
 * first takes that table's advisory lock, held until the transaction ends. Two `dq load` (or a
 * load and a run) writing one table then queue or fail cleanly instead of appending twice,
 * deadlocking on the swap or racing to create the table. The lock lives in the load's own
 * transaction, so it needs no extra connection and cannot outlive the load.
 */
export function lockingStagingTable(db: Database, source: SourceConfig, wait: boolean): Database {
  return new StagingTableLock(db, source, wait);
}

class StagingTableLock implements Database {
  readonly kind: Database['kind'];
  readonly location: string;
  private readonly name: string;

  constructor(
    private readonly db: Database,
    private readonly source: SourceConfig,
    private readonly wait: boolean,
  ) {
    this.kind = db.kind;
    this.location = db.location;
    this.name = stagingLockName(source.table);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      return fn(tx);
    }, options);
  }

  private async lock(tx: SqlExecutor): Promise<void> {
    if (this.wait) {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.name]);
      return;
    }
    const res = await tx.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [this.name],
    );
    if (!res.rows[0]?.locked) {
      const { table, name } = this.source;
      throw new DqError(
        'DQ_LOAD_LOCKED',
        `another dq process is loading ${table} on ${this.location}; ${name} was not loaded and ${table} is untouched.`,
      );
    }
  }

  // Everything else goes to the database unchanged.
  connect(): Promise<void> {
    return this.db.connect();
  }
  query<R extends object = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.db.query<R>(text, params);
  }
  exec(script: string): Promise<void> {
    return this.db.exec(script);
  }
  stream<R extends object = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { batchSize?: number },
  ) {
    return this.db.stream<R>(text, params, options);
  }
  copyFrom(copySql: string, data: Parameters<Database['copyFrom']>[1]): Promise<number> {
    return this.db.copyFrom(copySql, data);
  }
  withAdvisoryLock: Database['withAdvisoryLock'] = (name, fn, options) =>
    this.db.withAdvisoryLock(name, fn, options);
  asRole: Database['asRole'] = (role, options) => this.db.asRole(role, options);
  close(): Promise<void> {
    return this.db.close();
  }
}
