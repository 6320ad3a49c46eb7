import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, provisionRuleRole, type ResolvedPlugin, type Runtime } from '@dq/core';
import { coreMigrations, Migrator } from '@dq/db';
import {
  type CheckKind,
  type Database,
  type DqPlugin,
  definePlugin,
  quoteIdent,
  type RuleCategory,
  tokens,
} from '@dq/plugin-api';
import { createTestKernel } from '../test-kernel.js';

/** The category the contract suites file their own rules under. */
export const CONTRACT_CATEGORY = 'contract_suite';

/** The role rules run as in the suites (the default of quality.ruleRole). */
export const CONTRACT_RULE_ROLE = 'dq_rule_reader';

/**
 * A check kind the suites put beside the rule under test: `violates: true` makes every row in
 * scope a violation, otherwise none is. A predicate, so the engine fuses it with the rule.
 */
const contractFlag: CheckKind = {
  name: 'contract_flag',
  description:
    'Every row in scope violates (violates: true) or none does: a companion rule of the contract suites',
  paramsSchema: { properties: { violates: { type: 'boolean' } } },
  compile: (rule) => ({
    mode: 'predicate',
    violation: rule.params.violates === true ? 'TRUE' : 'FALSE',
    failedValue: "'row'",
    expected: 'no violation',
  }),
};

const contractCategory: RuleCategory = {
  name: CONTRACT_CATEGORY,
  description: 'Rules the contract suites of @dq/testing run beside the plugin under test',
};

/** What the suites add to every kernel: their category and companion check kind. */
const supportPlugin = definePlugin({
  id: 'dq-contract-support',
  apiVersion: 1,
  description: 'Companions of the @dq/testing contract suites',
  register(reg) {
    reg.provideValue(tokens.ruleCategory, contractCategory);
    reg.provideValue(tokens.checkKind, contractFlag);
  },
});

/** A plugin as the kernel takes it: the default export of its package, and its options. */
export function resolved(plugin: DqPlugin, options: Record<string, unknown> = {}): ResolvedPlugin {
  return { plugin, options, origin: plugin.id };
}

/**
 * A kernel with the plugin under test, the plugins it needs, and the suites' companions; no
 * other built-in. Close it with `runtime.close()`.
 */
export function contractKernel(
  db: Database,
  plugins: readonly ResolvedPlugin[],
  overrides: Record<string, unknown> = {},
): Promise<Runtime> {
  const cwd = mkdtempSync(join(tmpdir(), 'dq-contract-'));
  return createTestKernel({
    database: db,
    builtins: [resolved(supportPlugin), ...plugins],
    cwd,
    overrides: { 'logging.dir': join(cwd, 'logs'), ...overrides },
  });
}

/**
 * Applies the core migrations (the dq_* tables) and provisions the read-only rule role, as
 * `dq db migrate` does. Call it again after creating tables: it grants them to the role.
 */
export async function migrateCore(db: Database): Promise<void> {
  const { logger, close } = await createLogger({ level: 'silent' });
  try {
    await new Migrator(db, logger).migrate([coreMigrations()]);
    await provisionRuleRole(db, { ruleRole: CONTRACT_RULE_ROLE });
  } finally {
    await close();
  }
}

/** Writes rules into a fresh folder (one JSON list file) and returns the folder. */
export function ruleFolder(rules: readonly Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-contract-rules-'));
  const full = rules.map((r) => ({ category: CONTRACT_CATEGORY, severity: 'warning', ...r }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(full, null, 2));
  return dir;
}

/** md5 of a table's rows in a stable order: equal before and after means nothing changed. */
export async function tableChecksum(db: Database, table: string): Promise<string> {
  const res = await db.query<{ n: number; c: string }>(
    `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS c FROM ${quoteIdent(table)} t`,
  );
  return `${res.rows[0]!.n}:${res.rows[0]!.c}`;
}
