import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { MigrationService } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const FUNCTIONS = ['dq_try_numeric', 'dq_try_int', 'dq_try_date', 'dq_try_timestamp'] as const;

/** The safe casts as first written (migration 0002), renamed dq_ref_try_*: the reference. */
function referenceFunctions(): string {
  const sql = readFileSync(
    join(import.meta.dirname, '../../plugins/retail/migrations/0002_dim_date_and_unknown_members.sql'),
    'utf8',
  );
  return sql
    .split('--> statement-breakpoint')
    .filter((s) => /CREATE OR REPLACE FUNCTION dq_try_/.test(s))
    .map((s) => s.replace(/FUNCTION dq_try_/, 'FUNCTION dq_ref_try_'))
    .join(';\n');
}

/** Values that sit on every edge the casts check: shape, blanks, digits, ranges, month lengths. */
const EDGES = [
  '',
  ' ',
  '0',
  '00',
  '-0',
  '-',
  '.',
  '..',
  '-.',
  '1.2.3',
  '1e5',
  'NaN',
  'Infinity',
  '+5',
  ' 12 ',
  '12 ',
  '\t12',
  '1_000',
  '123456789',
  '1234567890',
  '-123456789',
  '99999999999999999999',
  '999999999999999999999',
  '12345678901234567890.5',
  '123456789012345678901.5',
  '.5',
  '5.',
  '-.5',
  '0.000',
  'abc',
  '12a',
  '302.41',
  '0.00',
  '2024-02-29',
  '2023-02-29',
  '2000-02-29',
  '1900-02-29',
  '2024-02-30',
  '2024-04-31',
  '2024-04-30',
  '2024-01-31',
  '2024-12-31',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2024-13-01',
  '2024-00-10',
  '2024-01-00',
  '2024-01-32',
  ' 2024-01-05 ',
  '2024-01-05T10:11:12',
  '2024-01-05 10:11',
  '2024-01-05 24:00:00',
  '2024-01-05 23:59:60',
  '2024-01-05 23:60:00',
  '2024-01-05 23:59:59',
  '2024-01-05 10:11:12.123456',
  '2024-01-05 10:11:12.9999999',
  '2023-12-31 23:59:59.9999999',
  '2024-1-5',
  '24-01-05',
  '2024/01/05',
  '2024-01-05x',
  '2024-01-05 10:11:12 ',
  ' 2024-02-29 10:00',
  '2024-02-29T23:59',
  '2024-01-05 10:11:',
  '2024-01-05 10',
  '2024-01-05T',
  '2024-06-31 10:00:00',
  '2024-11-30 00:00:00',
];

describeEachDatabase('Warehouse: the safe casts', ({ db }) => {
  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
    await db().exec(referenceFunctions());
    await db().exec('CREATE TABLE cast_corpus (v text)');
    await db().query(`INSERT INTO cast_corpus SELECT unnest($1::text[])`, [EDGES]);
    // Fuzz, the same rows every run: dates and timestamps with every field a little out of
    // range, cut short, padded or mis-separated; numbers of 0-24 digits with points, signs,
    // blanks and letters. PostgreSQL and PGlite have the same random() for the same seed.
    await db().exec(`SELECT setseed(0.16);
      INSERT INTO cast_corpus
      SELECT CASE WHEN random() < 0.1 THEN ' ' ELSE '' END
             || left(lpad((random() * 10000)::int::text, 4, '0') || '-' || lpad((random() * 14)::int::text, 2, '0')
                || '-' || lpad((random() * 33)::int::text, 2, '0')
                || (ARRAY[' ', 'T', 'x', ''])[1 + (random() * 3.99)::int]
                || lpad((random() * 26)::int::text, 2, '0') || ':' || lpad((random() * 62)::int::text, 2, '0')
                || ':' || lpad((random() * 62)::int::text, 2, '0')
                || CASE WHEN random() < 0.2 THEN '.' || (random() * 1000000000)::bigint ELSE '' END,
                CASE WHEN random() < 0.3 THEN 10 + (random() * 12)::int ELSE 40 END)
             || CASE WHEN random() < 0.1 THEN ' ' ELSE '' END
        FROM generate_series(1, 6000);
      INSERT INTO cast_corpus
      SELECT (ARRAY['', '', '', '-', ' ', '+'])[1 + (random() * 5.99)::int]
             || left(repeat((random() * 1e9)::bigint::text, 3), (random() * 24)::int)
             || (ARRAY['', '', '.', '.', '..', 'e', ' ', 'x'])[1 + (random() * 7.99)::int]
             || left((random() * 1e6)::bigint::text, (random() * 4)::int)
        FROM generate_series(1, 6000);`);
  });

  it('give exactly what the first versions gave, for every value of the corpus', async () => {
    for (const fn of FUNCTIONS) {
      const res = await db().query<{ n: number; valid: number; diff: number; sample: string[] | null }>(
        `SELECT count(*)::int AS n, count(${fn}(v))::int AS valid,
                count(*) FILTER (WHERE ${fn}(v) IS DISTINCT FROM dq_ref_try_${fn.slice(7)}(v))::int AS diff,
                (array_agg(v) FILTER (WHERE ${fn}(v) IS DISTINCT FROM dq_ref_try_${fn.slice(7)}(v)))[1:5] AS sample
           FROM cast_corpus`,
      );
      const { n, valid, diff, sample } = res.rows[0]!;
      expect({ fn, diff, sample }).toEqual({ fn, diff: 0, sample: null });
      // the corpus holds both values that cast and values that do not
      expect(valid, fn).toBeGreaterThan(200);
      expect(n - valid, fn).toBeGreaterThan(200);
    }
  });

  it('are inlined into the query (no function call per value)', async () => {
    for (const fn of FUNCTIONS) {
      const res = await db().query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (VERBOSE) SELECT ${fn}(v) FROM cast_corpus`,
      );
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, fn).not.toContain(`${fn}(`);
    }
  });
});
