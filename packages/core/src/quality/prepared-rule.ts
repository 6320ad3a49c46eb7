import type { CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';
import { compileContext } from './compile-context.js';
import { StatementBinder } from './statement-binder.js';
import type { TableInfo } from './table-catalog.js';

/** A rule ready to run: its dq_rules id, check kind and table. */
export interface PreparedRule {
  rule: RuleDefinition;
  ruleId: number;
  kind: CheckKind;
  table: TableInfo;
  /** Row estimates of the database's tables (TableCatalog.rowEstimates). */
  rowEstimates?: ReadonlyMap<string, number>;
  /** The run's `--as-of` instant ("now" for the checks that depend on it); absent: now(). */
  asOf?: Date;
}

/** A compiled rule with the binder its SQL was built with. */
export interface CompiledRule {
  compiled: CompiledCheck;
  binder: StatementBinder;
  ctx: ReturnType<typeof compileContext>;
}

/** Compiles a rule for a new statement (check kinds are pure, so this can be done per statement). */
export function compileRule(prepared: PreparedRule, binder = new StatementBinder()): CompiledRule {
  const ctx = compileContext(
    prepared.table,
    prepared.rule.where,
    binder,
    prepared.rowEstimates,
    prepared.asOf,
    namedKey(prepared.rule),
  );
  return { compiled: prepared.kind.compile(prepared.rule, ctx), binder, ctx };
}

/** The key columns a rule names (a `unique` rule's column or columns): shown beside file:line. */
function namedKey(rule: RuleDefinition): string[] | undefined {
  if (rule.check !== 'unique') return undefined;
  const columns = rule.params.columns;
  if (Array.isArray(columns) && columns.every((c) => typeof c === 'string')) return columns as string[];
  return rule.column ? [rule.column] : undefined;
}

/** Rules of the same table and the same scope share one scan: this is their key. */
export function scanKey(prepared: PreparedRule): string {
  return `${prepared.table.quoted}\u0000${(prepared.rule.where ?? '').trim().replace(/\s+/g, ' ')}`;
}
