import type {
  Database,
  ReportRuleStatus,
  RunDiff,
  RunDiffEntry,
  ScoreChange,
  Severity,
} from '@dq/plugin-api';
import { isFailing, statusRank } from './change-kind.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

interface RunRow {
  run_id: string;
  started_ms: number;
  report_date: string | null;
  finished_ms: number | null;
  is_partial: boolean;
}

interface ResultRow {
  rule_id: number;
  rule_name: string;
  target_table: string;
  target_column: string | null;
  category: string;
  severity: string;
  owner: string | null;
  tags: string[] | null;
  test_status: string;
  failed: number | null;
  scope: number | null;
  failure_pct: number | null;
}

interface IssueRow {
  rule_id: number;
  issue_id: number;
  first_seen_ms: number;
  new_records: number;
  fixed_records: number;
  tracked: boolean;
}

/**
 * A run's diff against the previous comparable run: the latest earlier finished run with the
 * same selection (rules, categories, tables, tags), the same rules folder and the same partial
 * flag, so a filtered run is never compared with a full one. Reads dq_check_runs,
 * dq_test_results, dq_scorecards and dq_issues; returns undefined for an unknown run.
 */
export async function loadRunDiff(db: Database, runId: string): Promise<RunDiff | undefined> {
  const run = await runRow(db, runId);
  if (!run) return undefined;
  const previous = await previousComparableRun(db, runId);
  const [now, before, issues, scores, exact] = await Promise.all([
    results(db, runId),
    previous ? results(db, previous.run_id) : Promise.resolve([]),
    issuesOfRun(db, runId, run.started_ms),
    scoreChanges(db, runId, previous?.run_id),
    recordsExact(db, runId),
  ]);
  const beforeByRule = new Map(before.map((r) => [r.rule_id, r]));
  const issueByRule = new Map(issues.map((i) => [i.rule_id, i]));
  const diff: RunDiff = {
    runId,
    partial: run.is_partial,
    previous: previous
      ? {
          runId: previous.run_id,
          reportDate: previous.report_date ?? '',
          finishedAt: new Date(Number(previous.finished_ms ?? previous.started_ms)).toISOString(),
        }
      : null,
    overall: scores.overall,
    categories: scores.categories,
    newFailures: [],
    escalations: [],
    recoveries: [],
    stillFailing: [],
    records: { new: 0, fixed: 0, exact },
    headline: '',
  };
  for (const r of now) {
    const prev = beforeByRule.get(r.rule_id);
    const issue = issueByRule.get(r.rule_id);
    const entry = diffEntry(r, prev, issue, run.started_ms);
    if (issue) {
      diff.records.new += Number(issue.new_records);
      diff.records.fixed += Number(issue.fixed_records);
    }
    const failingNow = isFailing(r.test_status);
    const failingBefore = prev !== undefined && isFailing(prev.test_status);
    if (failingNow && !failingBefore) diff.newFailures.push(entry);
    else if (failingNow && statusRank(r.test_status) > statusRank(prev?.test_status))
      diff.escalations.push(entry);
    else if (failingNow) diff.stillFailing.push(entry);
    else if (failingBefore) diff.recoveries.push(entry);
  }
  diff.headline = diffHeadline(diff);
  return diff;
}

/** `97.9 (-0.9), 2 new failures, 1 escalated, 1 recovered` (or `no change`). */
export function diffHeadline(diff: RunDiff): string {
  const { now, change } = diff.overall;
  const score = now === null ? 'n/a' : now.toFixed(1);
  const delta = diff.previous === null ? ' (first run)' : change === null ? '' : ` (${signed(change)})`;
  const parts: string[] = [];
  const n = diff.newFailures.length;
  if (n > 0) parts.push(`${n} new failure${n === 1 ? '' : 's'}`);
  if (diff.escalations.length > 0) parts.push(`${diff.escalations.length} escalated`);
  if (diff.recoveries.length > 0) parts.push(`${diff.recoveries.length} recovered`);
  if (parts.length === 0) parts.push(diff.stillFailing.length > 0 ? 'no new failures' : 'no change');
  return `${score}${delta}, ${parts.join(', ')}`;
}

