import { listIssues } from '@dq/core';
import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { migrateCore, ruleFolder, runRules, type TestRule } from './quality-harness.js';

const RULES: TestRule[] = [
  {
    name: 'iss_email',
    category: 'completeness',
    table: 'iss_people',
    column: 'email',
    check: 'not_null',
    severity: 'critical',
  },
  {
    name: 'iss_age',
    category: 'validity',
    table: 'iss_people',
    column: 'age',
    check: 'between',
    min: 0,
    max: 120,
    threshold: '25%',
  },
  { name: 'iss_heap_email', category: 'completeness', table: 'iss_heap', column: 'email', check: 'not_null' },
];

/** Issues follow rules across runs; the diff compares a run with the previous comparable one. */
describeEachDatabase('issues and run diffs', ({ db }) => {
  const rules = ruleFolder(RULES);
  const run = (options: Parameters<typeof runRules>[2] = {}) =>
    runRules(db(), RULES, { ...options, overrides: { 'quality.rules': rules, ...options.overrides } });

  beforeAll(async () => {
    await db().exec(`
      CREATE TABLE iss_people (id int PRIMARY KEY, email text, age int);
      INSERT INTO iss_people SELECT g, CASE WHEN g <= 3 THEN NULL ELSE 'p' || g || '@x.io' END, 30 FROM generate_series(1, 10) g;
      UPDATE iss_people SET age = 200 WHERE id = 10;
      CREATE TABLE iss_heap (email text);
      INSERT INTO iss_heap VALUES (NULL), ('a@b.c');
    `);
    await migrateCore(db());
  });

  it('opens, continues and closes one issue per rule, with counts, and counts fixed records by key', async () => {
    const first = await run();
    expect(first.diff.previous).toBeNull();
    expect(first.diff.newFailures.map((e) => e.rule).sort()).toEqual([
      'iss_age',
      'iss_email',
      'iss_heap_email',
    ]);
    expect(first.diff.headline).toMatch(/ \(first run\), 3 new failures$/);
    expect(first.diff.newFailures.find((e) => e.rule === 'iss_email')).toMatchObject({
      newRecords: 3,
      fixedRecords: 0,
    });

    // Two of the three fixed, one newly broken; the age rule goes from WARNING to FAILED.
    await db().exec(`UPDATE iss_people SET email = 'ok@x.io' WHERE id IN (1, 2);
                     UPDATE iss_people SET email = NULL WHERE id = 4;
                     UPDATE iss_people SET age = -1 WHERE id IN (8, 9)`);
    const second = await run();
    expect(second.diff.previous?.runId).toBe(first.runId);
    expect(second.diff.newFailures).toEqual([]);
    expect(second.diff.escalations.map((e) => [e.rule, e.previousStatus, e.status])).toEqual([
      ['iss_age', 'WARNING', 'FAILED'],
    ]);
    const email = second.diff.stillFailing.find((e) => e.rule === 'iss_email');
    expect(email).toMatchObject({
      status: 'FAILED',
      failed: 2,
      previousFailed: 3,
      newRecords: 1,
      fixedRecords: 2,
      daysFailing: 0,
    });
    expect(second.diff.records).toMatchObject({ exact: true });
    // A table without a key: its rows' ctids change on update, so its records are not followed.
    expect(second.diff.stillFailing.find((e) => e.rule === 'iss_heap_email')?.newRecords).toBeUndefined();

    await db().exec(`UPDATE iss_people SET email = 'ok@x.io' WHERE email IS NULL`);
    const third = await run();
    expect(third.diff.recoveries.map((e) => e.rule)).toEqual(['iss_email']);
    expect(third.diff.recoveries[0]).toMatchObject({ fixedRecords: 2, newRecords: 0 });
    expect(third.diff.headline).toMatch(/, 1 recovered$/);

    const [issue, ...others] = await listIssues(db(), { rules: ['iss_email'] });
    expect(others).toEqual([]);
    expect(issue).toMatchObject({
      state: 'closed',
      openedRunId: first.runId,
      lastRunId: third.runId,
      closedRunId: third.runId,
      firstStatus: 'FAILED',
      worstStatus: 'FAILED',
      lastStatus: 'PASSED',
      runsFailing: 2,
      counts: { opened: { failed: 3, scope: 10 }, latest: { failed: 0, scope: 10 }, max: 3 },
      records: { tracked: true, seen: 4, failing: 0, fixed: 4 },
    });
    expect(issue!.closedAt).not.toBeNull();
    const age = await listIssues(db(), { rules: ['iss_age'], open: true });
    expect(age).toMatchObject([
      { state: 'open', firstStatus: 'WARNING', worstStatus: 'FAILED', runsFailing: 3 },
    ]);

    // Failing again after it closed opens a new issue; the closed one stays closed.
    await db().exec(`UPDATE iss_people SET email = NULL WHERE id = 5`);
    const fourth = await run();
    expect(fourth.diff.newFailures.map((e) => e.rule)).toEqual(['iss_email']);
    const all = await listIssues(db(), { rules: ['iss_email'] });
    expect(all.map((i) => [i.state, i.openedRunId])).toEqual([
      ['open', fourth.runId],
      ['closed', first.runId],
    ]);
  });

  it('compares a partial run only with partial runs of the same selection, and a full run only with full runs', async () => {
    const full = await run();
    const partial = await run({ rules: ['iss_email'] });
    expect(partial.partial).toBe(true);
    expect(partial.diff.partial).toBe(true);
    expect(partial.diff.previous).toBeNull();
    const partialAgain = await run({ rules: ['iss_email'] });
    expect(partialAgain.diff.previous?.runId).toBe(partial.runId);
    const otherSelection = await run({ rules: ['iss_age'] });
    expect(otherSelection.diff.previous).toBeNull();
    const fullAgain = await run();
    expect(fullAgain.diff.previous?.runId).toBe(full.runId);
  });

  it('does not count a record as fixed when the sample did not hold every failing row', async () => {
    await db().exec(`UPDATE iss_people SET email = NULL WHERE id IN (1, 2, 3)`);
    const sampled = { overrides: { 'quality.exceptionSampleLimit': 1 } };
    await run(sampled);
    const next = await run(sampled);
    expect(next.diff.records.exact).toBe(false);
    const email = [...next.diff.stillFailing, ...next.diff.newFailures].find((e) => e.rule === 'iss_email');
    expect(email?.fixedRecords).toBe(0);
  });
});
