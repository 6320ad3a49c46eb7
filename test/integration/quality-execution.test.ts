import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { byName, counts, migrateCore, runRules } from './quality-harness.js';

/**
 * How rules are executed, seen from inside the rule's statement: a `where` can read the settings
 * its scan runs with (a row is in scope only when the setting holds).
 */
describeEachDatabase('rule execution', ({ db }) => {
  const parallel = "current_setting('max_parallel_workers_per_gather')";
  let serverDefault = '';

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE ex_t (id int PRIMARY KEY, v text);
      INSERT INTO ex_t SELECT g, 'v' || g FROM generate_series(1, 10) g;
      CREATE TABLE ex_ref (v text);
      INSERT INTO ex_ref SELECT 'v' || g FROM generate_series(1, 10) g;
    `);
    const res = await db().query<{ v: string }>(`SELECT ${parallel} AS v`);
    serverDefault = res.rows[0]!.v;
  });

  it('a fused scan with a subquery (unique, foreign_key) runs without parallel workers; a plain one keeps them', async () => {
    const serial = `${parallel} = '0'`;
    const run = await runRules(db(), [
      // Fused: not_null and unique share table and scope, so the scan holds unique's subquery.
      { name: 'fused_not_null', table: 'ex_t', column: 'v', check: 'not_null', where: serial },
      { name: 'fused_unique', table: 'ex_t', column: 'v', check: 'unique', where: serial },
      {
        name: 'alone_foreign_key',
        table: 'ex_t',
        column: 'v',
        check: 'foreign_key',
        references: { table: 'ex_ref', column: 'v' },
        where: `${serial} AND id > 0`,
      },
      {
        name: 'plain',
        table: 'ex_t',
        column: 'v',
        check: 'not_null',
        where: `${parallel} = '${serverDefault}'`,
      },
    ]);
    const results = byName(run);
    expect(counts(results.fused_not_null)).toBe('0/10');
    expect(counts(results.fused_unique)).toBe('0/10');
    expect(counts(results.alone_foreign_key)).toBe('0/10');
    expect(counts(results.plain)).toBe('0/10');
  });
});