/** `+0.4`, `-0.9`, `±0.0`. */
function signed(change: number): string {
  const rounded = Math.round(change * 10) / 10;
  if (rounded === 0) return '±0.0';
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(1)}`;
}

function diffEntry(
  r: ResultRow,
  prev: ResultRow | undefined,
  issue: IssueRow | undefined,
  runMs: number,
): RunDiffEntry {
  return {
    rule: r.rule_name,
    table: r.target_table,
    ...(r.target_column ? { column: r.target_column } : {}),
    category: r.category,
    severity: r.severity as Severity,
    ...(r.owner ? { owner: r.owner } : {}),
    tags: r.tags ?? [],
    status: r.test_status as ReportRuleStatus,
    ...(prev
      ? { previousStatus: prev.test_status as ReportRuleStatus, previousFailed: numOrNull(prev.failed) }
      : {}),
    failed: numOrNull(r.failed),
    scope: numOrNull(r.scope),
    failurePct: numOrNull(r.failure_pct),
    ...(issue
      ? {
          issueId: Number(issue.issue_id),
          firstSeenAt: new Date(Number(issue.first_seen_ms)).toISOString(),
          daysFailing: Math.floor((runMs - Number(issue.first_seen_ms)) / DAY_MS),
          ...(issue.tracked
            ? { newRecords: Number(issue.new_records), fixedRecords: Number(issue.fixed_records) }
            : {}),
        }
      : {}),
  };
}

async function runRow(db: Database, runId: string): Promise<RunRow | undefined> {
  const res = await db.query<RunRow>(
    `SELECT c.run_id, (extract(epoch FROM c.started_at) * 1000)::float8 AS started_ms, c.is_partial
       FROM dq_check_runs c WHERE c.run_id = $1`,
    [runId],
  );
  return res.rows[0];
}

async function previousComparableRun(db: Database, runId: string): Promise<RunRow | undefined> {
  const res = await db.query<RunRow>(
    `SELECT p.run_id, (extract(epoch FROM p.started_at) * 1000)::float8 AS started_ms, p.is_partial,
            s.report_date::text AS report_date, (extract(epoch FROM p.finished_at) * 1000)::float8 AS finished_ms
       FROM dq_check_runs c
       JOIN dq_check_runs p ON p.selection = c.selection AND p.is_partial = c.is_partial
            AND p.rules_path IS NOT DISTINCT FROM c.rules_path
            AND (p.started_at, p.run_id) < (c.started_at, c.run_id)
       JOIN dq_scorecards s ON s.run_id = p.run_id
      WHERE c.run_id = $1 AND p.finished_at IS NOT NULL
      ORDER BY p.started_at DESC, p.run_id DESC
      LIMIT 1`,
    [runId],
  );
  return res.rows[0];
}

async function results(db: Database, runId: string): Promise<ResultRow[]> {
  const res = await db.query<ResultRow>(
    `SELECT r.rule_id, ru.rule_name, ru.target_table, ru.target_column, coalesce(c.category_name, '') AS category,
            coalesce(r.severity, ru.severity) AS severity, ru.owner, ru.tags, r.test_status,
            r.failed_records::float8 AS failed, r.total_records_checked::float8 AS scope,
            r.failure_percentage::float8 AS failure_pct
       FROM dq_test_results r
       JOIN dq_rules ru ON ru.rule_id = r.rule_id
       LEFT JOIN dq_rule_categories c ON c.category_id = ru.category_id
      WHERE r.run_id = $1
      ORDER BY ru.rule_name`,
    [runId],
  );
  return res.rows;
}

/**
 * The issue each rule of the run belonged to: the one it closed, else the latest opened by then;
 * with the sampled records new and fixed in this run.
 */
async function issuesOfRun(db: Database, runId: string, runMs: number): Promise<IssueRow[]> {
  const res = await db.query<IssueRow>(
    `SELECT DISTINCT ON (i.rule_id) i.rule_id, i.issue_id, i.records_tracked AS tracked,
            (extract(epoch FROM i.first_seen_at) * 1000)::float8 AS first_seen_ms,
            (SELECT count(*) FROM dq_issue_records x WHERE x.issue_id = i.issue_id AND x.first_seen_run_id = $1)::int AS new_records,
            (SELECT count(*) FROM dq_issue_records x WHERE x.issue_id = i.issue_id AND x.fixed_run_id = $1)::int AS fixed_records
       FROM dq_issues i
      WHERE i.rule_id IN (SELECT rule_id FROM dq_test_results WHERE run_id = $1)
        AND (i.closed_run_id = $1 OR i.first_seen_at <= to_timestamp($2::float8 / 1000))
        AND (i.closed_at IS NULL OR i.closed_run_id = $1 OR i.closed_at > to_timestamp($2::float8 / 1000))
      ORDER BY i.rule_id, (i.closed_run_id = $1) DESC NULLS LAST, i.first_seen_at DESC`,
    [runId, runMs],
  );
  return res.rows;
}

/** False when a tracked rule of the run had more failing rows than dq_exceptions sampled. */
async function recordsExact(db: Database, runId: string): Promise<boolean> {
  const res = await db.query<{ truncated: number }>(
    `SELECT count(*)::int AS truncated
       FROM dq_test_results r
       JOIN dq_issues i ON i.rule_id = r.rule_id AND i.records_tracked AND i.last_run_id = r.run_id
      WHERE r.run_id = $1 AND r.failed_records > 0
        AND r.failed_records > (SELECT count(*) FROM dq_exceptions e WHERE e.result_id = r.result_id)`,
    [runId],
  );
  return Number(res.rows[0]?.truncated ?? 0) === 0;
}

async function scoreChanges(
  db: Database,
  runId: string,
  previousRunId: string | undefined,
): Promise<{ overall: ScoreChange; categories: Array<ScoreChange & { category: string }> }> {
  const res = await db.query<{ category: string | null; now: number | null; previous: number | null }>(
    `WITH cur AS (SELECT scorecard_id, overall_quality_score FROM dq_scorecards WHERE run_id = $1),
          prev AS (SELECT scorecard_id, overall_quality_score FROM dq_scorecards WHERE run_id = $2)
     SELECT NULL AS category, (SELECT overall_quality_score FROM cur)::float8 AS now,
            (SELECT overall_quality_score FROM prev)::float8 AS previous
     UNION ALL
     SELECT coalesce(a.category, b.category), a.score::float8, b.score::float8
       FROM (SELECT category, score FROM dq_scorecard_categories WHERE scorecard_id = (SELECT scorecard_id FROM cur)) a
       FULL JOIN (SELECT category, score FROM dq_scorecard_categories WHERE scorecard_id = (SELECT scorecard_id FROM prev)) b
         ON a.category = b.category`,
    [runId, previousRunId ?? null],
  );
  const change = (now: number | null, previous: number | null): ScoreChange => ({
    now,
    previous,
    change: now === null || previous === null ? null : Math.round((now - previous) * 100) / 100,
  });
  const [overallRow, ...rest] = res.rows;
  return {
    overall: change(numOrNull(overallRow?.now), numOrNull(overallRow?.previous)),
    categories: rest
      .map((r) => ({ category: String(r.category), ...change(numOrNull(r.now), numOrNull(r.previous)) }))
      .sort((a, b) => a.category.localeCompare(b.category)),
  };
}
