import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, repoRoot, runDq, workdir, writeRepoConfig } from './run-dq.js';

/**
 * A month of daily runs replayed in minutes: `dq generate --days 28` with one incident of each
 * kind on a known day, then `dq run --as-of DAY` for each day with that day's feeds, against the
 * repository's rules (the retail monitors of rules/ included).
 */
const DAYS = 28;
const INCIDENTS = ['10:volume_drop', '14:null_spike', '18:late_feed', '22:dropped_column'];

/** The monitors expected to flag (WARNING or FAILED) on each incident day, and on no other day. */
const EXPECTED: Record<number, string[]> = {
  // Half the transactions: the three fact monitors (one scan of fact_transactions per day).
  10: ['monitor_items_daily', 'monitor_revenue_daily', 'monitor_transactions_daily'],
  // 30% of the CRM snapshot without an e-mail.
  14: ['monitor_customer_email_nulls'],
  // The transactions feed repeats the day before: no new facts for the day, and a day old.
  18: [
    'monitor_items_daily',
    'monitor_revenue_daily',
    'monitor_transactions_daily',
    'monitor_transactions_feed_age',
  ],
  // The CRM feed lost phone_number: the load refuses the file and the schema monitor names it.
  22: ['monitor_stg_crm_customers_schema'],
};

const date = (day: number) => `2026-01-${String(day).padStart(2, '0')}`;

interface MonitorRow {
  day: number;
  rule: string;
  check: string;
  status: string;
  message: string;
}

