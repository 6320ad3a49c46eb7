import { mkdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  type Database,
  DqError,
  type HeldLock,
  type QueryResult,
  quoteIdent,
  type RoleOptions,
  type Row,
  type SqlExecutor,
  type TransactionOptions,
} from '@dq/plugin-api';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { BatchChannel } from './batch-channel.js';
import { EmbeddedLock } from './embedded-lock.js';
import { createPglite } from './pglite-template.js';
import { OID, parseDate, parseInt8 } from './type-parsers.js';

/** PGlite reads COPY data from a Blob; chunks are gathered up to this size per COPY batch. */
const COPY_BATCH_BYTES = 8 * 1024 * 1024;
const FROM_STDIN = /\bFROM\s+STDIN\b/i;

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

let cursorSeq = 0;

/** The executor inside a PGlite transaction. */
class PgliteTxExecutor implements SqlExecutor {
  constructor(private readonly tx: PgliteQueryable) {}

  async query<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    const res = await this.tx.query<T>(text, params as unknown[]);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rowCount ?? res.rows.length };
  }

  async exec(script: string): Promise<void> {
    await this.tx.exec(script);
  }

  async *stream<T extends object = Row>(
    text: string,
    params: readonly unknown[] = [],
    options: { batchSize?: number } = {},
  ): AsyncIterable<T[]> {
    // Must run inside a transaction: a cursor lives until the transaction ends.
    const name = `dq_cursor_${++cursorSeq}`;
    await this.tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, params as unknown[]);
    try {
      for (;;) {
        const res = await this.tx.query<T>(`FETCH ${options.batchSize ?? 1000} FROM ${name}`);
        if (res.rows.length === 0) return;
        yield res.rows;
      }
    } finally {
      await this.tx.query(`CLOSE ${name}`).catch(() => {});
    }
  }

  async copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    if (!FROM_STDIN.test(copySql)) {
      throw new DqError('DQ_INTERNAL', `copyFrom expects COPY ... FROM STDIN, got: ${copySql.slice(0, 80)}`);
    }
    const blobSql = copySql.replace(FROM_STDIN, "FROM '/dev/blob'");
    let parts: Buffer[] = [];
    let size = 0;
    let copied = 0;
    const flush = async () => {
      if (size === 0) return;
      const res = await this.tx.query(blobSql, [], { blob: new Blob(parts) });
      copied += res.affectedRows ?? res.rowCount ?? 0;
      parts = [];
      size = 0;
    };
    for await (const chunk of data) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      parts.push(buf);
      size += buf.length;
      if (size >= COPY_BATCH_BYTES) await flush();
    }
    await flush();
    return copied;
  }
}

/** A cursor needs a transaction; the channel lets the caller iterate while it stays open. */
async function* streamInTransaction<T extends object>(
  db: Pick<Database, 'transaction'>,
  text: string,
  params?: readonly unknown[],
  options?: { batchSize?: number },
): AsyncIterable<T[]> {
  const channel = new BatchChannel<T[]>();
  const producer = db
    .transaction(async (tx) => {
      for await (const batch of tx.stream<T>(text, params, options)) {
        if (channel.cancelled) break;
        await channel.push(batch);
      }
    })
    .then(
      () => channel.end(),
      (err) => channel.fail(err),
    );
  try {
    yield* channel;
  } finally {
    channel.cancel();
    await producer;
  }
}

async function applySettings(tx: Transaction, settings: TransactionOptions['settings']): Promise<void> {
  const names = Object.keys(settings ?? {});
  if (names.length === 0) return;
  await tx.query('SELECT count(set_config(n, v, true)) FROM unnest($1::text[], $2::text[]) AS s(n, v)', [
    names,
    names.map((n) => settings![n]),
  ]);
}

