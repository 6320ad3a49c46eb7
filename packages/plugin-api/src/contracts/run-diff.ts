import type { Severity } from './quality.js';
import type { ReportRuleStatus } from './reporting.js';

/** One rule in a run's diff: how it ended now and in the previous comparable run. */
export interface RunDiffEntry {
  rule: string;
  table: string;
  column?: string;
  category: string;
  severity: Severity;
  owner?: string;
  tags: string[];
  status: ReportRuleStatus;
  /** Its status in the previous comparable run; undefined when it did not run then. */
  previousStatus?: ReportRuleStatus;
  /** Failing rows now (null when the rule could not run). */
  failed: number | null;
  scope: number | null;
  failurePct: number | null;
  previousFailed?: number | null;
  /** The issue that follows it (dq_issues.issue_id), when there is one. */
  issueId?: number;
  /** When the issue was first seen (ISO 8601). */
  firstSeenAt?: string;
  /** Whole days since the issue was first seen (still failing). */
  daysFailing?: number;
  /** Sampled failing records new in this run / found fixed in this run (rules with a record key). */
  newRecords?: number;
  fixedRecords?: number;
}

/** A score now, then, and the change (null when either is n/a). */
export interface ScoreChange {
  now: number | null;
  previous: number | null;
  change: number | null;
}

/**
 * What changed since the previous comparable run (the latest earlier run with the same rule
 * selection and rules folder; a partial run is never compared with a full one).
 */
export interface RunDiff {
  runId: string;
  partial: boolean;
  /** The run compared against; null on the first run of this selection. */
  previous: { runId: string; reportDate: string; finishedAt: string } | null;
  overall: ScoreChange;
  categories: Array<ScoreChange & { category: string }>;
  /** Failing now, passing (or absent) before. */
  newFailures: RunDiffEntry[];
  /** WARNING before, FAILED or ERROR now. */
  escalations: RunDiffEntry[];
  /** Failing before, passing now. */
  recoveries: RunDiffEntry[];
  /** Failing before and now (not escalated), with the days since the issue opened. */
  stillFailing: RunDiffEntry[];
  /** Sampled failing records over every issue of the run. */
  records: {
    new: number;
    fixed: number;
    /** False when some rule had more failing rows than were sampled: the counts are lower bounds. */
    exact: boolean;
  };
  /** `97.9 (-0.9), 2 new failures, 1 recovered`: the line every report leads with. */
  headline: string;
}
