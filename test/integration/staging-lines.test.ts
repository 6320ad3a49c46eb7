import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, ReportService } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { migrateCore, runRulesWithReport } from './quality-harness.js';

describeEachDatabase('A rule on a staging table names its failing records by file and line', ({ db }) => {
  beforeAll(async () => {
    await migrateCore(db());
    const dir = mkdtempSync(join(tmpdir(), 'dq-lines-'));
    writeFileSync(
      join(dir, 'shops_20260101.csv'),
      'shop_id,city,email\nS1,Oslo,a@x.no\nS2,,b@x.no\n"S3","Ber\ngen",\nS1,Bod,d@x.no\n',
    );
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: {
        sources: [
          { name: 'shops', kind: 'csv', path: dir, pattern: 'shops_*.csv', table: 'stg_shops', mode: 'full' },
        ],
      },
    });
    try {
      const { results } = await runtime.kernel.build(IngestEngine).load();
      expect(results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 4 });
    } finally {
      await runtime.close();
    }
    await migrateCore(db()); // grants the new table to the rule role
  });

  it('dq_exceptions and the HTML report list file:line (and the key a unique rule names)', async () => {
    const { run, html } = await runRulesWithReport(db(), [
      {
        name: 'shop_city_present',
        table: 'stg_shops',
        column: 'city',
        check: 'not_null',
        category: 'completeness',
      },
      {
        name: 'shop_email_present',
        table: 'stg_shops',
        column: 'email',
        check: 'not_null',
        category: 'completeness',
      },
      {
        name: 'shop_id_unique',
        table: 'stg_shops',
        column: 'shop_id',
        check: 'unique',
        category: 'uniqueness',
      },
    ]);
    const ids = async (rule: string) =>
      (
        await db().query<{ record_identifier: string }>(
          `SELECT e.record_identifier FROM dq_exceptions e JOIN dq_rules r USING (rule_id)
            WHERE r.rule_name = $1 AND e.result_id IN (SELECT result_id FROM dq_test_results WHERE run_id = $2)
            ORDER BY 1`,
          [rule, run.runId],
        )
      ).rows.map((r) => r.record_identifier);
    expect(await ids('shop_city_present')).toEqual(['shops_20260101.csv:3']);
    // A record whose quoted field spans two lines is named by its first line.
    expect(await ids('shop_email_present')).toEqual(['shops_20260101.csv:4']);
    expect(await ids('shop_id_unique')).toEqual([
      'shops_20260101.csv:2 shop_id=S1',
      'shops_20260101.csv:6 shop_id=S1',
    ]);
    expect(html).toContain('shops_20260101.csv:3');

    // The e-mail names the first failing records of each rule that needs attention.
    const eml = join(mkdtempSync(join(tmpdir(), 'dq-eml-')), 'scorecard.eml');
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { 'reporting.html.outDir': mkdtempSync(join(tmpdir(), 'dq-report-')) },
    });
    try {
      await runtime.kernel.build(ReportService).run('email', { runId: run.runId, options: { dryRun: eml } });
    } finally {
      await runtime.close();
    }
    const message = readFileSync(eml, 'utf8').replace(/=\r?\n/g, '');
    expect(message).toContain('first failing: shops_20260101.csv:3');
  });
});
