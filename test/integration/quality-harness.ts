import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import {
  type CheckOptions,
  type CheckRun,
  createLogger,
  provisionRuleRole,
  QualityEngine,
  ReportService,
  type RuleResult,
} from '@dq/core';
import { coreMigrations, Migrator } from '@dq/db';
import type { Database } from '@dq/plugin-api';
import { createTestKernel } from '@dq/testing';

/** A rule as a test writes it: the common fields get defaults. */
export type TestRule = Record<string, unknown> & { name: string; table: string; check: string };

/** The fixture plugin that adds a check kind and a category from outside. */
export const checkKindFixture = join(import.meta.dirname, '../fixtures/plugin-check-kind');

/** The role rules run as in tests (the default of quality.ruleRole). */
export const RULE_ROLE = 'dq_rule_reader';

/**
 * Applies the core migrations (the dq_* tables) to a test database and provisions the rule role,
 * as `dq db migrate` does. Call it again after creating tables (it grants them to the role).
 */
export async function migrateCore(db: Database): Promise<void> {
  const { logger, close } = await createLogger({ level: 'silent' });
  try {
    await new Migrator(db, logger).migrate([coreMigrations()]);
    await provisionRuleRole(db, { ruleRole: RULE_ROLE });
  } finally {
    await close();
  }
}

/** Writes rules into a fresh folder (a JSON list file) and returns the folder. */
export function ruleFolder(rules: readonly TestRule[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-rules-'));
  const full = rules.map((r) => ({ category: 'validity', severity: 'warning', ...r }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(full, null, 2));
  return dir;
}

/** Options of {@link runRules}. */
export interface RunRulesOptions extends CheckOptions {
  overrides?: Record<string, unknown>;
  plugins?: string[];
}

/** Runs `rules` through the quality engine of a test kernel (built-in plugins) on `db`. */
export async function runRules(
  db: Database,
  rules: readonly TestRule[],
  options: RunRulesOptions = {},
): Promise<CheckRun> {
  const { overrides, plugins, ...filters } = options;
  const runtime = await createTestKernel({
    database: db,
    builtins: builtinPlugins(),
    ...(plugins ? { plugins } : {}),
    overrides: { 'quality.rules': ruleFolder(rules), ...overrides },
  });
  try {
    return await runtime.kernel.build(QualityEngine).run(filters);
  } finally {
    await runtime.close();
  }
}

/** Runs `rules` like {@link runRules}, then writes the HTML report of that run; returns both. */
export async function runRulesWithReport(
  db: Database,
  rules: readonly TestRule[],
  options: RunRulesOptions = {},
): Promise<{ run: CheckRun; html: string }> {
  const { overrides, plugins, ...filters } = options;
  const out = mkdtempSync(join(tmpdir(), 'dq-report-'));
  const runtime = await createTestKernel({
    database: db,
    builtins: builtinPlugins(),
    ...(plugins ? { plugins } : {}),
    overrides: { 'quality.rules': ruleFolder(rules), 'reporting.html.outDir': out, ...overrides },
  });
  try {
    const run = await runtime.kernel.build(QualityEngine).run(filters);
    const report = await runtime.kernel.build(ReportService).run('html', { runId: run.runId });
    return { run, html: readFileSync(report.files[0]!, 'utf8') };
  } finally {
    await runtime.close();
  }
}

/** The results of a run by rule name. */
export function byName(run: CheckRun): Record<string, RuleResult> {
  return Object.fromEntries(run.results.map((r) => [r.rule, r]));
}

/** `failed/scope` of a result, or its status when it could not run (for compact assertions). */
export function counts(result: RuleResult | undefined): string {
  if (!result) return 'missing';
  return result.status === 'ERROR' ? `ERROR: ${result.message}` : `${result.failed}/${result.scope}`;
}
