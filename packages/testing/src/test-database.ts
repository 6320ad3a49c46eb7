import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgDatabase, PgliteDatabase } from '@dq/db';
import type { Database } from '@dq/plugin-api';
import pg from 'pg';

/** The engines a suite can run on. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A throw-away database for one test file or suite. */
export interface TestDatabase {
  kind: DatabaseKind;
  db: Database;
  /** Connection URL (postgres) for child processes such as the CLI. */
  url?: string;
  /** Embedded directory (persistent pglite) for child processes. */
  dir?: string;
  /** Closes and drops the database (and deletes the embedded directory). */
  drop(): Promise<void>;
}

/** The server URL tests use for the PostgreSQL half, when set. */
export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** pglite always; postgres when DATABASE_URL is set. */
export function availableKinds(): DatabaseKind[] {
  return serverUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * Creates a fresh database: a new PostgreSQL database on the server (dropped afterwards), or a
 * PGlite database in memory or, with `persistent`, in a temporary directory.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { persistent?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    if (!options.persistent) {
      const db = new PgliteDatabase();
      return { kind, db, drop: () => db.close() };
    }
    const dir = join(mkdtempSync(join(tmpdir(), 'dq-test-')), 'pgdata');
    const db = new PgliteDatabase(dir);
    return {
      kind,
      db,
      dir,
      async drop() {
        await db.close();
        rmSync(join(dir, '..'), { recursive: true, force: true });
      },
    };
  }
  const admin = serverUrl();
  if (!admin) throw new Error('DATABASE_URL is not set: the PostgreSQL half cannot run.');
  const name = `dq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = withDatabase(admin, name);
  const db = new PgDatabase(url);
  return {
    kind,
    db,
    url,
    async drop() {
      await db.close();
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
