import {
  type Database,
  type DqConfig,
  DqError,
  type ReportCategory,
  type ReportData,
  type ReportException,
  type ReportResult,
  type ReportRuleStatus,
  type ReportRun,
  type ReportTableFailures,
  type ReportTrendPoint,
  type Severity,
} from '@dq/plugin-api';
import { loadRunDiff } from '../issues/run-diff.js';

/** How many runs the trend covers. */
export const TREND_RUNS = 30;
/** Sampled exceptions shown per failing rule. */
export const EXCEPTIONS_PER_RULE = 10;

const STATUS_ORDER: Record<string, number> = { ERROR: 0, FAILED: 1, WARNING: 2, PASSED: 3 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (epochMs: unknown): string => new Date(Number(epochMs)).toISOString();

/**
 * Reads a check run and its history from the dq_* tables with plain SQL: the scorecard, the
 * per-category scores, every rule result with up to ten sampled exceptions, and the overall score
 * of the last thirty runs.
 */
export class ReportDataLoader {
  constructor(
    private readonly db: Database,
    private readonly config: DqConfig,
  ) {}

  async load(runId?: string): Promise<ReportData> {
    const run = await this.run(runId);
    const [categories, results, trend, diff] = await Promise.all([
      this.categories(run.runId),
      this.results(run.runId),
      this.trend(run.runId),
      this.diff(run.runId),
    ]);
    return {
      project: this.config.project.name,
      environment: this.config.project.environment,
      generatedAt: new Date().toISOString(),
      run,
      categories,
      results,
      trend,
      failuresByTable: failuresByTable(results),
      ...(diff ? { diff } : {}),
    };
  }

  /** The run's diff; undefined for a scorecard written before dq_check_runs existed. */
  private async diff(runId: string) {
    const exists = await this.db.query<{ t: string | null }>("SELECT to_regclass('dq_issues')::text AS t");
    return exists.rows[0]?.t ? loadRunDiff(this.db, runId) : undefined;
  }

  private async run(runId: string | undefined): Promise<ReportRun> {
    const exists = await this.db.query<{ t: string | null }>(
      "SELECT to_regclass('dq_scorecards')::text AS t",
    );
    if (!exists.rows[0]?.t) {
      throw new DqError('DQ_REPORT_FAILED', 'There is nothing to report: the dq_* tables do not exist yet.', {
        hint: 'Run `dq db migrate`, then `dq check`, then report.',
      });
    }
    const res = await this.db.query<Record<string, unknown>>(
      `SELECT s.run_id, s.report_date::text AS report_date, s.overall_quality_score::float8 AS overall,
              s.total_rules_executed, s.rules_passed, s.rules_warned, s.rules_failed, s.rules_errored,
              s.total_records_checked::float8 AS records_checked, s.total_failed_records::float8 AS failed_records,
              s.is_partial, (extract(epoch FROM s.created_at) * 1000)::float8 AS finished_ms,
              (SELECT (extract(epoch FROM min(r.execution_date)) * 1000)::float8
                 FROM dq_test_results r WHERE r.run_id = s.run_id) AS started_ms
         FROM dq_scorecards s
        WHERE $1::text IS NULL OR s.run_id = $1
        ORDER BY s.created_at DESC, s.scorecard_id DESC
        LIMIT 1`,
      [runId ?? null],
    );
    const row = res.rows[0];
    if (!row) {
      throw new DqError(
        'DQ_REPORT_FAILED',
        runId ? `No check run "${runId}" in dq_scorecards.` : 'No check has run yet: dq_scorecards is empty.',
        { hint: runId ? 'Pass a run id from dq_scorecards.run_id.' : 'Run `dq check` first, then report.' },
      );
    }
    const finishedAt = iso(row.finished_ms);
    return {
      runId: String(row.run_id),
      reportDate: String(row.report_date),
      finishedAt,
      startedAt: row.started_ms === null ? finishedAt : iso(row.started_ms),
      overall: numOrNull(row.overall),
      partial: row.is_partial === true,
      rulesExecuted: num(row.total_rules_executed),
      rulesPassed: num(row.rules_passed),
      rulesWarned: num(row.rules_warned),
      rulesFailed: num(row.rules_failed),
      rulesErrored: num(row.rules_errored),
      recordsChecked: num(row.records_checked),
      failedRecords: num(row.failed_records),
    };
  }

  private async categories(runId: string): Promise<ReportCategory[]> {
    const res = await this.db.query<Record<string, unknown>>(
      `SELECT c.category, rc.description, c.score::float8 AS score, c.rules_executed,
              c.records_checked::float8 AS records_checked, c.failed_records::float8 AS failed_records
         FROM dq_scorecard_categories c
         JOIN dq_scorecards s ON s.scorecard_id = c.scorecard_id
         LEFT JOIN dq_rule_categories rc ON rc.category_name = c.category
        WHERE s.run_id = $1
        ORDER BY c.category`,
      [runId],
    );
    return res.rows.map((r) => ({
      category: String(r.category),
      ...(r.description ? { description: String(r.description) } : {}),
      score: numOrNull(r.score),
      rulesExecuted: num(r.rules_executed),
      recordsChecked: num(r.records_checked),
      failedRecords: num(r.failed_records),
    }));
  }

  private async results(runId: string): Promise<ReportResult[]> {
    const res = await this.db.query<Record<string, unknown>>(
      `SELECT r.result_id, ru.rule_name, ru.rule_description, coalesce(c.category_name, '') AS category,
              ru.target_table, ru.target_column, ru.check_kind, coalesce(r.severity, ru.severity) AS severity,
              ru.owner, ru.tags,
              r.test_status, r.failure_threshold::float8 AS threshold,
              r.total_records_checked::float8 AS scope, r.failed_records::float8 AS failed,
              r.failure_percentage::float8 AS failure_pct, coalesce(r.test_message, '') AS message,
              r.execution_duration_ms AS duration_ms,
              EXISTS (SELECT 1 FROM dq_monitor_results m WHERE m.result_id = r.result_id) AS is_monitor
         FROM dq_test_results r
         JOIN dq_rules ru ON ru.rule_id = r.rule_id
         LEFT JOIN dq_rule_categories c ON c.category_id = ru.category_id
        WHERE r.run_id = $1`,
      [runId],
    );
    const failing = res.rows
      .filter((r) => r.test_status === 'FAILED' || r.test_status === 'WARNING')
      .map((r) => Number(r.result_id));
    const exceptions = await this.exceptions(failing);
    const results = res.rows.map(
      (r): ReportResult => ({
        rule: String(r.rule_name),
        ...(r.rule_description ? { description: String(r.rule_description) } : {}),
        category: String(r.category),
        table: String(r.target_table),
        ...(r.target_column ? { column: String(r.target_column) } : {}),
        check: String(r.check_kind),
        severity: String(r.severity) as Severity,
        tags: (r.tags as string[] | null) ?? [],
        ...(r.owner ? { owner: String(r.owner) } : {}),
        status: String(r.test_status) as ReportRuleStatus,
        thresholdPct: num(r.threshold),
        scope: numOrNull(r.scope),
        failed: numOrNull(r.failed),
        failurePct: numOrNull(r.failure_pct),
        message: String(r.message),
        durationMs: numOrNull(r.duration_ms),
        ...(r.is_monitor ? { monitor: true } : {}),
        exceptions: exceptions.get(Number(r.result_id)) ?? [],
      }),
    );
    return results.sort(
      (a, b) =>
        (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
        (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
        a.rule.localeCompare(b.rule),
    );
  }

  private async exceptions(resultIds: number[]): Promise<Map<number, ReportException[]>> {
    const byResult = new Map<number, ReportException[]>();
    if (resultIds.length === 0) return byResult;
    const res = await this.db.query<Record<string, unknown>>(
      `SELECT result_id, record_identifier, column_name, failed_value, expected_value
         FROM (SELECT e.*, row_number() OVER (PARTITION BY e.result_id ORDER BY e.exception_id) AS rn
                 FROM dq_exceptions e WHERE e.result_id = ANY($1::bigint[])) x
        WHERE rn <= $2
        ORDER BY result_id, rn`,
      [resultIds, EXCEPTIONS_PER_RULE],
    );
    for (const r of res.rows) {
      const id = Number(r.result_id);
      const list = byResult.get(id) ?? [];
      list.push({
        recordIdentifier: (r.record_identifier as string | null) ?? null,
        columnName: (r.column_name as string | null) ?? null,
        failedValue: (r.failed_value as string | null) ?? null,
        expectedValue: (r.expected_value as string | null) ?? null,
      });
      byResult.set(id, list);
    }
    return byResult;
  }

  /** The full runs up to this one: a partial run (filtered) covers other rules, so it is left out. */
  private async trend(runId: string): Promise<ReportTrendPoint[]> {
    const res = await this.db.query<Record<string, unknown>>(
      `SELECT run_id, report_date::text AS report_date, overall_quality_score::float8 AS overall,
              (extract(epoch FROM created_at) * 1000)::float8 AS finished_ms
         FROM dq_scorecards
        WHERE (created_at, scorecard_id) <= (SELECT created_at, scorecard_id FROM dq_scorecards WHERE run_id = $1)
          AND NOT is_partial
        ORDER BY created_at DESC, scorecard_id DESC
        LIMIT $2`,
      [runId, TREND_RUNS],
    );
    return res.rows.reverse().map((r) => ({
      runId: String(r.run_id),
      reportDate: String(r.report_date),
      finishedAt: iso(r.finished_ms),
      overall: numOrNull(r.overall),
    }));
  }
}

/** Failed rules (FAILED or ERROR) and violating rows per table, most failed records first. */
export function failuresByTable(results: readonly ReportResult[]): ReportTableFailures[] {
  const tables = new Map<string, ReportTableFailures>();
  for (const r of results) {
    const entry = tables.get(r.table) ?? { table: r.table, failedRules: 0, failedRecords: 0 };
    if (r.status === 'FAILED' || r.status === 'ERROR') entry.failedRules += 1;
    entry.failedRecords += r.failed ?? 0;
    tables.set(r.table, entry);
  }
  return [...tables.values()]
    .filter((t) => t.failedRules > 0 || t.failedRecords > 0)
    .sort((a, b) => b.failedRecords - a.failedRecords || a.table.localeCompare(b.table));
}
