import { QualityEngine } from '@dq/core';
import { type DqPlugin, type RuleCategory, tokens } from '@dq/plugin-api';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../describe-each-database.js';
import { contractKernel, migrateCore, resolved, ruleFolder } from './contract-kernel.js';

/**
 * The rule category contract, on PGlite and (with DATABASE_URL) PostgreSQL: the plugin provides
 * at least one category; each has a snake_case name (as rule files write it) and a description;
 * names are distinct; and a rule filed under each runs and is scored under it in the scorecard
 * (a passing rule scores 100, a failing one less).
 *
 * ```ts
 * ruleCategoryContract(plugin);
 * ```
 */
export function ruleCategoryContract(
  plugin: DqPlugin,
  options: { options?: Record<string, unknown> } = {},
): void {
  describeEachDatabase(`rule category contract of ${plugin.id}`, ({ db }) => {
    let categories: RuleCategory[] = [];
    const own = () => categories.filter((c) => c.name !== 'contract_suite');

    beforeAll(async () => {
      await migrateCore(db());
      await db().exec(
        'CREATE TABLE contract_things (id int PRIMARY KEY); INSERT INTO contract_things VALUES (1), (2);',
      );
      await migrateCore(db());
      const runtime = await contractKernel(db(), [resolved(plugin, options.options)]);
      try {
        categories = runtime.kernel.resolveAll<RuleCategory>(tokens.ruleCategory);
      } finally {
        await runtime.close();
      }
    });

    it('provides named, described, distinct categories', () => {
      expect(own().length).toBeGreaterThan(0);
      for (const c of own()) {
        expect(c.name, c.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(typeof c.description, c.name).toBe('string');
        expect(c.description.trim().length, `${c.name} has no description`).toBeGreaterThan(0);
      }
      const names = own().map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it('scores a rule filed under each category in the scorecard', async () => {
      const rules = own().flatMap((c) => [
        { name: `${c.name}_passes`, category: c.name, table: 'contract_things', check: 'contract_flag' },
      ]);
      const runtime = await contractKernel(db(), [resolved(plugin, options.options)], {
        'quality.rules': ruleFolder(rules),
      });
      try {
        const run = await runtime.kernel.build(QualityEngine).run();
        for (const c of own()) {
          const scored = run.scorecard.categories.find((s) => s.category === c.name);
          expect(scored, `${c.name} is not in the scorecard`).toMatchObject({
            score: 100,
            rulesExecuted: 1,
            recordsChecked: 2,
          });
        }
      } finally {
        await runtime.close();
      }
    });
  });
}
