import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { byName, counts, migrateCore, runRules } from './quality-harness.js';

/**
 * Rule files cannot change data: every rule runs READ ONLY, sampling is guarded, and a rule
 * that fails or hangs is ERROR while the others still produce results.
 */
describeEachDatabase('rule safety', ({ db, kind }) => {
  const rowCount = async () =>
    (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM victim')).rows[0]!.n;
  const audits = async () =>
    (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM audit')).rows[0]!.n;

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE victim (id int PRIMARY KEY, v text);
      INSERT INTO victim SELECT g, 'v' || g FROM generate_series(1, 10) g;
      CREATE SEQUENCE victim_seq;
      CREATE TABLE audit (at timestamptz DEFAULT now());
      CREATE FUNCTION log_row() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO audit DEFAULT VALUES; RETURN true; END $$;
      -- Writes only when it can: the read-only scan passes, the sampling pass would write.
      CREATE FUNCTION sneaky() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
          IF current_setting('transaction_read_only') = 'off' THEN INSERT INTO audit DEFAULT VALUES; END IF;
          RETURN true;
        END $$;
    `);
  });

  it('DROP, DELETE, UPDATE, nextval and a writing function change nothing and are ERROR; the other rules run', async () => {
    const seqBefore = (await db().query<{ v: number }>('SELECT last_value AS v FROM victim_seq')).rows[0]!.v;
    const run = await runRules(db(), [
      { name: 'drop', table: 'victim', check: 'sql', sql: 'DROP TABLE victim' },
      { name: 'delete', table: 'victim', check: 'sql', sql: 'DELETE FROM victim RETURNING *' },
      {
        name: 'cte_delete',
        table: 'victim',
        check: 'sql',
        sql: 'WITH d AS (DELETE FROM victim RETURNING *) SELECT * FROM d',
      },
      { name: 'update', table: 'victim', check: 'sql', sql: "UPDATE victim SET v = 'x' RETURNING id" },
      { name: 'nextval', table: 'victim', check: 'sql', sql: "SELECT nextval('victim_seq')" },
      { name: 'function', table: 'victim', check: 'sql', sql: 'SELECT id FROM victim WHERE log_row()' },
      { name: 'where_write', table: 'victim', column: 'v', check: 'not_null', where: 'log_row()' },
      { name: 'two_statements', table: 'victim', check: 'sql', sql: 'SELECT 1; DROP TABLE victim' },
      {
        name: 'escape',
        table: 'victim',
        check: 'sql',
        sql: 'SELECT 1) AS a; COMMIT; DROP TABLE victim; SELECT (1',
      },
      { name: 'healthy', table: 'victim', column: 'v', check: 'regex', pattern: '^v[0-9]$' },
    ]);
    const results = byName(run);
    for (const name of [
      'drop',
      'delete',
      'cte_delete',
      'update',
      'nextval',
      'function',
      'where_write',
      'two_statements',
      'escape',
    ]) {
      expect(results[name]?.status, `${name}: ${results[name]?.message}`).toBe('ERROR');
    }
    expect(results.nextval?.message).toMatch(/read-only transaction/);
    expect(results.function?.message).toMatch(/read-only transaction/);
    expect(counts(results.healthy)).toBe('1/10');
    expect(results.healthy?.status).toBe('FAILED');
    expect(await rowCount()).toBe(10);
    expect(await audits()).toBe(0);
    const rows = await db().query<{ v: string }>('SELECT v FROM victim WHERE id = 1');
    expect(rows.rows[0]?.v).toBe('v1');
    expect((await db().query<{ v: number }>('SELECT last_value AS v FROM victim_seq')).rows[0]!.v).toBe(
      seqBefore,
    );
    // ERROR results are recorded, without counts
    const stored = await db().query<{ test_status: string; total_records_checked: number | null }>(
      'SELECT test_status, total_records_checked FROM dq_test_results WHERE result_id = $1',
      [results.drop!.resultId],
    );
    expect(stored.rows).toEqual([{ test_status: 'ERROR', total_records_checked: null }]);
  });

  it('a rule that writes only when it can write is caught while sampling: ERROR, nothing kept', async () => {
    const run = await runRules(db(), [
      { name: 'sneaky', table: 'victim', column: 'v', check: 'regex', pattern: '^v1$', where: 'sneaky()' },
      { name: 'fine', table: 'victim', column: 'v', check: 'not_null' },
    ]);
    const results = byName(run);
    expect(results.sneaky?.status).toBe('ERROR');
    expect(results.sneaky?.message).toMatch(/wrote to audit/);
    expect(counts(results.fine)).toBe('0/10');
    expect(await audits()).toBe(0);
    const kept = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM dq_exceptions e JOIN dq_rules r USING (rule_id) WHERE r.rule_name = $1',
      ['sneaky'],
    );
    expect(kept.rows[0]?.n).toBe(0);
  });

  it('a fused scan that fails is rerun rule by rule: only the bad rule is ERROR', async () => {
    const run = await runRules(db(), [
      { name: 'good_1', table: 'victim', column: 'v', check: 'not_null' },
      { name: 'bad_column', table: 'victim', column: 'no_such_column', check: 'not_null' },
      { name: 'good_2', table: 'victim', column: 'id', check: 'between', min: 1, max: 5 },
    ]);
    const results = byName(run);
    expect(counts(results.good_1)).toBe('0/10');
    expect(counts(results.good_2)).toBe('5/10');
    expect(results.bad_column?.status).toBe('ERROR');
    expect(results.bad_column?.message).toMatch(/no_such_column/);
  });

  it.runIf(kind === 'postgres')(
    'a runaway rule is cancelled at the statement timeout and the run goes on',
    async () => {
      const started = performance.now();
      const run = await runRules(
        db(),
        [
          { name: 'runaway', table: 'victim', check: 'sql', sql: 'SELECT pg_sleep(30)' },
          { name: 'after', table: 'victim', column: 'v', check: 'not_null' },
        ],
        { overrides: { 'quality.statementTimeoutMs': 500 } },
      );
      expect(performance.now() - started).toBeLessThan(15_000);
      const results = byName(run);
      expect(results.runaway?.status).toBe('ERROR');
      expect(results.runaway?.message).toMatch(/timed out after 500 ms/);
      expect(counts(results.after)).toBe('0/10');
    },
  );

  it.runIf(kind === 'pglite')(
    'on PGlite a rule longer than the timeout runs to its end and is then ERROR',
    async () => {
      const run = await runRules(
        db(),
        [
          { name: 'slow', table: 'victim', check: 'sql', sql: 'SELECT pg_sleep(0.4)' },
          { name: 'after', table: 'victim', column: 'v', check: 'not_null' },
        ],
        { overrides: { 'quality.statementTimeoutMs': 150 } },
      );
      const results = byName(run);
      expect(results.slow?.status).toBe('ERROR');
      expect(results.slow?.message).toMatch(/cannot cancel a running statement/);
      expect(counts(results.after)).toBe('0/10');
      expect(run.notes.join(' ')).toMatch(/PGlite/);
    },
  );
});
