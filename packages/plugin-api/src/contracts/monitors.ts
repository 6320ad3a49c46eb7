import type { SqlExecutor } from './database.js';
import type { ExceptionSample, Severity } from './quality.js';

/** The unit of a monitor's time buckets. */
export type BucketUnit = 'day' | 'hour';

/**
 * One value a monitor measures from its table: a SQL aggregate over the rows of a bucket (or of
 * the whole scope, per run). The engine fuses the metrics of every monitor on the same table,
 * scope and bucketing into one scan (`GROUP BY` the bucket), run as the read-only rule role.
 */
export interface MonitorMetric {
  /** `row_count`, `null_percent`, ...: the key in dq_metric_history. */
  name: string;
  /** The measured column ('' or absent for a table metric). */
  column?: string;
  /** SQL aggregate over the scanned rows (qualified columns, bound values), e.g. `count(*)`. */
  aggregate: string;
  /** The value of a bucket under test that has no row at all (`row_count`: 0); default null. */
  emptyValue?: number;
}

/** A column of a table as a schema snapshot holds it. */
export interface SnapshotColumn {
  name: string;
  /** The type as `format_type` prints it: `text`, `numeric(12,2)`. */
  type: string;
  nullable: boolean;
}

/** A table's columns at one run; `exists` false when the table was missing. */
export interface TableSnapshot {
  exists: boolean;
  columns: SnapshotColumn[];
}

/**
 * A staging load that refused a file because its header no longer matched the table (the load
 * failed; the staged rows are those of the previous file).
 */
export interface RefusedHeader {
  file: string;
  message: string;
  /** Columns of the table the file's header lacked, and names it had that the table has not. */
  missing: string[];
  unexpected: string[];
}

/** What a monitor's `judge` gets: its measured value, the bucket under test, a snapshot. */
export interface MonitorContext {
  /** The monitor's dq_rules id (its series in dq_metric_history). */
  ruleId: number;
  /** The run's "now" (`--as-of`, else the database's clock), ISO. */
  asOf: string;
  /** The bucket under test (ISO, UTC, no zone) of a metric monitor. */
  bucket?: string;
  /** The value the run measured for the bucket under test (null: no value, e.g. no rows). */
  value?: number | null;
  /** Schema monitors: the table now, and as the previous run of this monitor saw it. */
  snapshot?: { current: TableSnapshot; previous?: TableSnapshot };
  /** Schema monitors on a staging table: the newest load, when it refused a file over its header. */
  refusedHeader?: RefusedHeader;
}

/** How a monitor judged the run. */
export interface MonitorVerdict {
  /** LEARNING: too little history to judge: not a failure, not scored. */
  status: 'PASSED' | 'WARNING' | 'FAILED' | 'LEARNING';
  /** For every report, e.g. `812 rows, expected 950-1,210, z -4.1, 14 points`. */
  message: string;
  /** normal, anomaly, learning, baseline, changed, ... (dq_monitor_results.state). */
  state: string;
  method?: string;
  observed?: number | null;
  expectedLow?: number | null;
  expectedHigh?: number | null;
  score?: number | null;
  trainingPoints?: number;
  /** The bucket under test is anomalous: no baseline trains on it again. */
  anomalous?: boolean;
  /** The kind of change (schema monitors: `column_removed`): part of the alert fingerprint. */
  change?: string;
  /** Overrides the rule's severity for this result (a schema change's own severity). */
  severity?: Severity;
  /** What the scorecard counts (default 1 and 1 when WARNING or FAILED, else 0). */
  scope?: number;
  failed?: number;
  /** Details stored as the result's exceptions (a schema monitor's changes, one per column). */
  samples?: ExceptionSample[];
  /** Filled in by the engine: the bucket under test, the metric and its column. */
  bucket?: string;
  metric?: string;
  column?: string;
}

/**
 * A monitor: a check that learns what is normal. The engine measures its `metric` (if any) for
 * every bucket of the window, stores the values in dq_metric_history (a bucket measured again
 * replaces its value), takes a schema snapshot when asked, then calls `judge` in a READ ONLY
 * transaction of dq's database, where it may read dq_metric_history and dq_monitor_exclusions.
 */
export interface MonitorCheck {
  mode: 'monitor';
  /** What to measure from the table; absent for monitors over dq's own data. */
  metric?: MonitorMetric;
  /**
   * The failure % of this rule in the same run is the measured value (the metric
   * `failure_percent`), instead of a metric of the table.
   */
  ruleFailurePercent?: string;
  /**
   * Measure per bucket of this SQL `timestamp` expression of the row's time. Without it, one
   * value per run, stored under the bucket of the run's as-of.
   */
  time?: string;
  /** Bucket unit (default day). */
  unit?: BucketUnit;
  /**
   * How many buckets the run (re)measures, the bucket under test included: the training window,
   * so a monitor has a history on its first run.
   */
  window?: number;
  /** Take a snapshot of the table's columns (schema monitors). */
  snapshot?: boolean;
  /** Judges the run; `tx` is a READ ONLY transaction of dq's database. */
  judge(tx: SqlExecutor, ctx: MonitorContext): Promise<MonitorVerdict>;
  /**
   * Judges many monitors at once (one query for all of them) instead of `judge` one by one: the
   * engine hands every monitor of the run whose check carries this same function to one call, in
   * the same READ ONLY transaction. Returns one verdict per monitor, in their order; an Error in
   * a monitor's place makes that monitor ERROR alone. Should the call throw, the engine judges
   * those monitors one by one with `judge`.
   */
  judgeMany?(tx: SqlExecutor, monitors: readonly MonitorToJudge[]): Promise<(MonitorVerdict | Error)[]>;
  /**
   * `dq monitors backtest`: replays the stored series bucket by bucket at each sensitivity and
   * says which buckets would have alerted (READ ONLY transaction, nothing is written).
   */
  backtest?(tx: SqlExecutor, ctx: { ruleId: number; sensitivities: number[] }): Promise<BacktestResult[]>;
}

/** One monitor of a {@link MonitorCheck.judgeMany} call: its compiled check and what it measured. */
export interface MonitorToJudge {
  check: MonitorCheck;
  ctx: MonitorContext;
}

/** What one sensitivity would have raised over a monitor's stored history. */
export interface BacktestResult {
  sensitivity: number;
  /** Buckets judged (past the learning period). */
  judged: number;
  /** Buckets that would have alerted (WARNING or FAILED). */
  alerts: string[];
}