/** The embedded database with every transaction run as one role ({@link PgliteDatabase.asRole}). */
class PgliteRoleView implements Database {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly parent: PgliteDatabase,
    private readonly quotedRole: string,
  ) {}

  get location(): string {
    return this.parent.location;
  }

  connect(): Promise<void> {
    return this.parent.connect();
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    try {
      return await this.parent.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${this.quotedRole}`);
        return fn(tx);
      }, options);
    } finally {
      // What a statement set for the session (set_config(..., false)) must not reach the next one.
      await this.parent.exec('RESET ALL').catch(() => {});
    }
  }

  query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return this.transaction((tx) => tx.query<T>(text, params));
  }

  exec(script: string): Promise<void> {
    return this.transaction((tx) => tx.exec(script));
  }

  stream<T extends object = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { batchSize?: number },
  ): AsyncIterable<T[]> {
    return streamInTransaction(this, text, params, options);
  }

  copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    return this.transaction((tx) => tx.copyFrom(copySql, data));
  }

  withAdvisoryLock<T>(
    name: string,
    fn: (lock: HeldLock) => Promise<T>,
    options?: { wait?: boolean; guard?: boolean },
  ): Promise<T> {
    return this.parent.withAdvisoryLock(name, fn, options);
  }

  asRole(role: string, options?: RoleOptions): Database {
    return this.parent.asRole(role, options);
  }

  async close(): Promise<void> {}
}

/** Embedded PostgreSQL (PGlite) persisted in a directory, or in memory when `dir` is omitted. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly location: string;
  private readonly lock: EmbeddedLock | undefined;
  private opened: Promise<PGlite> | undefined;
  private closed = false;
  private readonly heldLocks = new Map<string, Promise<void>>();

  constructor(private readonly dir?: string) {
    this.location = dir ?? 'memory://';
    this.lock = dir ? new EmbeddedLock(`${dir.replace(/[\\/]+$/, '')}.lock`) : undefined;
  }

  async connect(): Promise<void> {
    await this.open();
  }

  private open(): Promise<PGlite> {
    if (this.closed) throw new DqError('DQ_INTERNAL', 'The embedded database was already closed.');
    this.opened ??= (async () => {
      this.lock?.acquire();
      try {
        if (this.dir) mkdirSync(this.dir, { recursive: true });
        // Imported on first use: commands on a server never load the WASM engine.
        const { PGlite } = await import('@electric-sql/pglite');
        return await createPglite(PGlite, {
          ...(this.dir ? { dataDir: this.dir } : {}),
          parsers: { [OID.int8]: parseInt8, [OID.date]: parseDate },
        });
      } catch (err) {
        this.lock?.release();
        this.opened = undefined;
        throw new DqError('DQ_DB_UNREACHABLE', `Cannot open the embedded database at ${this.location}.`, {
          cause: err,
          hint: 'The directory may be damaged or written by another PGlite version; move it away and run `dq db migrate`.',
        });
      }
    })();
    return this.opened;
  }

  async query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return new PgliteTxExecutor(await this.open()).query<T>(text, params);
  }

  async exec(script: string): Promise<void> {
    await (await this.open()).exec(script);
  }

  stream<T extends object = Row>(
    text: string,
    params?: readonly unknown[],
    options?: { batchSize?: number },
  ): AsyncIterable<T[]> {
    return streamInTransaction(this, text, params, options);
  }

  async copyFrom(copySql: string, data: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    // Several COPY batches must land together or not at all.
    return this.transaction((tx) => tx.copyFrom(copySql, data));
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const pg = await this.open();
    // PGlite does not enforce statement_timeout; the quality engine bounds rules another way.
    return pg.transaction(async (tx) => {
      if (options.readOnly) await tx.query('SET TRANSACTION READ ONLY');
      await applySettings(tx, options.settings);
      const value = await fn(new PgliteTxExecutor(tx));
      if (options.rollback) await tx.rollback();
      return value;
    });
  }

  /**
   * PGlite has one session, of a superuser: the role is `SET LOCAL ROLE` inside each
   * transaction, and the session's settings are reset after it. A statement could switch the
   * role back only through set_config, which `dq db migrate` takes away from PUBLIC on the
   * embedded database (RuleRole); the embedded database has no other sessions to signal.
   */
  asRole(role: string, _options: RoleOptions = {}): Database {
    return new PgliteRoleView(this, quoteIdent(role, 'role'));
  }

  async withAdvisoryLock<T>(
    name: string,
    fn: (lock: HeldLock) => Promise<T>,
    options: { wait?: boolean; guard?: boolean } = {},
  ): Promise<T> {
    // The embedded database has one session, owned by this process: nothing outside it can end
    // the session or take the lock, so there is nothing to verify (guard changes nothing).
    // One process owns the embedded database (EmbeddedLock), and PostgreSQL advisory locks are
    // re-entrant within its single session, so overlapping runs inside the process are tracked here.
    while (this.heldLocks.has(name)) {
      if (!options.wait) {
        throw new DqError('DQ_RUN_LOCKED', `Another run holds the lock "${name}" on ${this.location}.`);
      }
      await this.heldLocks.get(name);
    }
    let release = () => {};
    this.heldLocks.set(name, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await fn({ verify: async () => {} });
    } finally {
      this.heldLocks.delete(name);
      release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.opened) await (await this.opened.catch(() => undefined))?.close();
    } finally {
      this.lock?.release();
    }
  }
}
