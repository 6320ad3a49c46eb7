import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
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
      writeRepoConfig(cwd, join(repoRoot, 'rules'));
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
    });
  });
}

describe.runIf(availableKinds().length > 1)('the same input on both engines', () => {
  it('gives identical row counts and sums on PGlite and PostgreSQL', () => {
    expect(totals.get('pglite')).toBeDefined();
    expect(totals.get('pglite')).toEqual(totals.get('postgres'));
  });
});