for (const kind of availableKinds()) {
  describe(`monitors over a 28-day replay [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const exits: number[] = [];
    const stderr: string[] = [];
    /** stg_crm_customers after the runs of days 21 and 22: rows and the files they came from. */
    const customersStaged: Record<number, { n: number; files: string[] }> = {};
    const dq = (db: CliDatabase, ...args: string[]) =>
      runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: db.env });

    /** Runs day 1..`days` with that day's files only, as a nightly job would have. */
    async function replay(db: CliDatabase, days: number): Promise<void> {
      const raw = join(cwd, 'raw');
      for (let day = 1; day <= days; day++) {
        rmSync(raw, { recursive: true, force: true });
        mkdirSync(raw);
        const stamp = date(day).replace(/-/g, '');
        for (const file of readdirSync(join(cwd, 'all')).filter((f) => f.endsWith(`_${stamp}.csv`))) {
          copyFileSync(join(cwd, 'all', file), join(raw, file));
        }
        const res = await dq(db, 'run', '--as-of', date(day));
        if (db === database) {
          exits[day] = res.code;
          stderr[day] = res.stderr;
          if (day === 21 || day === 22) {
            customersStaged[day] = await db.withDb(async (conn) => {
              const staged = await conn.query<{ n: number; files: string[] }>(
                'SELECT count(*)::int AS n, array_agg(DISTINCT source_file) AS files FROM stg_crm_customers',
              );
              return staged.rows[0]!;
            });
          }
        }
      }
    }

    /** Every monitor result of the database, by the day its run replayed. */
    async function monitorResults(db: CliDatabase): Promise<MonitorRow[]> {
      return db.withDb(async (conn) => {
        const res = await conn.query<MonitorRow>(
          `SELECT extract(day FROM r.as_of - interval '1 second')::int AS day, ru.rule_name AS rule,
                  ru.check_kind AS check, t.test_status AS status, t.test_message AS message
             FROM dq_test_results t
             JOIN dq_check_runs r ON r.run_id = t.run_id
             JOIN dq_rules ru ON ru.rule_id = t.rule_id
            WHERE ru.check_kind IN ('anomaly', 'schema_change')
            ORDER BY r.started_at, ru.rule_name`,
        );
        return res.rows;
      });
    }

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
      const gen = await dq(
        database,
        ...['generate', '--out', join(cwd, 'all'), '--scale', '0.01', '--seed', '7', '--date', '20260128'],
        ...['--days', String(DAYS), ...INCIDENTS.flatMap((i) => ['--incident', i])],
      );
      expect(gen.code, gen.stderr).toBe(0);
      await replay(database, DAYS);
    }, 3_600_000);
    afterAll(() => database?.test.drop());

    it('flags each incident on its day and only there', async () => {
      const rows = await monitorResults(database);
      const flagged: Record<number, string[]> = {};
      for (const r of rows.filter((x) => x.status === 'WARNING' || x.status === 'FAILED')) {
        flagged[r.day] = [...(flagged[r.day] ?? []), r.rule];
      }
      for (const day of Object.keys(flagged)) flagged[Number(day)]!.sort();
      expect(flagged).toEqual(EXPECTED);
      // Every other monitor result of the month passed or was still learning; none errored.
      expect(rows.filter((r) => !['PASSED', 'LEARNING', 'WARNING', 'FAILED'].includes(r.status))).toEqual([]);
      // Exit codes: critical monitors fail the run on days 10 and 18; day 22 is a failed load (3).
      expect(exits.slice(1)).toEqual(
        Array.from({ length: DAYS }, (_, i) => (i + 1 === 10 || i + 1 === 18 ? 1 : i + 1 === 22 ? 3 : 0)),
      );
      const messages = Object.fromEntries(
        rows.filter((r) => r.day === 10 || r.day === 22).map((r) => [`${r.day}:${r.rule}`, r.message]),
      );
      expect(messages['10:monitor_transactions_daily']).toMatch(
        /^30 distinct, expected [\d.]+-[\d.]+, z -\d+\.\d, 9 points \(2026-01-10\)$/,
      );
      expect(messages['22:monitor_stg_crm_customers_schema']).toBe(
        'column_removed (critical): crm_customers_20260122.csv: the header lacks phone_number; the load was refused and stg_crm_customers keeps the rows it had',
      );
      expect(stderr[22]).toContain('crm_customers');
    });

    it('reports nothing while the monitors are still learning', async () => {
      const rows = await monitorResults(database);
      const early = rows.filter((r) => r.day <= 7 && r.check === 'anomaly');
      expect(early.length).toBeGreaterThan(0);
      expect(early.filter((r) => r.status !== 'LEARNING')).toEqual([]);
      expect(rows.find((r) => r.day === 1 && r.rule === 'monitor_stg_crm_customers_schema')?.message).toMatch(
        /^first snapshot of stg_crm_customers: \d+ columns recorded as the baseline$/,
      );
      // Day 8 is the first judged day (7 training points).
      expect(rows.find((r) => r.day === 8 && r.rule === 'monitor_transactions_daily')?.message).toMatch(
        /, 7 points \(2026-01-08\)$/,
      );
    });

    it('keeps the staged rows of the previous feed when a header lost a column', async () => {
      await database.withDb(async (conn) => {
        const audit = await conn.query<{ status: string; file: string; error: string }>(
          `SELECT status, source_file AS file, error_message AS error FROM stg_audit_log
            WHERE table_name = 'stg_crm_customers' AND source_file LIKE '%20260122.csv'`,
        );
        expect(audit.rows.map((r) => r.status)).toEqual(['FAILED']);
        expect(audit.rows[0]?.error).toContain('missing phone_number');
      });
      expect(customersStaged[22]).toEqual(customersStaged[21]);
      expect(customersStaged[22]?.files.map((f) => f.split(/[/\\]/).at(-1))).toEqual([
        'crm_customers_20260121.csv',
      ]);
    });

    it('gives the same results when the month is replayed again', async () => {
      const again = await cliDatabase(kind);
      try {
        // The first twelve days: learning, the first judged days and the first incident.
        await replay(again, 12);
        const strip = (rows: MonitorRow[]) => rows.filter((r) => r.day <= 12);
        expect(strip(await monitorResults(again))).toEqual(strip(await monitorResults(database)));
      } finally {
        await again.test.drop();
      }
    }, 3_600_000);
  });
}
