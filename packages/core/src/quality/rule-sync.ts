import { isAbsolute, relative, resolve } from 'node:path';
import type { Database, RuleCategory, RuleDefinition, SqlExecutor } from '@dq/plugin-api';
import { missingTablesHint } from './missing-tables.js';
import { ruleContentHash } from './rule-hash.js';

/** What `dq rules sync` changed in dq_rules. */
export interface RuleSyncReport {
  categories: number;
  inserted: string[];
  /** Rules whose content changed (version incremented) or that came back after being removed. */
  updated: string[];
  unchanged: number;
  /** Rules whose file lay in a synced folder and that are no longer in it, now is_active = false. */
  deactivated: string[];
  /** rule_id by rule name, for every synced rule. */
  ruleIds: Map<string, number>;
}

const UPSERT_RULES = `
  INSERT INTO dq_rules (rule_name, rule_description, category_id, target_table, target_column, check_kind, params,
                        where_clause, rule_sql, severity, failure_threshold, tags, owner, source_file, content_hash)
  SELECT r->>'name', r->>'description',
         (SELECT category_id FROM dq_rule_categories WHERE category_name = r->>'category'),
         r->>'table', r->>'column', r->>'check', r->'params', r->>'where', r->>'sql', r->>'severity',
         (r->>'threshold')::numeric, ARRAY(SELECT jsonb_array_elements_text(r->'tags')), r->>'owner',
         r->>'source', r->>'hash'
    FROM jsonb_array_elements($1::jsonb) AS r
  ON CONFLICT (rule_name) DO UPDATE SET
    rule_description = EXCLUDED.rule_description, category_id = EXCLUDED.category_id,
    target_table = EXCLUDED.target_table, target_column = EXCLUDED.target_column,
    check_kind = EXCLUDED.check_kind, params = EXCLUDED.params, where_clause = EXCLUDED.where_clause,
    rule_sql = EXCLUDED.rule_sql, severity = EXCLUDED.severity, failure_threshold = EXCLUDED.failure_threshold,
    tags = EXCLUDED.tags, owner = EXCLUDED.owner, source_file = EXCLUDED.source_file,
    version = dq_rules.version + CASE WHEN dq_rules.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN 1 ELSE 0 END,
    updated_at = CASE WHEN dq_rules.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR NOT dq_rules.is_active
                      THEN now() ELSE dq_rules.updated_at END,
    content_hash = EXCLUDED.content_hash,
    is_active = TRUE
  RETURNING rule_id, rule_name`;

/** Options of {@link RuleSync.sync}. */
export interface SyncScope {
  /**
   * The folders (or files) the rules were read from. An active rule whose source file lies in one
   * of them and that is not among the synced rules is deactivated; rules from anywhere else are
   * left alone. Without it nothing is deactivated (`dq check` upserting the rules it runs).
   */
  deactivateWithin?: readonly string[];
}

/**
 * Upserts rules into dq_rules by rule_name in one transaction: a changed content_hash increments
 * `version`; rules gone from the synced folders become is_active = false (their history stays).
 * The registered rule categories are synced into dq_rule_categories first.
 */
export class RuleSync {
  constructor(private readonly db: Database) {}

  async sync(
    rules: readonly RuleDefinition[],
    categories: readonly RuleCategory[],
    scope: SyncScope = {},
  ): Promise<RuleSyncReport> {
    try {
      return await this.db.transaction((tx) => this.run(tx, rules, categories, scope));
    } catch (err) {
      throw missingTablesHint(err);
    }
  }

  private async run(
    tx: SqlExecutor,
    rules: readonly RuleDefinition[],
    categories: readonly RuleCategory[],
    scope: SyncScope,
  ): Promise<RuleSyncReport> {
    await tx.query(
      `INSERT INTO dq_rule_categories (category_name, description)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (category_name) DO UPDATE SET description = EXCLUDED.description`,
      [categories.map((c) => c.name), categories.map((c) => c.description)],
    );
    const before = await tx.query<{
      rule_name: string;
      content_hash: string | null;
      is_active: boolean;
      source_file: string | null;
    }>('SELECT rule_name, content_hash, is_active, source_file FROM dq_rules');
    const previous = new Map(before.rows.map((r) => [r.rule_name, r]));
    const rows = rules.map((rule) => ({
      name: rule.name,
      description: rule.description,
      category: rule.category,
      table: rule.table,
      column: rule.column,
      check: rule.check,
      params: rule.params,
      where: rule.where,
      sql: typeof rule.params.sql === 'string' ? rule.params.sql : undefined,
      severity: rule.severity,
      threshold: rule.thresholdPct,
      tags: rule.tags,
      owner: rule.owner,
      source: rule.source?.file,
      hash: ruleContentHash(rule),
    }));
    const report: RuleSyncReport = {
      categories: categories.length,
      inserted: [],
      updated: [],
      unchanged: 0,
      deactivated: [],
      ruleIds: new Map(),
    };
    if (rows.length > 0) {
      const upserted = await tx.query<{ rule_id: number; rule_name: string }>(UPSERT_RULES, [
        JSON.stringify(rows),
      ]);
      for (const r of upserted.rows) report.ruleIds.set(r.rule_name, r.rule_id);
    }
    for (const row of rows) {
      const old = previous.get(row.name);
      if (!old) report.inserted.push(row.name);
      else if (old.content_hash !== row.hash || !old.is_active) report.updated.push(row.name);
      else report.unchanged++;
    }
    const within = scope.deactivateWithin;
    if (within && within.length > 0) {
      const synced = new Set(rows.map((r) => r.name));
      const gone = before.rows
        .filter((r) => r.is_active && !synced.has(r.rule_name) && isWithin(r.source_file, within))
        .map((r) => r.rule_name);
      if (gone.length > 0) {
        await tx.query(
          'UPDATE dq_rules SET is_active = FALSE, updated_at = now() WHERE rule_name = ANY($1::text[])',
          [gone],
        );
      }
      report.deactivated = gone.sort();
    }
    return report;
  }
}

/** True when `file` (as stored: absolute, or relative to the working directory) lies in one of `roots`. */
function isWithin(file: string | null, roots: readonly string[]): boolean {
  if (!file) return false;
  const absolute = resolve(file);
  return roots.some((root) => {
    const rel = relative(resolve(root), absolute);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}
