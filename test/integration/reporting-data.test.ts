import { builtinPlugins } from '@dq/builtins';
import { ReportDataLoader, ReportService } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { migrateCore, runRules, type TestRule } from './quality-harness.js';

const RULES: TestRule[] = [
  {
    name: 'rd_id_present',
    category: 'completeness',
    table: 'rd_people',
    column: 'id',
    check: 'not_null',
    severity: 'critical',
  },
  {
    name: 'rd_phone_format',
    category: 'validity',
    table: 'rd_people',
    column: 'phone',
    check: 'regex',
    pattern: '^[0-9]{3}-[0-9]{4}$',
    threshold: '5%',
  },
  {
    name: 'rd_broken',
    category: 'accuracy',
    table: 'rd_people',
    check: 'sql',
    sql: 'SELECT nope FROM rd_people',
  },
];

/** The report-data loader reads runs, results, exceptions and history back from the dq_* tables. */
describeEachDatabase('reporting data', ({ db }) => {
  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE rd_people (id int PRIMARY KEY, phone text);
      INSERT INTO rd_people SELECT g, CASE WHEN g % 2 = 0 THEN '555-0100' ELSE '<b>' || g END FROM generate_series(1, 40) g;
    `);
  });

  it('fails with a clear DQ_REPORT_FAILED before any check has run', async () => {
    const config = { project: { name: 'p', environment: 'test' } } as never;
    await expect(new ReportDataLoader(db(), config).load()).rejects.toMatchObject({
      code: 'DQ_REPORT_FAILED',
      hint: expect.stringContaining('dq check'),
    });
  });

  it('loads the latest run: counts, results worst first, up to 10 exceptions, trend and failures by table', async () => {
    const first = await runRules(db(), RULES);
    const second = await runRules(db(), RULES);
    const config = { project: { name: 'Retail DW', environment: 'test' } } as never;
    const data = await new ReportDataLoader(db(), config).load();
    expect(data.run.runId).toBe(second.runId);
    expect(data.run).toMatchObject({ rulesExecuted: 3, rulesPassed: 1, rulesFailed: 1, rulesErrored: 1 });
    expect(data.run.overall).toBeCloseTo(second.scorecard.overall ?? Number.NaN, 2);
    expect(data.results.map((r) => [r.rule, r.status])).toEqual([
      ['rd_broken', 'ERROR'],
      ['rd_phone_format', 'FAILED'],
      ['rd_id_present', 'PASSED'],
    ]);
    const phone = data.results[1]!;
    expect(phone).toMatchObject({ scope: 40, failed: 20, failurePct: 50, thresholdPct: 5, column: 'phone' });
    expect(phone.exceptions).toHaveLength(10);
    expect(phone.exceptions[0]).toMatchObject({
      columnName: 'phone',
      failedValue: expect.stringMatching(/^<b>/),
    });
    expect(data.trend.map((t) => t.runId).slice(-2)).toEqual([first.runId, second.runId]);
    expect(data.failuresByTable).toEqual([{ table: 'rd_people', failedRules: 2, failedRecords: 20 }]);
    expect(data.categories.find((c) => c.category === 'validity')).toMatchObject({
      score: 50,
      rulesExecuted: 1,
    });

    const older = await new ReportDataLoader(db(), config).load(first.runId);
    expect(older.run.runId).toBe(first.runId);
    expect(older.trend.at(-1)?.runId).toBe(first.runId);
  });

  it('resolves reporters and the configured chart renderer by name through the kernel', async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    try {
      const service = runtime.kernel.build(ReportService);
      expect(service.reporters().map((r) => r.name)).toEqual(
        expect.arrayContaining(['html', 'email', 'docs']),
      );
      expect(service.chartRenderer().name).toBe('builtin');
      expect(() => service.reporter('pdf')).toThrow(/No reporter "pdf"/);
    } finally {
      await runtime.close();
    }
  });

  it('selects the QuickChart renderer only when reporting.charts.renderer says quickchart', async () => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: {
        'reporting.charts.renderer': 'quickchart',
        'reporting.charts.quickchart.host': 'https://quickchart.example.internal',
      },
    });
    try {
      expect(runtime.kernel.config.reporting.charts.quickchart?.host).toBe(
        'https://quickchart.example.internal',
      );
      expect(runtime.kernel.build(ReportService).chartRenderer().name).toBe('quickchart');
    } finally {
      await runtime.close();
    }
  });
});
