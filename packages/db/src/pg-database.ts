import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type Database,
  DqError,
  type HeldLock,
  type QueryResult,
  type RoleOptions,
  type Row,
  type SqlExecutor,
  type TransactionOptions,
} from '@dq/plugin-api';
import type pg from 'pg';
import { redactUrl, scrub, urlSecrets } from './redact.js';
import { OID, parseDate, parseInt8 } from './type-parsers.js';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOENT', // no unix socket in the directory: the server is not running there
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

/**
 * Runs each statement under a timer: a statement still running this long after its start is
 * cancelled from another connection. It bounds statements that changed their own
 * statement_timeout (a `set_config` inside untrusted SQL).
 */
type Watchdog = <T>(work: Promise<T>) => Promise<T>;
const unguarded: Watchdog = (work) => work;

/** A cancelled statement reports the watchdog's limit, not "canceling statement due to user request". */
const WATCHDOG_GRACE_MS = 1000;

/** The executor over one checked-out client (a transaction or a dedicated connection). */
class PgClientExecutor implements SqlExecutor {
  constructor(
    protected readonly client: pg.PoolClient,
    private readonly driver: Driver,
    private readonly guard: Watchdog = unguarded,
  ) {}

  async query<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    const res = await this.guard(this.client.query<T>(text, params as unknown[]));
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
        const rows = await this.guard(cursor.read(options.batchSize ?? 1000));
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

/** Options of a {@link PgDatabase}. */
export interface PgDatabaseOptions {
  poolSize?: number;
  /**
   * A pool for untrusted SQL ({@link PgDatabase.asRole}): the session is reset after every
   * transaction, and statements past a transaction's timeout are cancelled through `cancel`.
   */
  restricted?: { cancel(pid: number): Promise<void> };
}

/** A lock held with `guard: true`: the backend holding it, and why it was lost (once it was). */
interface GuardedLock {
  name: string;
  pid: number;
  lost?: string;
}

/**
 * The companion lock of a guarded lock: every guarded write transaction holds it shared, and a
 * new holder of the guarded lock takes it once exclusively, which waits for the writes of a
 * previous holder that were already under way when its session was lost.
 */
const writesLock = (name: string) => `${name}:writes`;

/** A statement that only reads (a SELECT), which the lock guard lets through unchecked. */
const READS = /^\s*select\b/i;

/** A PostgreSQL server through a pg Pool. */
export class PgDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private pool!: pg.Pool;
  private driver!: Driver;
  private readonly secrets: string[];
  private connected: Promise<void> | undefined;
  private closed = false;
  private readonly roles = new Map<string, PgDatabase>();
  /** Locks held with guard: true: writes check them first. */
  private readonly guardedLocks = new Set<GuardedLock>();

