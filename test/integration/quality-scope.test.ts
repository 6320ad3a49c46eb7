import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { type CheckOptions, QualityEngine, ReportDataLoader } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { migrateCore, type TestRule } from './quality-harness.js';

/**
 * `dq check` changes dq_rules only for the rules it runs; sync deactivates only within the folder
 * it synced; a filtered run is partial and stays out of the trend.
 */
describeEachDatabase('rule scope and partial runs', ({ db }) => {
  const rule = (name: string, column: string): TestRule => ({
    name,
    table: 'people',
    column,
    check: 'not_null',
    category: 'completeness',
    severity: 'warning',
  });
  const production = [
    rule('email_present', 'email'),
    rule('phone_present', 'phone'),
    rule('name_present', 'name'),
  ];

  /** A rules folder with one file per rule. */
  const folder = (rules: readonly TestRule[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'dq-scope-'));
    for (const r of rules) writeFileSync(join(dir, `${r.name}.json`), JSON.stringify(r));
    return dir;
  };
  const withEngine = async <T>(rulesDir: string, fn: (engine: QualityEngine) => Promise<T>) => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { 'quality.rules': rulesDir },
    });
    try {
      return await fn(runtime.kernel.build(QualityEngine));
    } finally {
      await runtime.close();
    }
  };
  const check = (dir: string, options: CheckOptions = {}) => withEngine(dir, (e) => e.run(options));
  const active = async () =>
    (
      await db().query<{ rule_name: string }>(
        'SELECT rule_name FROM dq_rules WHERE is_active ORDER BY rule_name',
      )
    ).rows.map((r) => r.rule_name);

  let productionDir = '';
  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`CREATE TABLE people (id int PRIMARY KEY, email text, phone text, name text);
      INSERT INTO people VALUES (1, 'a@x', NULL, 'A'), (2, NULL, '555', 'B');`);
    productionDir = folder(production);
    await withEngine(productionDir, (e) => e.sync());
  });

  it('dq check --rule X on a folder holding one file leaves every other rule active', async () => {
    const branch = folder([{ ...production[0]!, description: 'edited on a branch' }]);
    const run = await check(branch, { rules: ['email_present'] });
    expect(run.results.map((r) => r.rule)).toEqual(['email_present']);
    expect(run.partial).toBe(true);
    expect(run.sync.deactivated).toEqual([]);
    expect(await active()).toEqual(['email_present', 'name_present', 'phone_present']);
    // a full run from that folder (no filter) still deactivates nothing
    const full = await check(branch);
    expect(full.partial).toBe(false);
    expect(await active()).toEqual(['email_present', 'name_present', 'phone_present']);
  });

  it('sync (dq rules sync, dq check --sync) deactivates only rules whose file was in the synced folder', async () => {
    const teamB = folder([rule('team_b_rule', 'email')]);
    await withEngine(teamB, (e) => e.sync());
    expect(await active()).toEqual(['email_present', 'name_present', 'phone_present', 'team_b_rule']);
    // the production folder loses a file: only that rule goes, team B's rule stays
    rmSync(join(productionDir, 'name_present.json'));
    const report = await withEngine(productionDir, (e) => e.sync());
    expect(report.deactivated).toEqual(['name_present']);
    expect(await active()).toEqual(['email_present', 'phone_present', 'team_b_rule']);
    // dq check --sync on team B's folder, which replaced its rule, deactivates that one only
    rmSync(join(teamB, 'team_b_rule.json'));
    writeFileSync(join(teamB, 'team_b_new.json'), JSON.stringify(rule('team_b_new', 'phone')));
    const run = await check(teamB, { sync: true });
    expect(run.sync.deactivated).toEqual(['team_b_rule']);
    expect(await active()).toEqual(['email_present', 'phone_present', 'team_b_new']);
    // and an explicit path: dq rules sync PATH
    writeFileSync(join(productionDir, 'name_present.json'), JSON.stringify(production[2]));
    const back = await withEngine(teamB, (e) => e.sync([productionDir]));
    expect(back.updated).toEqual(['name_present']);
    expect(await active()).toEqual(['email_present', 'name_present', 'phone_present', 'team_b_new']);
  });

  it('a partial run is recorded as partial and kept out of the trend', async () => {
    const full1 = await check(productionDir);
    const partial = await check(productionDir, { rules: ['phone_present'] });
    const full2 = await check(productionDir);
    const runs = await db().query<{
      run_id: string;
      is_partial: boolean;
      selection: unknown;
      finished: boolean;
    }>(
      `SELECT c.run_id, c.is_partial, c.selection, c.finished_at IS NOT NULL AS finished
         FROM dq_check_runs c WHERE c.run_id = ANY($1::text[])`,
      [[full1.runId, partial.runId, full2.runId]],
    );
    const byId = new Map(runs.rows.map((r) => [r.run_id, r]));
    expect(byId.get(partial.runId)).toMatchObject({
      is_partial: true,
      selection: { rules: ['phone_present'] },
      finished: true,
    });
    expect(byId.get(full1.runId)).toMatchObject({ is_partial: false, selection: {} });
    const card = await db().query<{ is_partial: boolean }>(
      'SELECT is_partial FROM dq_scorecards WHERE run_id = $1',
      [partial.runId],
    );
    expect(card.rows[0]?.is_partial).toBe(true);

    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    try {
      const data = await new ReportDataLoader(db(), runtime.kernel.config).load(full2.runId);
      const trendIds = data.trend.map((t) => t.runId);
      expect(trendIds).toContain(full1.runId);
      expect(trendIds).toContain(full2.runId);
      expect(trendIds).not.toContain(partial.runId);
      const partialData = await new ReportDataLoader(db(), runtime.kernel.config).load(partial.runId);
      expect(partialData.run.partial).toBe(true);
      expect(partialData.trend.map((t) => t.runId)).not.toContain(partial.runId);
    } finally {
      await runtime.close();
    }
  });
});
