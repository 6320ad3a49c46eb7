import type { AlertBatch } from './alerting.js';
import type { DqConfig, SourceConfig } from './config.js';
import type { Database } from './database.js';
import type { GlossaryTerm, KpiDefinition } from './docs.js';
import type { Logger } from './logger.js';
import type { RuleCategory, RuleDefinition, Severity } from './quality.js';
import type { RunDiff } from './run-diff.js';
import type { DimensionSpec, FactLoader } from './warehouse.js';

/** A neutral chart model, independent of how it is drawn. */
export interface ChartModel {
  kind: 'bar' | 'horizontalBar' | 'line';
  title: string;
  labels: string[];
  /** One or more series; `colors` (one per value) overrides the renderer's palette. */
  series: { name: string; values: Array<number | null>; colors?: string[] }[];
  /** Axis range, e.g. 0-100 for scores. */
  min?: number;
  max?: number;
  /** Appended to value labels, e.g. `%`. */
  unit?: string;
  width?: number;
  height?: number;
}

/** A drawn chart. */
export interface RenderedChart {
  format: 'svg' | 'png';
  contentType: string;
  data: Buffer;
}

/** Draws a chart model as SVG or PNG. */
export interface ChartRenderer {
  /** `builtin`, `quickchart`, ...: the value of reporting.charts.renderer. */
  readonly name: string;
  readonly description?: string;
  /**
   * Draws `chart`. Text in the model (titles, labels) is user data: an SVG renderer escapes it,
   * so its output can be inlined into HTML as is.
   */
  render(chart: ChartModel, format: 'svg' | 'png', config: DqConfig): Promise<RenderedChart>;
}

/**
 * The status of one rule in a run, as stored in dq_test_results.test_status. LEARNING: a monitor
 * with too little history to judge yet (not a failure, not scored).
 */
export type ReportRuleStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'ERROR' | 'LEARNING';

/** The counts of a check run's scorecard (dq_scorecards), as `dq check` and the reports use them. */
export interface ScorecardTotals {
  rulesExecuted: number;
  rulesPassed: number;
  rulesWarned: number;
  rulesFailed: number;
  rulesErrored: number;
  recordsChecked: number;
  failedRecords: number;
}

/** The headline numbers of the reported check run (its dq_scorecards row). */
export interface ReportRun extends ScorecardTotals {
  runId: string;
  /** When the run's scorecard was written (ISO 8601). */
  finishedAt: string;
  /** When its first result was recorded (ISO 8601). */
  startedAt: string;
  /** The scorecard's report date, YYYY-MM-DD. */
  reportDate: string;
  /** Mean of the category scores; null when no category measured a row. */
  overall: number | null;
  /**
   * The run was filtered by rule, category, table or tag: it covers only some rules, is not part
   * of the trend and is never compared with a full run.
   */
  partial: boolean;
}

/** One category of the run's scorecard. */
export interface ReportCategory {
  category: string;
  description?: string;
  /** Record-weighted pass rate, or null (n/a) when no rule of it measured a row. */
  score: number | null;
  rulesExecuted: number;
  recordsChecked: number;
  failedRecords: number;
}

/** A sampled violating record (dq_exceptions). */
export interface ReportException {
  recordIdentifier: string | null;
  columnName: string | null;
  failedValue: string | null;
  expectedValue: string | null;
}

/** One rule's result in the reported run, with up to 10 sampled exceptions. */
export interface ReportResult {
  rule: string;
  description?: string;
  category: string;
  table: string;
  column?: string;
  check: string;
  severity: Severity;
  /** The rule's tags and owner (dq_rules). */
  tags?: string[];
  owner?: string;
  status: ReportRuleStatus;
  thresholdPct: number;
  /** Null when the rule could not run (ERROR). */
  scope: number | null;
  failed: number | null;
  failurePct: number | null;
  message: string;
  /**
   * How long the rule took (dq_test_results.execution_duration_ms; a fused scan's time is shared
   * among its rules); null when it was not recorded.
   */
  durationMs: number | null;
  /**
   * A monitor's result: `message` holds what it saw (`812 rows, expected 950-1,210, z -4.1,
   * 14 points`), which every report shows.
   */
  monitor?: boolean;
  exceptions: ReportException[];
}

/** One point of the overall-score trend. */
export interface ReportTrendPoint {
  runId: string;
  reportDate: string;
  finishedAt: string;
  overall: number | null;
}

/** Failures of the run summed per table. */
export interface ReportTableFailures {
  table: string;
  /** Rules on the table that ended FAILED or ERROR. */
  failedRules: number;
  /** Violating rows counted by the table's rules. */
  failedRecords: number;
}

/** Everything a run report shows, read from the dq_* tables. */
export interface ReportData {
  project: string;
  environment: string;
  /** When this report was produced (ISO 8601). */
  generatedAt: string;
  run: ReportRun;
  categories: ReportCategory[];
  /** Ordered worst first: ERROR, FAILED, WARNING, PASSED; then severity and name. */
  results: ReportResult[];
  /** The overall score of the last (up to 30) runs up to this one, oldest first. */
  trend: ReportTrendPoint[];
  failuresByTable: ReportTableFailures[];
  /** What changed since the previous comparable run: every report leads with it. */
  diff?: RunDiff;
}

/** What the model declares, for documentation: read from plugins, config and rule files. */
export interface ReportCatalog {
  dimensions: DimensionSpec[];
  factLoaders: FactLoader[];
  sources: SourceConfig[];
  rules: RuleDefinition[];
  categories: RuleCategory[];
  /** KPIs the plugins contribute (tokens.kpi). */
  kpis: KpiDefinition[];
  /** Business terms the plugins contribute (tokens.glossaryTerm). */
  glossary: GlossaryTerm[];
}

/** What a reporter gets: the run to report, where to find history, and the kernel's helpers. */
export interface ReportContext {
  db: Database;
  config: DqConfig;
  logger: Logger;
  /** The check run to report (defaults to the latest). */
  runId?: string;
  /** Reporter-specific options (e.g. `out`, `to`, `dryRun`). */
  options: Record<string, unknown>;
  /**
   * Reads the run (and its history) from the dq_* tables. Throws DQ_REPORT_FAILED when no check
   * has run yet.
   */
  loadData(): Promise<ReportData>;
  /** The configured chart renderer (reporting.charts.renderer). */
  charts(): ChartRenderer;
  /** Dimension specs, fact loaders, sources, rules, categories, KPIs and terms; needs no database. */
  catalog(): ReportCatalog;
  /**
   * For alert destinations (`webhook`, `slack`, `teams`, ...): the alerts routed to the
   * destination being delivered. Set by the alert engine, which de-duplicates and logs them.
   */
  alerts?: AlertBatch;
}

/** An artefact or delivery a reporter produced. */
export interface ReportOutput {
  /** Files written (absolute paths). */
  files: string[];
  /** A one-line summary for the CLI. */
  summary: string;
  /** Structured detail for `--json` (e.g. recipients, message id). */
  details?: Record<string, unknown>;
}

/** A reporter: turns a check run (and history) into an artefact or a delivery. */
export interface Reporter {
  /** `html`, `email`, `junit`, `json`, `docs`, ... */
  readonly name: string;
  readonly description?: string;
  report(ctx: ReportContext): Promise<ReportOutput>;
}
