import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { byName, checkKindFixture, counts, migrateCore, runRules } from './quality-harness.js';

/** A check kind and a category from a fixture plugin under test/fixtures work from a rule file. */
describeEachDatabase('check kind and category from a plugin', ({ db }) => {
  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE codes (id int PRIMARY KEY, code text);
      INSERT INTO codes VALUES (1, 'abc'), (2, 'ABC'), (3, NULL), (4, ' abc'), (5, 'Abc');
    `);
  });

  it('runs, fuses with built-in kinds and scores the custom category', async () => {
    const run = await runRules(
      db(),
      [
        { name: 'code_lower', category: 'conformity', table: 'codes', column: 'code', check: 'lowercase' },
        {
          name: 'code_lower_trim',
          category: 'conformity',
          table: 'codes',
          column: 'code',
          check: 'lowercase',
          trimmed: true,
        },
        { name: 'code_present', category: 'completeness', table: 'codes', column: 'code', check: 'not_null' },
      ],
      { plugins: [checkKindFixture] },
    );
    const results = byName(run);
    expect(counts(results.code_lower)).toBe('2/5');
    expect(counts(results.code_lower_trim)).toBe('3/5');
    expect(counts(results.code_present)).toBe('1/5');
    expect(run.scorecard.categories.find((c) => c.category === 'conformity')).toMatchObject({
      score: 50,
      recordsChecked: 10,
      failedRecords: 5,
    });
    const stored = await db().query<{ score: string }>(
      `SELECT score FROM dq_scorecard_categories JOIN dq_scorecards USING (scorecard_id)
        WHERE run_id = $1 AND category = 'conformity'`,
      [run.runId],
    );
    expect(stored.rows[0]?.score).toBe('50.00');
  });
});
