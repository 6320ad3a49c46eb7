import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgDatabase, PgliteDatabase } from '@dq/db';
import { availableKinds, createTestDatabase } from '@dq/testing';
import { describe, expect, it } from 'vitest';
import { repoRoot, runDq, workdir } from './run-dq.js';

const WAREHOUSE = [
  'dim_customer',
  'dim_product',
  'dim_campaign',
  'fact_transactions',
  'fact_campaign_responses',
  'agg_customer_monthly',
];

for (const kind of availableKinds()) {
  describe(`dq run twice on the same files [${kind}]`, () => {
    it('leaves every warehouse table row count and content checksum unchanged', async () => {
      const test = await createTestDatabase(kind, { persistent: true });
      await test.db.close();
      const cwd = workdir();
      const env =
        kind === 'postgres' ? { DATABASE_URL: test.url! } : { DQ_DATABASE__EMBEDDED__DIR: test.dir! };
      writeFileSync(
        join(cwd, 'dq.yaml'),
        readFileSync(join(repoRoot, 'config/dq.config.yaml'), 'utf8')
          .replaceAll('data/raw', join(cwd, 'raw'))
          .replace('rules: rules', `rules: ${join(repoRoot, 'rules')}`),
      );
      const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
      const snapshot = async () => {
        const db = kind === 'postgres' ? new PgDatabase(test.url!) : new PgliteDatabase(test.dir!);
        try {
          const out: Record<string, string> = {};
          for (const table of WAREHOUSE) {
            const res = await db.query<{ n: number; c: string }>(
              `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS c FROM ${table} t`,
            );
            out[table] = `${res.rows[0]!.n}:${res.rows[0]!.c}`;
          }
          return out;
        } finally {
          await db.close();
        }
      };
      try {
        expect(
          (await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.01', '--date', '20260101')).code,
        ).toBe(0);
        const first = await dq('run', '--json');
        // exit 0 or 1 (a warning rule may fail on tiny data); never an execution error
        if (![0, 1].includes(first.code))
          throw new Error(`dq run exit ${first.code}: ${first.stderr} ${first.stdout.slice(0, 600)}`);
        const before = await snapshot();
        expect(Number(before.fact_transactions!.split(':')[0])).toBeGreaterThan(0);
        const second = await dq('run', '--json');
        expect(second.code).toBe(first.code);
        expect(await snapshot()).toEqual(before);
      } finally {
        await test.drop();
      }
    });
  });
}
