import type { Database, RunDiff } from '@dq/plugin-api';
import type { RuleResult } from '../quality/check-run.js';
import type { PreparedRule } from '../quality/prepared-rule.js';
import { IssueTracker, type IssueTrackingReport } from './issue-tracker.js';
import { loadRunDiff } from './run-diff.js';

/** What a finished check run adds: the issues it moved and its diff against the previous comparable run. */
export interface CheckRunNews {
  diff: RunDiff;
  issues: IssueTrackingReport;
}

/**
 * The quality engine's hook after a run's results and scorecard are written: moves the issues
 * (opens, continues, closes; follows sampled records of rules with a record key), then reads the
 * run's diff. `prepared` is the run's rules in the order of `results`.
 */
export async function recordCheckRunNews(
  db: Database,
  runId: string,
  results: readonly RuleResult[],
  prepared: readonly PreparedRule[],
  startedAt: Date,
): Promise<CheckRunNews> {
  const tracked = results.map((r, i) => ({
    ...r,
    recordsTracked: prepared[i]?.table.stableRecordId ?? false,
  }));
  const issues = await new IssueTracker(db).track(runId, tracked, startedAt);
  const diff = await loadRunDiff(db, runId);
  if (!diff) throw new Error(`check run ${runId} is missing from dq_check_runs`);
  return { diff, issues };
}
