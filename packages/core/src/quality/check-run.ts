import type { RunDiff, ScorecardTotals, Severity } from '@dq/plugin-api';
import type { IssueTrackingReport } from '../issues/issue-tracker.js';
import type { RuleFilters } from './rule-selection.js';
import type { RuleStatus } from './rule-status.js';
import type { RuleSyncReport } from './rule-sync.js';

/** One rule's result in a check run (one dq_test_results row). */
export interface RuleResult {
  rule: string;
  ruleId: number;
  /** dq_test_results.result_id. */
  resultId: number;
  category: string;
  table: string;
  column?: string;
  check: string;
  severity: Severity;
  thresholdPct: number;
  tags: string[];
  status: RuleStatus;
  /** Rows in scope (1 for table-level checks such as freshness). */
  scope: number;
  failed: number;
  passed: number;
  failurePct: number;
  durationMs: number;
  message: string;
  /** Up to 10 record identifiers of sampled violations (dq_exceptions). */
  sampleIds: string[];
  /**
   * Set when the database could not plan the rule (`file:line: rule r: field: message`): it did
   * not run (status ERROR) and the run exits 2.
   */
  invalid?: string;
  /**
   * The kind of change the result reports, for check kinds that name one (a schema monitor's
   * `column_added`): part of the alert fingerprint. Absent for rules (`violation`/`error`).
   */
  change?: string;
  /**
   * A monitor's result: its message holds the observed value, the expected range, the score and
   * the training points (`812 rows, expected 950-1,210, z -4.1, 14 points`).
   */
  monitor?: boolean;
}

/** One category of a scorecard; `score` is null (n/a) when no rule of it measured any row. */
export interface CategoryScore {
  category: string;
  score: number | null;
  rulesExecuted: number;
  rulesErrored: number;
  recordsChecked: number;
  failedRecords: number;
}

/** The scorecard of a run (dq_scorecards and dq_scorecard_categories). */
export interface Scorecard extends ScorecardTotals {
  /** Mean of the category scores that are not n/a; null when none is. */
  overall: number | null;
  categories: CategoryScore[];
}

/** The outcome of `dq check`: what ran, how each rule ended, and the scorecard. */
export interface CheckRun {
  /** What changed since the previous comparable run: first, as every report leads with it. */
  diff: RunDiff;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  database: 'postgres' | 'pglite';
  /** Filtered by rule, category, table or tag: kept out of trends and never compared with a full run. */
  partial: boolean;
  /** The filters given (empty for a full run). */
  selection: RuleFilters;
  /** The role the rules ran as (quality.ruleRole), or `dq itself` when it could not be used. */
  ruleRole: string;
  rulesFiles: string[];
  sync: Omit<RuleSyncReport, 'ruleIds'>;
  results: RuleResult[];
  scorecard: Scorecard;
  /** How the run moved dq_issues. */
  issues: IssueTrackingReport;
  /** Things the reader should know (e.g. limits of the embedded database). */
  notes: string[];
}
