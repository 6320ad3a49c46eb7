import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { byName, migrateCore, runRules } from './quality-harness.js';

/** Scorecard math, exceptions sampled inside the database, metric history. */
describeEachDatabase('scorecard, exceptions and metrics', ({ db }) => {
  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE sc_a (id int PRIMARY KEY, v text);
      INSERT INTO sc_a SELECT g, CASE WHEN g <= 10 THEN NULL ELSE 'x' END FROM generate_series(1, 100) g;
      CREATE TABLE sc_b (id int PRIMARY KEY, n int);
      INSERT INTO sc_b SELECT g, g FROM generate_series(1, 300) g;
      CREATE TABLE sc_heap (code text);
      INSERT INTO sc_heap VALUES ('a'), ('a'), ('b');
    `);
  });

  it('scores each category record-weighted, overall = mean of the categories that ran, n/a for the rest', async () => {
    const run = await runRules(db(), [
      // completeness: (100 - 10) + (300 - 30) of 100 + 300 rows = 360 / 400 = 90.00
      { name: 'a_present', category: 'completeness', table: 'sc_a', column: 'v', check: 'not_null' },
      { name: 'b_small', category: 'completeness', table: 'sc_b', column: 'n', check: 'between', max: 270 },
      // accuracy: 300 - 150 of 300 = 50.00
      { name: 'b_half', category: 'accuracy', table: 'sc_b', column: 'n', check: 'between', min: 151 },
      // an ERROR rule counts in rules_errored, not in the rate
      {
        name: 'broken',
        category: 'accuracy',
        table: 'sc_b',
        check: 'sql',
        sql: 'SELECT no_such_column FROM sc_b',
      },
    ]);
    const card = run.scorecard;
    const category = (name: string) => card.categories.find((c) => c.category === name);
    expect(category('completeness')).toEqual({
      category: 'completeness',
      score: 90,
      rulesExecuted: 2,
      rulesErrored: 0,
      recordsChecked: 400,
      failedRecords: 40,
    });
    expect(category('accuracy')).toMatchObject({
      score: 50,
      rulesExecuted: 2,
      rulesErrored: 1,
      recordsChecked: 300,
    });
    expect(category('validity')).toMatchObject({ score: null, rulesExecuted: 0 });
    expect(card.overall).toBe(70);
    expect(card).toMatchObject({
      rulesExecuted: 4,
      rulesFailed: 3,
      rulesErrored: 1,
      recordsChecked: 700,
      failedRecords: 190,
    });

    const stored = await db().query(
      `SELECT overall_quality_score, completeness_score, accuracy_score, consistency_score, validity_score,
              uniqueness_score, timeliness_score, integrity_score, total_rules_executed, rules_failed, rules_errored,
              total_records_checked, total_failed_records, report_date = CURRENT_DATE AS today
         FROM dq_scorecards WHERE run_id = $1`,
      [run.runId],
    );
    expect(stored.rows).toEqual([
      {
        overall_quality_score: '70.00',
        completeness_score: '90.00',
        accuracy_score: '50.00',
        consistency_score: null,
        validity_score: null,
        uniqueness_score: null,
        timeliness_score: null,
        integrity_score: null,
        total_rules_executed: 4,
        rules_failed: 3,
        rules_errored: 1,
        total_records_checked: 700,
        total_failed_records: 190,
        today: true,
      },
    ]);
    const perCategory = await db().query<{ category: string; score: string | null }>(
      `SELECT category, score FROM dq_scorecard_categories sc JOIN dq_scorecards s USING (scorecard_id)
        WHERE s.run_id = $1 ORDER BY category`,
      [run.runId],
    );
    expect(perCategory.rows).toHaveLength(7);
    expect(perCategory.rows.find((r) => r.category === 'completeness')?.score).toBe('90.00');
    expect(perCategory.rows.find((r) => r.category === 'integrity')?.score).toBeNull();
  });

  it('samples exceptions inside the database: record identifiers from the primary key (else ctid), capped by the limit', async () => {
    const run = await runRules(
      db(),
      [
        { name: 'a_present', table: 'sc_a', column: 'v', check: 'not_null' },
        { name: 'heap_unique', table: 'sc_heap', column: 'code', check: 'unique' },
      ],
      { overrides: { 'quality.exceptionSampleLimit': 3 } },
    );
    const results = byName(run);
    expect(results.a_present?.sampleIds).toHaveLength(3);
    const rows = await db().query<{
      record_identifier: string;
      column_name: string;
      failed_value: string | null;
      expected_value: string;
    }>(
      'SELECT record_identifier, column_name, failed_value, expected_value FROM dq_exceptions WHERE result_id = $1 ORDER BY 1::text',
      [results.a_present!.resultId],
    );
    expect(rows.rows).toHaveLength(3);
    for (const r of rows.rows) {
      expect(Number(r.record_identifier)).toBeLessThanOrEqual(10);
      expect(r).toMatchObject({ column_name: 'v', failed_value: null, expected_value: 'NOT NULL' });
    }
    const heap = await db().query<{ record_identifier: string; failed_value: string }>(
      'SELECT record_identifier, failed_value FROM dq_exceptions WHERE result_id = $1',
      [results.heap_unique!.resultId],
    );
    expect(heap.rows.map((r) => r.failed_value)).toEqual(['a', 'a']);
    for (const r of heap.rows) expect(r.record_identifier).toMatch(/^\(\d+,\d+\)$/);
  });

  it('appends scope_rows, failed_rows and failure_pct per rule to dq_metric_history, and one result row per rule', async () => {
    const run = await runRules(db(), [
      { name: 'b_half', table: 'sc_b', column: 'n', check: 'between', min: 151 },
    ]);
    const metrics = await db().query<{ metric: string; value: string }>(
      'SELECT metric, value::float8::text AS value FROM dq_metric_history WHERE run_id = $1 ORDER BY metric',
      [run.runId],
    );
    expect(metrics.rows).toEqual([
      { metric: 'failed_rows', value: '150' },
      { metric: 'failure_pct', value: '50' },
      { metric: 'scope_rows', value: '300' },
    ]);
    const results = await db().query(
      `SELECT test_status, total_records_checked, failed_records, passed_records, failure_percentage, severity, failure_threshold
         FROM dq_test_results WHERE run_id = $1`,
      [run.runId],
    );
    expect(results.rows).toEqual([
      {
        test_status: 'FAILED',
        total_records_checked: 300,
        failed_records: 150,
        passed_records: 150,
        failure_percentage: '50.0000',
        severity: 'warning',
        failure_threshold: '0.00',
      },
    ]);
  });

  it('threshold: failing share at the threshold is WARNING, above it FAILED', async () => {
    const run = await runRules(db(), [
      { name: 'at', table: 'sc_a', column: 'v', check: 'not_null', threshold: '10%' },
      { name: 'below', table: 'sc_a', column: 'v', check: 'not_null', threshold: 9.99 },
    ]);
    const results = byName(run);
    expect(results.at?.status).toBe('WARNING');
    expect(results.below?.status).toBe('FAILED');
  });
});
