/**
 * DI tokens of the kernel. Tokens are global symbols (`Symbol.for`) so that two copies of this
 * package, should they ever load, still agree on them.
 */
export const tokens = {
  /** The validated {@link DqConfig} (single). */
  config: Symbol.for('dq.config'),
  /** The {@link Logger} (single). */
  logger: Symbol.for('dq.logger'),
  /** The {@link Database} (single); connects lazily on first use. */
  database: Symbol.for('dq.database'),
  /** Sources: one per source kind (`csv`, `jsonl`, ...). Resolved as a list. */
  source: Symbol.for('dq.source'),
  /** SCD strategies: one per type (`type1`, `type2`, ...). Resolved as a list. */
  scdStrategy: Symbol.for('dq.scdStrategy'),
  /** Dimension specs that SCD strategies apply. Resolved as a list. */
  dimensionSpec: Symbol.for('dq.dimensionSpec'),
  /** Fact loaders, ordered by their declared dependencies. Resolved as a list. */
  factLoader: Symbol.for('dq.factLoader'),
  /** Rule categories (the seven quality dimensions and custom ones). Resolved as a list. */
  ruleCategory: Symbol.for('dq.ruleCategory'),
  /** Check kinds usable in rule files (`not_null`, `unique`, ...). Resolved as a list. */
  checkKind: Symbol.for('dq.checkKind'),
  /** Reporters (html, email, junit, json, docs, ...). Resolved as a list. */
  reporter: Symbol.for('dq.reporter'),
  /** Test-data generators (`dq generate`). Resolved as a list. */
  generator: Symbol.for('dq.generator'),
  /** Chart renderers (built-in offline SVG/PNG, QuickChart, ...). Resolved as a list. */
  chartRenderer: Symbol.for('dq.chartRenderer'),
  /** How warehouse tables are placed on Citus ({@link TableDistribution}). Resolved as a list. */
  tableDistribution: Symbol.for('dq.tableDistribution'),
  /** KPI definitions a domain plugin documents (kpis.md of `dq docs`). Resolved as a list. */
  kpi: Symbol.for('dq.kpi'),
  /** Business glossary terms a domain plugin documents (glossary.md). Resolved as a list. */
  glossaryTerm: Symbol.for('dq.glossaryTerm'),
} as const;

/** The name of a kernel token, e.g. `source`. */
export type TokenName = keyof typeof tokens;

/** Tokens that are resolved as lists: many plugins may provide an implementation. */
export const multiTokens: readonly TokenName[] = [
  'source',
  'scdStrategy',
  'dimensionSpec',
  'factLoader',
  'ruleCategory',
  'checkKind',
  'reporter',
  'chartRenderer',
  'generator',
  'tableDistribution',
  'kpi',
  'glossaryTerm',
];

/** Returns the name of a kernel token, or undefined for a foreign symbol. */
export function tokenName(token: symbol): TokenName | undefined {
  return (Object.keys(tokens) as TokenName[]).find((name) => tokens[name] === token);
}
