import type { Database, MonitorVerdict, SqlExecutor } from '@dq/plugin-api';
import type { RuleResult } from './check-run.js';
import { insertExceptions } from './exception-sampler.js';
import type { PreparedRule } from './prepared-rule.js';
import type { Outcome } from './rule-runner.js';
import { failurePercentage, type RuleStatus, ruleStatus } from './rule-status.js';

/**
 * Writes one rule's outcome: its dq_test_results row, the dq_exceptions its read-only pass
 * sampled and its dq_metric_history rows, in one transaction. No rule SQL runs here: the
 * transaction that can write holds only dq's own statements and bound values.
 */
export class ResultRecorder {
  constructor(private readonly db: Database) {}

  async record(runId: string, prepared: PreparedRule, outcome: Outcome): Promise<RuleResult> {
    const result = this.baseResult(prepared, outcome);
    const samples = outcome.ok && result.failed > 0 ? outcome.measurement.samples : [];
    return this.db.transaction(async (tx) => {
      const resultId = await insertResult(tx, runId, result);
      await insertExceptions(tx, { resultId, ruleId: result.ruleId, table: result.table }, samples);
      const monitor = outcome.ok ? outcome.measurement.monitor : undefined;
      if (monitor) await insertMonitorResult(tx, resultId, result.ruleId, monitor);
      else if (result.status !== 'ERROR') await insertMetrics(tx, runId, result);
      return { ...result, resultId, sampleIds: samples.slice(0, 10).map((s) => s.recordIdentifier) };
    });
  }

  private baseResult(prepared: PreparedRule, outcome: Outcome): RuleResult {
    const { rule, ruleId } = prepared;
    const common = {
      rule: rule.name,
      ruleId,
      resultId: 0,
      category: rule.category,
      table: rule.table,
      ...(rule.column ? { column: rule.column } : {}),
      check: rule.check,
      severity: rule.severity,
      thresholdPct: rule.thresholdPct,
      tags: rule.tags,
      durationMs: outcome.durationMs,
      sampleIds: [],
    };
    if (!outcome.ok) {
      return {
        ...common,
        status: 'ERROR',
        scope: 0,
        failed: 0,
        passed: 0,
        failurePct: 0,
        message: outcome.error,
      };
    }
    const { scope, failed, monitor } = outcome.measurement;
    if (monitor) {
      return {
        ...common,
        status: monitor.status,
        ...(monitor.severity ? { severity: monitor.severity } : {}),
        ...(monitor.change ? { change: monitor.change } : {}),
        scope,
        failed,
        passed: Math.max(scope - failed, 0),
        failurePct: failurePercentage(scope, failed),
        message: monitor.message,
        monitor: true,
      };
    }
    const status = ruleStatus(scope, failed, rule.thresholdPct);
    const failurePct = failurePercentage(scope, failed);
    return {
      ...common,
      status,
      scope,
      failed,
      passed: Math.max(scope - failed, 0),
      failurePct,
      message: describe(status, scope, failed, failurePct, rule.thresholdPct),
    };
  }
}

async function insertResult(tx: SqlExecutor, runId: string, r: RuleResult): Promise<number> {
  const res = await tx.query<{ result_id: number }>(
    `INSERT INTO dq_test_results (run_id, rule_id, execution_duration_ms, total_records_checked, failed_records,
        passed_records, failure_percentage, severity, failure_threshold, test_status, test_message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING result_id`,
    [
      runId,
      r.ruleId,
      r.durationMs,
      r.status === 'ERROR' ? null : r.scope,
      r.status === 'ERROR' ? null : r.failed,
      r.status === 'ERROR' ? null : r.passed,
      r.status === 'ERROR' ? null : r.failurePct,
      r.severity,
      r.thresholdPct,
      r.status,
      r.message.slice(0, 4000),
    ],
  );
  return res.rows[0]!.result_id;
}

async function insertMonitorResult(
  tx: SqlExecutor,
  resultId: number,
  ruleId: number,
  m: MonitorVerdict,
): Promise<void> {
  const num = (v: number | null | undefined) =>
    v === null || v === undefined || !Number.isFinite(v) ? null : String(v);
  await tx.query(
    `INSERT INTO dq_monitor_results (result_id, rule_id, bucket, metric, column_name, method, state, observed,
        expected_low, expected_high, score, training_points)
     VALUES ($1, $2, $3::timestamp, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      resultId,
      ruleId,
      m.bucket ?? null,
      m.metric ?? null,
      m.column ?? null,
      m.method ?? null,
      m.state,
      num(m.observed),
      num(m.expectedLow),
      num(m.expectedHigh),
      num(m.score),
      m.trainingPoints ?? null,
    ],
  );
}

async function insertMetrics(tx: SqlExecutor, runId: string, r: RuleResult): Promise<void> {
  await tx.query(
    `INSERT INTO dq_metric_history (run_id, rule_id, metric, value)
     SELECT $1, $2, m, v FROM unnest($3::text[], $4::numeric[]) AS u(m, v)`,
    [
      runId,
      r.ruleId,
      ['scope_rows', 'failed_rows', 'failure_pct'],
      [r.scope, r.failed, r.failurePct].map(String),
    ],
  );
}

function describe(status: RuleStatus, scope: number, failed: number, pct: number, threshold: number): string {
  if (status === 'PASSED') return `all ${scope} row(s) in scope passed`;
  const share = `${failed} of ${scope} row(s) failed (${pct}%)`;
  return status === 'WARNING'
    ? `${share}, within the threshold of ${threshold}%`
    : `${share}, above the threshold of ${threshold}%`;
}
