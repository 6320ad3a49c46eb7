import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type Database,
  DqError,
  type QueryResult,
  type Row,
  type SqlExecutor,
  type TransactionOptions,
} from '@dq/plugin-api';
import type pg from 'pg';
import { redactUrl, scrub, urlPassword } from './redact.js';
import { OID, parseDate, parseInt8 } from './type-parsers.js';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  '28P01', // invalid password
  '28000', // invalid authorization
  '3D000', // database does not exist
  '57P01', // terminated by an administrator
  '57P02', // crash shutdown
  '57P03', // cannot connect now
  '08000', // connection exceptions
  '08001',
  '08003',
  '08004',
  '08006',
]);

/**
 * The driver modules, imported on first connection: a command on the embedded database (or one
 * that never touches a database) does not pay for loading them.
 */
const driver = async () => {
  const [{ default: pgModule }, copyStreams, { default: Cursor }] = await Promise.all([
    import('pg'),
    import('pg-copy-streams'),
    import('pg-cursor'),
  ]);
  return { pg: pgModule, copyFromStdin: copyStreams.from, Cursor };
};
type Driver = Awaited<ReturnType<typeof driver>>;
let loaded: Promise<Driver> | undefined;
const loadDriver = () => {
  loaded ??= driver();
  return loaded;
};

/** The executor over one checked-out client (a transaction or a dedicated connection). */
class PgClientExecutor implements SqlExecutor {
  constructor(
    protected readonly client: pg.PoolClient,
    private readonly driver: Driver,
  ) {}

  async query<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    const res = await this.client.query<T>(text, params as unknown[]);
    return { rows: res.rows ?? [], rowCount: res.rowCount ?? res.rows?.length ?? 0 };
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  async *stream<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
    options: { batchSize?: number } = {},
  ): AsyncIterable<T[]> {
    const cursor = this.client.query(new this.driver.Cursor<T>(text, params as unknown[]));
    try {
      for (;;) {
        const rows = await cursor.read(options.batchSize ?? 1000);
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await cursor.close();
    }
  }

  async copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    const sink = this.client.query(this.driver.copyFromStdin(copySql));
    // Readable.from reads 16 items ahead by default: with megabyte chunks, a server slower than
    // the producer would leave up to 16 MB per load waiting in memory. One item ahead keeps the
    // socket just as busy.
    await pipeline(data instanceof Readable ? data : Readable.from(data, { highWaterMark: 1 }), sink);
    return sink.rowCount;
  }
}

/** A PostgreSQL server through a pg Pool. */
export class PgDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private pool!: pg.Pool;
  private driver!: Driver;
  private readonly password: string | undefined;
  private connected: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: { poolSize?: number } = {},
  ) {
    this.location = redactUrl(url);
    this.password = urlPassword(url);
  }

  connect(): Promise<void> {
    this.connected ??= (async () => {
      if (!this.pool) {
        this.driver = await loadDriver();
        const { pg } = this.driver;
        this.pool = new pg.Pool({
          connectionString: this.url,
          max: this.options.poolSize ?? 4,
          connectionTimeoutMillis: 10_000,
          types: {
            getTypeParser(oid: number, format?: string) {
              if (oid === OID.int8) return parseInt8;
              if (oid === OID.date) return parseDate;
              return pg.types.getTypeParser(oid, format as 'text');
            },
          },
        });
        // An idle client losing its connection must not crash the process; the next query reports it.
        this.pool.on('error', () => {});
      }
      try {
        const client = await this.pool.connect();
        client.release();
      } catch (err) {
        this.connected = undefined;
        throw this.wrapConnectionError(err);
      }
    })();
    return this.connected;
  }

  private async client(): Promise<pg.PoolClient> {
    await this.connect();
    try {
      const client = await this.pool.connect();
      // A checked-out client whose connection drops emits 'error'; the running query already
      // rejects with it, so the event itself must not crash the process.
      if (client.listenerCount('error') === 0) client.on('error', () => {});
      return client;
    } catch (err) {
      throw this.wrapConnectionError(err);
    }
  }

  /** Runs `fn` on one dedicated client, released afterwards (destroyed when it broke). */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async query<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    await this.connect();
    const res = await this.pool.query<T>(text, params as unknown[]);
    return { rows: res.rows ?? [], rowCount: res.rowCount ?? res.rows?.length ?? 0 };
  }

  async exec(script: string): Promise<void> {
    await this.connect();
    await this.pool.query(script);
  }

  async *stream<T extends object = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { batchSize?: number },
  ): AsyncIterable<T[]> {
    const client = await this.client();
    try {
      yield* new PgClientExecutor(client, this.driver).stream<T>(text, params, options);
    } finally {
      client.release();
    }
  }

  copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    return this.withClient((client) => new PgClientExecutor(client, this.driver).copyFrom(copySql, data));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.withClient(async (client) => {
      await client.query(options.readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
      try {
        if (options.statementTimeoutMs !== undefined) {
          await client.query("SELECT set_config('statement_timeout', $1, true)", [
            String(Math.max(0, Math.round(options.statementTimeoutMs))),
          ]);
        }
        const result = await fn(new PgClientExecutor(client, this.driver));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  withAdvisoryLock<T>(name: string, fn: () => Promise<T>, options: { wait?: boolean } = {}): Promise<T> {
    return this.withClient(async (client) => {
      if (options.wait) {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      } else {
        const res = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
          [name],
        );
        if (!res.rows[0]?.locked) {
          throw new DqError(
            'DQ_RUN_LOCKED',
            `Another dq process holds the lock "${name}" on ${this.location}.`,
          );
        }
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.end();
  }

  private wrapConnectionError(err: unknown): unknown {
    if (!isConnectionError(err)) return err;
    const reason = scrub(err instanceof Error ? err.message || String(err) : String(err), [this.password]);
    return new DqError('DQ_DB_UNREACHABLE', `Cannot connect to PostgreSQL at ${this.location}: ${reason}`, {
      cause: err,
    });
  }
}

function isConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: string }).code;
  if (code && CONNECTION_ERRORS.has(code)) return true;
  // AggregateError from a host resolving to several addresses (IPv4 and IPv6)
  if (err instanceof AggregateError) return err.errors.some(isConnectionError);
  const message = (err as Error).message ?? '';
  return /Connection terminated|connection timeout|timeout expired/i.test(message);
}
