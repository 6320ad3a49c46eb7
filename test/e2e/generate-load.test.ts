import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliDatabase,
  cliDatabase,
  type Database,
  dataOf,
  runDq,
  workdir,
  writeRepoConfig,
} from './run-dq.js';

const FEEDS: Record<string, string> = {
  crm_customers: 'stg_crm_customers',
  products: 'stg_products',
  ecom_transactions: 'stg_ecom_transactions',
  ecom_transaction_items: 'stg_ecom_transaction_items',
  marketing_campaigns: 'stg_marketing_campaigns',
  campaign_responses: 'stg_campaign_responses',
};

/** Data lines (header excluded) of each generated file, by feed. */
function dataLines(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of readdirSync(dir)) {
    const feed = name.replace(/_\d{8}\.csv$/, '');
    const text = readFileSync(join(dir, name));
    let lines = 0;
    for (const b of text) if (b === 0x0a) lines++;
    out[feed] = lines - 1;
  }
  return out;
}

for (const kind of availableKinds()) {
  describe(`dq generate, then dq load [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const dq = (...args: string[]) =>
      runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: database.env });
    const staged = async (db: Database, table: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    const withDb = <T>(fn: (db: Database) => Promise<T>) => database.withDb(fn);

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      writeRepoConfig(cwd);
      expect((await dq('db', 'migrate')).code).toBe(0);
    });
    afterAll(() => database.test.drop());

    it('loads every data line of clean feeds: staging counts equal the files, every audit row SUCCESS', async () => {
      const gen = await dq(
        'generate',
        '--out',
        join(cwd, 'raw'),
        '--scale',
        '0.02',
        '--seed',
        '7',
        '--date',
        '20260101',
        '--json',
      );
      expect(gen.code, gen.stderr).toBe(0);
      const lines = dataLines(join(cwd, 'raw'));
      const load = await dq('load', '--json');
      expect(load.code, load.stderr).toBe(0);
      const result = dataOf(load);
      expect(result.results.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('SUCCESS'));
      await withDb(async (db) => {
        for (const [feed, table] of Object.entries(FEEDS))
          expect(await staged(db, table), feed).toBe(lines[feed]);
      });
    });

    it('with --defects every malformed line is in stg_rejects and read = loaded + rejected; incremental reload adds 0', async () => {
      const gen = await dq(
        'generate',
        '--out',
        join(cwd, 'raw'),
        '--scale',
        '0.02',
        '--seed',
        '7',
        '--date',
        '20260102',
        '--defects',
        '--json',
      );
      expect(gen.code, gen.stderr).toBe(0);
      const files: { feed: string; malformedRows: number; rows: number; path: string }[] = dataOf(gen).files;
      const load = await dq('load', '--json');
      expect(load.code, load.stderr).toBe(0);
      const { loadId, results } = dataOf(load);
      expect(results.every((r: { status: string }) => r.status === 'PARTIAL')).toBe(true);
      const before = await withDb(async (db) => {
        for (const file of files) {
          const table = FEEDS[file.feed]!;
          const audit = (
            await db.query<{ rows_read: number; rows_loaded: number; rows_rejected: number }>(
              'SELECT rows_read, rows_loaded, rows_rejected FROM stg_audit_log WHERE load_id = $1 AND table_name = $2',
              [loadId, table],
            )
          ).rows[0]!;
          expect(audit.rows_read, file.feed).toBe(file.rows);
          expect(audit.rows_read).toBe(audit.rows_loaded + audit.rows_rejected);
          expect(audit.rows_rejected, file.feed).toBe(file.malformedRows);
          const rejects = await db.query<{ line_number: number; reason: string }>(
            'SELECT line_number, reason FROM stg_rejects WHERE load_id = $1 AND table_name = $2',
            [loadId, table],
          );
          expect(rejects.rows).toHaveLength(file.malformedRows);
          for (const r of rejects.rows) {
            expect(r.line_number).toBeGreaterThan(1);
            expect(r.reason).toMatch(/wrong column count|broken quoting|invalid UTF-8/);
          }
          expect(await staged(db, table)).toBe(audit.rows_loaded);
        }
        return Promise.all(Object.values(FEEDS).map((t) => staged(db, t)));
      });
      const again = await dq('load', '--mode', 'incremental', '--json');
      expect(again.code, again.stderr).toBe(0);
      expect(dataOf(again).results.map((r: { rowsNew: number }) => r.rowsNew)).toEqual(Array(6).fill(0));
      expect(await withDb((db) => Promise.all(Object.values(FEEDS).map((t) => staged(db, t))))).toEqual(
        before,
      );
    });
  });
}