  constructor(
    private readonly url: string,
    private readonly options: PgDatabaseOptions = {},
  ) {
    this.location = redactUrl(url);
    this.secrets = urlSecrets(url);
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

  /**
   * Runs `fn` on one dedicated client, released afterwards; destroyed when its connection broke
   * or `fn` says its session state cannot be trusted (`discard`).
   */
  private async withClient<T>(fn: (client: pg.PoolClient, discard: () => void) => Promise<T>): Promise<T> {
    const client = await this.client();
    let broken: Error | undefined;
    try {
      return await fn(client, () => {
        broken ??= new Error('session state discarded');
      });
    } catch (err) {
      if (isConnectionError(err)) broken ??= err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async query<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    if (this.guardedLocks.size > 0 && !READS.test(text)) {
      return this.transaction((tx) => tx.query<T>(text, params));
    }
    await this.connect();
    const res = await this.pool.query<T>(text, params as unknown[]);
    return { rows: res.rows ?? [], rowCount: res.rowCount ?? res.rows?.length ?? 0 };
  }

  async exec(script: string): Promise<void> {
    if (this.guardedLocks.size > 0 && !READS.test(script)) return this.transaction((tx) => tx.exec(script));
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
    if (this.guardedLocks.size > 0) return this.transaction((tx) => tx.copyFrom(copySql, data));
    return this.withClient((client) => new PgClientExecutor(client, this.driver).copyFrom(copySql, data));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.withClient(async (client, discard) => {
      const { restricted } = this.options;
      await client.query(options.readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        const settings = { ...options.settings };
        const timeoutMs =
          options.statementTimeoutMs === undefined
            ? undefined
            : Math.max(0, Math.round(options.statementTimeoutMs));
        if (timeoutMs !== undefined) settings.statement_timeout = String(timeoutMs);
        // One round trip: the settings, and the backend's pid for the watchdog.
        const names = Object.keys(settings);
        const setup = await client.query<{ pid: number }>(
          `SELECT pg_backend_pid() AS pid${names.length > 0 ? ', (SELECT count(set_config(n, v, true)) FROM unnest($1::text[], $2::text[]) AS s(n, v)) AS n' : ''}`,
          names.length > 0 ? [names, names.map((n) => settings[n])] : [],
        );
        const guard =
          restricted && timeoutMs
            ? watchdog(timeoutMs, () => restricted.cancel(setup.rows[0]!.pid))
            : unguarded;
        const locks = options.readOnly ? [] : [...this.guardedLocks];
        await this.checkLocks(client, locks, true);
        const value = await fn(new PgClientExecutor(client, this.driver, guard));
        // Verified again at the end: a transaction whose lock went while it ran is undone.
        await this.checkLocks(client, locks, false);
        await client.query(options.rollback ? 'ROLLBACK' : 'COMMIT');
        outcome = { ok: true, value };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        outcome = { ok: false, error: err };
      }
      // Untrusted SQL may have set session state (set_config(..., false), a session advisory
      // lock, a cursor WITH HOLD): none of it may reach the next transaction on this connection.
      if (restricted) await client.query('DISCARD ALL').catch(discard);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    });
  }

  asRole(role: string, options: RoleOptions = {}): Database {
    const key = `${role}\u0000${options.password ?? ''}`;
    let db = this.roles.get(key);
    if (!db) {
      const url = new URL(this.url);
      url.username = encodeURIComponent(role);
      url.password = options.password ? encodeURIComponent(options.password) : '';
      url.searchParams.delete('password');
      url.searchParams.delete('user');
      db = new PgDatabase(url.toString(), {
        poolSize: this.options.poolSize ?? 4,
        restricted: {
          cancel: async (pid) => {
            await this.query('SELECT pg_cancel_backend($1)', [pid]);
          },
        },
      });
      this.roles.set(key, db);
    }
    return db;
  }

  /** Throws DQ_RUN_LOCK_LOST unless each guarded lock's session still holds it. */
  private async checkLocks(
    client: pg.PoolClient,
    locks: readonly GuardedLock[],
    start: boolean,
  ): Promise<void> {
    for (const lock of locks) {
      if (lock.lost) throw this.lockLost(lock);
      // Shared before checking: a new holder's exclusive take then waits for this transaction.
      if (start)
        await client.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [writesLock(lock.name)]);
      const res = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1
                          AND objid = (hashtext($2)::bigint & 4294967295)::oid) AS held`,
        [lock.pid, lock.name],
      );
      if (!res.rows[0]?.held) lock.lost ??= `backend ${lock.pid} no longer holds it`;
      if (lock.lost) throw this.lockLost(lock);
    }
  }

  private lockLost(lock: GuardedLock): DqError {
    return new DqError(
      'DQ_RUN_LOCK_LOST',
      `The lock "${lock.name}" on ${this.location} was lost (${lock.lost}); stopped before writing more, so another run cannot overlap this one.`,
    );
  }

  async withAdvisoryLock<T>(
    name: string,
    fn: (lock: HeldLock) => Promise<T>,
    options: { wait?: boolean; guard?: boolean } = {},
  ): Promise<T> {
    const client = await this.client();
    let broken: Error | undefined;
    const guarded: GuardedLock | undefined = options.guard ? { name, pid: 0 } : undefined;
    const onLost = (err?: Error) => {
      if (guarded) guarded.lost ??= `its session ended: ${err?.message || 'connection closed'}`;
      broken ??= err ?? new Error('connection closed');
    };
    try {
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
      if (guarded) {
        // A previous holder that lost its session may still be finishing a write: wait for it.
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [writesLock(name)]);
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [writesLock(name)]);
        guarded.pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        client.on('error', onLost);
        client.on('end', onLost);
        this.guardedLocks.add(guarded);
      }
      const held: HeldLock = {
        verify: async () => {
          if (!guarded) return;
          if (!guarded.lost) await client.query('SELECT 1').catch((err: Error) => onLost(err));
          if (guarded.lost) throw this.lockLost(guarded);
        },
      };
      try {
        return await fn(held);
      } finally {
        if (guarded) {
          this.guardedLocks.delete(guarded);
          client.off('error', onLost);
          client.off('end', onLost);
        }
        if (!broken) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(onLost);
      }
    } catch (err) {
      if (isConnectionError(err)) broken ??= err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.roles.values()].map((db) => db.close()));
    await this.pool?.end();
  }

  private wrapConnectionError(err: unknown): unknown {
    if (!isConnectionError(err)) return err;
    const reason = scrub(err instanceof Error ? err.message || String(err) : String(err), this.secrets);
    return new DqError('DQ_DB_UNREACHABLE', `Cannot connect to PostgreSQL at ${this.location}: ${reason}`, {
      cause: err,
    });
  }
}

/** A {@link Watchdog} that calls `cancel` when a statement outlives `timeoutMs` (plus a grace). */
function watchdog(timeoutMs: number, cancel: () => Promise<void>): Watchdog {
  return async (work) => {
    const timer = setTimeout(() => void cancel().catch(() => {}), timeoutMs + WATCHDOG_GRACE_MS);
    try {
      return await work;
    } finally {
      clearTimeout(timer);
    }
  };
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
