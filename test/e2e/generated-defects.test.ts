import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { describe, expect, it } from 'vitest';
import { cliDatabase, type Database, repoRoot, runDq, workdir, writeRepoConfig } from './run-dq.js';

/** The rules that ended FAILED in the latest check run. */
async function failedRules(db: Database): Promise<string[]> {
  const res = await db.query<{ rule_name: string }>(
    `SELECT r.rule_name FROM dq_test_results t JOIN dq_rules r USING (rule_id)
      WHERE t.run_id = (SELECT run_id FROM dq_test_results ORDER BY result_id DESC LIMIT 1)
        AND t.test_status = 'FAILED' ORDER BY 1`,
  );
  return res.rows.map((row) => row.rule_name);
}

const unknownResponses = async (db: Database) =>
  (
    await db.query<{ customers: number; campaigns: number }>(
      `SELECT count(*) FILTER (WHERE customer_key = -1)::int AS customers,
              count(*) FILTER (WHERE campaign_key = -1)::int AS campaigns FROM fact_campaign_responses`,
    )
  ).rows[0];

/**
 * Responses on the unknown customer that no injected defect explains: the response's own row is
 * clean (a real customer, a parseable date) and so are its customer's staged rows (one row, a
 * parseable registration date).
 */
const UNEXPLAINED_UNKNOWN_CUSTOMERS = `
  SELECT count(*)::int AS n
    FROM fact_campaign_responses f JOIN stg_campaign_responses s USING (response_id)
   WHERE f.customer_key = -1
     AND s.customer_id <> 'CUST999999'
     AND dq_try_timestamp(s.response_date) IS NOT NULL
     AND s.customer_id NOT IN (SELECT customer_id FROM stg_crm_customers GROUP BY customer_id
                                HAVING count(*) > 1 OR bool_or(dq_try_date(registration_date) IS NULL))`;

/** Today as the demo stamps its feeds: the freshness rules compare with the clock. */
const today = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');

for (const kind of availableKinds()) {
  describe(`generated data through dq run [${kind}]`, () => {
    it('shows only the defects the seed puts in on purpose: no response on an unknown customer', async () => {
      const { test, env, withDb } = await cliDatabase(kind);
      const cwd = workdir();
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      try {
        const gen = await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.02', '--date', today());
        expect(gen.code, gen.stderr).toBe(0);
        const run = await dq('run');
        expect([0, 1], run.stderr).toContain(run.code);
        await withDb(async (db) => {
          expect(await unknownResponses(db)).toEqual({ customers: 0, campaigns: 0 });
          // The seed writes mixed phone formats on purpose (the rule says it fails until cleaned).
          expect(await failedRules(db)).toEqual(['customer_phone_format']);
        });
      } finally {
        await test.drop();
      }
    });

    it('with --defects, every response on the unknown customer comes from an injected defect', async () => {
      const { test, env, withDb } = await cliDatabase(kind);
      const cwd = workdir();
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      try {
        const gen = await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.05', '--defects');
        expect(gen.code, gen.stderr).toBe(0);
        const run = await dq('run');
        // Exit 1: the injected orphans and duplicates fail critical rules, as they should.
        expect(run.code, run.stderr).toBe(1);
        await withDb(async (db) => {
          const unknown = await unknownResponses(db);
          expect(unknown?.customers).toBeGreaterThan(0);
          expect((await db.query<{ n: number }>(UNEXPLAINED_UNKNOWN_CUSTOMERS)).rows[0]?.n).toBe(0);
        });
      } finally {
        await test.drop();
      }
    });
  });
}
