import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliDatabase, dataOf, repoRoot, runDq, workdir, writeRepoConfig } from './run-dq.js';

const WAREHOUSE = [
  'dim_customer',
  'dim_product',
  'dim_campaign',
  'fact_transactions',
  'fact_campaign_responses',
  'agg_customer_monthly',
];

/** Counts and sums per engine, compared once both have run (surrogate keys may differ). */
const totals = new Map<string, unknown>();
const TOTALS_SQL = `SELECT (SELECT count(*) FROM dim_customer)::int AS customers,
  (SELECT count(*) FROM fact_transactions)::int AS items, (SELECT sum(net_amount)::text FROM fact_transactions) AS net,
  (SELECT sum(quantity)::int FROM fact_transactions) AS units, (SELECT sum(total_spent)::text FROM dim_customer) AS spent,
  (SELECT count(*) FROM fact_campaign_responses)::int AS responses,
  (SELECT sum(conversion_value)::text FROM fact_campaign_responses) AS conversions,
  (SELECT sum(total_revenue)::text FROM agg_customer_monthly) AS revenue`;

for (const kind of availableKinds()) {
  describe(`dq run twice on the same files [${kind}]`, () => {
    it('leaves every warehouse checksum unchanged; a concurrent run exits 3; doctor counts unknown members', async () => {
      const { test, env, withDb } = await cliDatabase(kind);
      const cwd = workdir();
      const config = writeRepoConfig(cwd, join(repoRoot, 'rules'));
      // the feeds folder as a user writes it: relative to where dq runs
      writeFileSync(config, readFileSync(config, 'utf8').replaceAll(join(cwd, 'raw'), 'raw'));
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      const snapshot = () =>
        withDb(async (db) => {
          const out: Record<string, string> = {};
          for (const table of WAREHOUSE) {
            const res = await db.query<{ n: number; c: string }>(
              `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS c FROM ${table} t`,
            );
            out[table] = `${res.rows[0]!.n}:${res.rows[0]!.c}`;
          }
          return out;
        });
      try {
        expect(
          (await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.01', '--date', '20260101')).code,
        ).toBe(0);
        const first = await dq('run', '--json');
        // exit 0 or 1 (a warning rule may fail on tiny data); never an execution error
        if (![0, 1].includes(first.code))
          throw new Error(`dq run exit ${first.code}: ${first.stderr} ${first.stdout.slice(0, 600)}`);
        const before = await snapshot();
        totals.set(kind, await withDb(async (db) => (await db.query(TOTALS_SQL)).rows[0]));
        expect(Number(before.fact_transactions!.split(':')[0])).toBeGreaterThan(0);

        // the generated docs: every KPI query runs on this warehouse; paths as the config wrote them
        const docs = await dq('docs', '--out', 'docs');
        expect(docs.code, docs.stderr).toBe(0);
        const kpis = readFileSync(join(cwd, 'docs/kpis.md'), 'utf8');
        const queries = [...kpis.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
        expect(queries.length).toBeGreaterThanOrEqual(8);
        const failures = await withDb(async (db) => {
          const out: string[] = [];
          for (const q of queries) await db.query(q).catch((err: Error) => out.push(`${err.message}\n${q}`));
          return out;
        });
        expect(failures).toEqual([]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(cwd, 'docs/data-mapping.xlsx'));
        const cells = wb.worksheets.flatMap((w) =>
          w.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
        );
        expect(cells).toContain('raw/crm_customers_*.csv');
        expect(cells.filter((c) => c.includes(cwd))).toEqual([]);

        const second = await dq('run', '--json');
        expect(second.code).toBe(first.code);
        expect(await snapshot()).toEqual(before);

        // two runs at once: one holds the lock, the other exits 3 saying so
        const [a, b] = await Promise.all([dq('run'), dq('run')]);
        const loser = [a, b].find((r) => r.code === 3);
        expect(loser, `${a.code} ${a.stderr} / ${b.code} ${b.stderr}`).toBeDefined();
        expect(loser!.stderr).toMatch(/holds the lock "dq:run"|in use by another dq process/);
        expect(await snapshot()).toEqual(before);

        // dq doctor counts facts on unknown members
        const doctor = await dq('doctor', '--json');
        expect(doctor.code, doctor.stderr).toBe(0);
        const unknown = dataOf(doctor).checks.filter((c: { name: string }) => c.name === 'unknown');
        expect(unknown.map((c: { detail: string }) => c.detail.split(':')[0])).toEqual([
          'fact_transactions',
          'fact_campaign_responses',
        ]);
      } finally {
        await test.drop();
      }
    }, 600_000);
  });
}

describe.runIf(availableKinds().length > 1)('the same input on both engines', () => {
  it('gives identical row counts and sums on PGlite and PostgreSQL', () => {
    expect(totals.get('pglite')).toBeDefined();
    expect(totals.get('pglite')).toEqual(totals.get('postgres'));
  });
});
