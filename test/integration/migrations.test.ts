import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreMigrations, Migrator } from '@dq/db';
import { describeEachDatabase } from '@dq/testing';
import { expect, it } from 'vitest';

const CORE_TABLES = [
  'stg_audit_log',
  'stg_rejects',
  'stg_data_profile',
  'dq_rule_categories',
  'dq_rules',
  'dq_test_results',
  'dq_exceptions',
  'dq_scorecards',
  'dq_scorecard_categories',
  'dq_metric_history',
  'dq_check_runs',
];

/** How many core migrations the repository holds (its drizzle journal). */
const coreCount = (
  JSON.parse(readFileSync(join(coreMigrations().dir, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

/** A plugin's migration folder in drizzle-kit's layout. */
function pluginMigrations(statements: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-plugin-mig-'));
  mkdirSync(join(dir, 'meta'));
  const entries = statements.map((sql, idx) => {
    const tag = `000${idx}_step`;
    writeFileSync(join(dir, `${tag}.sql`), sql);
    return { idx, version: '7', when: idx, tag, breakpoints: true };
  });
  writeFileSync(
    join(dir, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
  return dir;
}

describeEachDatabase('Migrator', ({ db }) => {
  const pluginDir = pluginMigrations([
    'CREATE TABLE stg_example (id text, load_id bigint);\n--> statement-breakpoint\nCREATE INDEX stg_example_idx ON stg_example (id);',
    'ALTER TABLE stg_example ADD COLUMN note text;',
  ]);

  const tables = async () =>
    (
      await db().query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      )
    ).rows.map((r) => r.table_name);

  it('creates the core tables, then the plugin tables', async () => {
    const report = await new Migrator(db()).migrate([
      coreMigrations(),
      { source: 'example', dir: pluginDir },
    ]);
    expect(report.applied.map((m) => m.source)).toEqual([
      ...Array<string>(coreCount).fill('core'),
      'example',
      'example',
    ]);
    const present = await tables();
    for (const table of [...CORE_TABLES, 'stg_example']) expect(present).toContain(table);
    const cols = await db().query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'stg_example' ORDER BY ordinal_position",
    );
    expect(cols.rows.map((c) => c.column_name)).toEqual(['id', 'load_id', 'note']);
  });

  it('is a no-op the second time: nothing applied, no table changed', async () => {
    const before = await tables();
    const report = await new Migrator(db()).migrate([
      coreMigrations(),
      { source: 'example', dir: pluginDir },
    ]);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(coreCount + 2);
    expect(await tables()).toEqual(before);
    expect(
      await new Migrator(db()).pending([coreMigrations(), { source: 'example', dir: pluginDir }]),
    ).toEqual([]);
  });

  it('rolls back a failing migration whole and names it', async () => {
    const broken = pluginMigrations([
      'CREATE TABLE half_done (id int);\n--> statement-breakpoint\nSELECT * FROM missing_table;',
    ]);
    await expect(new Migrator(db()).migrate([{ source: 'broken', dir: broken }])).rejects.toThrow(
      /Migration broken\/0000_step failed: .*missing_table/,
    );
    expect(await tables()).not.toContain('half_done');
    expect(await new Migrator(db()).pending([{ source: 'broken', dir: broken }])).toHaveLength(1);
  });
});
