import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgDatabase, PgliteDatabase } from '@dq/db';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '@dq/testing';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dqBin = join(repoRoot, 'packages/cli/bin/run.js');

export interface DqResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh working directory for one CLI scenario. */
export function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'dq-e2e-'));
}

/**
 * Runs the built CLI as a user would: a child process in `cwd`, with a clean environment
 * (no inherited DQ_* or DATABASE_URL unless given in `env`).
 */
export function runDq(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<DqResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DQ_') && k !== 'DATABASE_URL'),
  );
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [dqBin, ...args], {
      cwd: options.cwd,
      env: { ...base, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Parsed JSON output, read freely by tests. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever a command printed
type Json = any;

/** What every command prints with --json: its result, the error, the exit code. */
export interface JsonEnvelope {
  data: Json;
  error: { code: string; message: string; hint: string; details?: Json } | null;
  exitCode: number;
}

/** The --json envelope of a run; fails when stdout is not one, or its exit code is not the process's. */
export function jsonOf(res: DqResult): JsonEnvelope {
  let parsed: JsonEnvelope;
  try {
    parsed = JSON.parse(res.stdout) as JsonEnvelope;
  } catch {
    throw new Error(
      `not JSON on stdout (exit ${res.code}): ${res.stdout.slice(0, 300)} ${res.stderr.slice(0, 300)}`,
    );
  }
  if (!('data' in parsed) || !('error' in parsed) || parsed.exitCode !== res.code) {
    throw new Error(`not a dq --json envelope for exit ${res.code}: ${res.stdout.slice(0, 300)}`);
  }
  return parsed;
}

/** The `data` of a run's --json envelope. */
export function dataOf(res: DqResult): Json {
  return jsonOf(res).data;
}

/** The database interface the CLI uses (as @dq/testing hands it out). */
export type Database = TestDatabase['db'];

/** A test database for CLI runs: the environment pointing dq at it, and access between runs. */
export interface CliDatabase {
  test: TestDatabase;
  /** DATABASE_URL for the server, the embedded directory for PGlite. */
  env: Record<string, string>;
  /** Opens the database in this process for `fn`, then closes it again. */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
}

/**
 * A fresh database of `kind`, left closed: the CLI opens it itself, and an embedded database
 * admits one process at a time, so the test opens it only between CLI runs (withDb).
 */
export async function cliDatabase(kind: DatabaseKind): Promise<CliDatabase> {
  const test = await createTestDatabase(kind, { persistent: true });
  await test.db.close();
  return {
    test,
    env: kind === 'postgres' ? { DATABASE_URL: test.url! } : { DQ_DATABASE__EMBEDDED__DIR: test.dir! },
    async withDb(fn) {
      const db = kind === 'postgres' ? new PgDatabase(test.url!) : new PgliteDatabase(test.dir!);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
  };
}

/** Writes `cwd`/dq.yaml: the repository's config with feeds in `cwd`/raw (and `rules` if given). */
export function writeRepoConfig(cwd: string, rules?: string): string {
  let text = readFileSync(join(repoRoot, 'config/dq.config.yaml'), 'utf8').replaceAll(
    'data/raw',
    join(cwd, 'raw'),
  );
  if (rules) text = text.replace('rules: rules', `rules: ${rules}`);
  const file = join(cwd, 'dq.yaml');
  writeFileSync(file, text);
  return file;
}
