import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { QualityEngine } from '@dq/core';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { checkKindFixture, migrateCore, ruleFolder, type TestRule } from './quality-harness.js';

describeEachDatabase('rules sync', ({ db }) => {
  const sync = async (dir: string) => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      plugins: [checkKindFixture],
      overrides: { 'quality.rules': dir },
    });
    try {
      return await runtime.kernel.build(QualityEngine).sync();
    } finally {
      await runtime.close();
    }
  };
  const state = async () =>
    (
      await db().query<{
        rule_name: string;
        version: number;
        is_active: boolean;
        content_hash: string;
        category: string;
      }>(
        `SELECT r.rule_name, r.version, r.is_active, r.content_hash, c.category_name AS category
           FROM dq_rules r JOIN dq_rule_categories c USING (category_id) ORDER BY r.rule_name`,
      )
    ).rows;
  const email: TestRule = {
    name: 'email_present',
    table: 'people',
    column: 'email',
    check: 'not_null',
    category: 'completeness',
  };
  const code: TestRule = {
    name: 'code_lower',
    table: 'people',
    column: 'code',
    check: 'lowercase',
    category: 'conformity',
  };

  beforeAll(() => migrateCore(db()));

  it('inserts rules with a sha256 content hash and syncs every registered category, custom ones included', async () => {
    const report = await sync(ruleFolder([email, code]));
    expect(report.inserted.sort()).toEqual(['code_lower', 'email_present']);
    expect(report.categories).toBe(8);
    const rows = await state();
    expect(rows.map((r) => [r.rule_name, r.version, r.is_active, r.category])).toEqual([
      ['code_lower', 1, true, 'conformity'],
      ['email_present', 1, true, 'completeness'],
    ]);
    expect(rows[0]!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const categories = await db().query<{ category_name: string }>(
      'SELECT category_name FROM dq_rule_categories ORDER BY 1',
    );
    expect(categories.rows.map((c) => c.category_name)).toContain('conformity');
    expect(categories.rows).toHaveLength(8);
  });

  it('keeps the version when nothing changed (even moved or reformatted), increments it when the content changes', async () => {
    const again = await sync(ruleFolder([code, email]));
    expect(again).toMatchObject({ inserted: [], updated: [], unchanged: 2, deactivated: [] });
    const changed = await sync(ruleFolder([{ ...email, where: 'email IS DISTINCT FROM NULL' }, code]));
    expect(changed.updated).toEqual(['email_present']);
    const rows = await state();
    expect(rows.find((r) => r.rule_name === 'email_present')?.version).toBe(2);
    expect(rows.find((r) => r.rule_name === 'code_lower')?.version).toBe(1);
  });

  it('marks rules whose file disappeared is_active = false, and brings them back when the file returns', async () => {
    const dir = ruleFolder([email]);
    writeFileSync(join(dir, 'more.json'), JSON.stringify({ category: 'validity', ...code }));
    await sync(dir);
    rmSync(join(dir, 'more.json'));
    const report = await sync(dir);
    expect(report.deactivated).toEqual(['code_lower']);
    expect((await state()).find((r) => r.rule_name === 'code_lower')?.is_active).toBe(false);
    writeFileSync(join(dir, 'more.json'), JSON.stringify({ ...code }));
    const back = await sync(dir);
    expect(back.updated).toEqual(['code_lower']);
    expect((await state()).find((r) => r.rule_name === 'code_lower')).toMatchObject({
      is_active: true,
      version: 1,
    });
  });
});
