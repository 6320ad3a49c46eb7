/**
 * A KPI of the model, documented in kpis.md by `dq docs`. A domain plugin contributes its KPIs
 * with `reg.provideValue(tokens.kpi, kpi)`, one call per KPI.
 */
export interface KpiDefinition {
  /** Unique across plugins: two plugins documenting one KPI name is a conflict. */
  name: string;
  definition: string;
  /** A query that computes it on the warehouse; it must run as written. */
  sql: string;
  target: string;
  owner: string;
  frequency: string;
  dashboard?: string;
}

/**
 * A business term of the model, documented in glossary.md by `dq docs`. Contributed with
 * `reg.provideValue(tokens.glossaryTerm, term)`, one call per term.
 */
export interface GlossaryTerm {
  /** Unique across plugins. */
  term: string;
  /** The glossary section it is listed under (`Customer`, `Sales`, ...). */
  section: string;
  definition: string;
  formula?: string;
  rules?: string[];
  owner?: string;
  frequency?: string;
  related?: string[];
}
