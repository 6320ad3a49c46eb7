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
      else if (result.status !== 'ERROR')
        await insertMetrics(tx, runId, {
          ruleId: result.ruleId,
          values: [result.scope, result.failed, result.failurePct],
        });
      return { ...result, resultId, sampleIds: samples.slice(0, 10).map((s) => s.recordIdentifier) };
    });
  }

  /**
   * Writes many outcomes in one transaction and a few statements (result ids drawn at once, then
   * one INSERT per table): the monitor pass records its monitors together, where one transaction
   * per result cost four round trips each.
   */
  async recordMany(
    runId: string,
    items: readonly { prepared: PreparedRule; outcome: Outcome }[],
  ): Promise<RuleResult[]> {
    if (items.length === 0) return [];
    const results = items.map(({ prepared, outcome }) => this.baseResult(prepared, outcome));
    return this.db.transaction(async (tx) => {
      const ids = await tx.query<{ id: string }>(
        `SELECT nextval(pg_get_serial_sequence('dq_test_results', 'result_id'))::text AS id
           FROM generate_series(1, $1::int)`,
        [results.length],
      );
      const resultIds = ids.rows.map((r) => Number(r.id));
      await insertResults(tx, runId, results, resultIds);
      const monitors: { resultId: number; ruleId: number; verdict: MonitorVerdict }[] = [];
      const metrics: { ruleId: number; values: number[] }[] = [];
      const recorded: RuleResult[] = [];
      for (const [i, { outcome }] of items.entries()) {
        const result = results[i]!;
        const resultId = resultIds[i]!;
        const samples = outcome.ok && result.failed > 0 ? outcome.measurement.samples : [];
        await insertExceptions(tx, { resultId, ruleId: result.ruleId, table: result.table }, samples);
        const verdict = outcome.ok ? outcome.measurement.monitor : undefined;
        if (verdict) monitors.push({ resultId, ruleId: result.ruleId, verdict });
        else if (result.status !== 'ERROR')
          metrics.push({ ruleId: result.ruleId, values: [result.scope, result.failed, result.failurePct] });
        recorded.push({
          ...result,
          resultId,
          sampleIds: samples.slice(0, 10).map((s) => s.recordIdentifier),
        });
      }
      await insertMonitorResults(tx, monitors);
      for (const m of metrics) await insertMetrics(tx, runId, { ruleId: m.ruleId, values: m.values });
      return recorded;
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

/** dq_test_results rows with the ids drawn for them, in one statement. */
async function insertResults(
  tx: SqlExecutor,
  runId: string,
  results: readonly RuleResult[],
  ids: readonly number[],
): Promise<void> {
  const error = (r: RuleResult, v: number) => (r.status === 'ERROR' ? null : v);
  await tx.query(
    `INSERT INTO dq_test_results (result_id, run_id, rule_id, execution_duration_ms, total_records_checked,
        failed_records, passed_records, failure_percentage, severity, failure_threshold, test_status, test_message)
     SELECT u.id, $1, u.rule_id, u.ms, u.scope, u.failed, u.passed, u.pct, u.severity, u.threshold, u.status, u.message
       FROM unnest($2::bigint[], $3::int[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::numeric[],
                   $9::text[], $10::numeric[], $11::text[], $12::text[])
            AS u(id, rule_id, ms, scope, failed, passed, pct, severity, threshold, status, message)`,
    [
      runId,
      ids,
      results.map((r) => r.ruleId),
      results.map((r) => r.durationMs),
      results.map((r) => error(r, r.scope)),
      results.map((r) => error(r, r.failed)),
      results.map((r) => error(r, r.passed)),
      results.map((r) => error(r, r.failurePct)),
      results.map((r) => r.severity),
      results.map((r) => r.thresholdPct),
      results.map((r) => r.status),
      results.map((r) => r.message.slice(0, 4000)),
    ],
  );
}

/** dq_monitor_results rows, in one statement. */
async function insertMonitorResults(
  tx: SqlExecutor,
  rows: readonly { resultId: number; ruleId: number; verdict: MonitorVerdict }[],
): Promise<void> {
  if (rows.length === 0) return;
  const num = (v: number | null | undefined) =>
    v === null || v === undefined || !Number.isFinite(v) ? null : String(v);
  const pick = <T>(f: (m: MonitorVerdict) => T) => rows.map((r) => f(r.verdict));
  await tx.query(
    `INSERT INTO dq_monitor_results (result_id, rule_id, bucket, metric, column_name, method, state, observed,
        expected_low, expected_high, score, training_points)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamp[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::int[])`,
    [
      rows.map((r) => r.resultId),
      rows.map((r) => r.ruleId),
      pick((m) => m.bucket ?? null),
      pick((m) => m.metric ?? null),
      pick((m) => m.column ?? null),
      pick((m) => m.method ?? null),
      pick((m) => m.state),
      pick((m) => num(m.observed)),
      pick((m) => num(m.expectedLow)),
      pick((m) => num(m.expectedHigh)),
      pick((m) => num(m.score)),
      pick((m) => m.trainingPoints ?? null),
    ],
  );
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

async function insertMetrics(
  tx: SqlExecutor,
  runId: string,
  r: { ruleId: number; values: readonly number[] },
): Promise<void> {
  await tx.query(
    `INSERT INTO dq_metric_history (run_id, rule_id, metric, value)
     SELECT $1, $2, m, v FROM unnest($3::text[], $4::numeric[]) AS u(m, v)`,
    [runId, r.ruleId, ['scope_rows', 'failed_rows', 'failure_pct'], r.values.map(String)],
  );
}

function describe(status: RuleStatus, scope: number, failed: number, pct: number, threshold: number): string {
  if (status === 'PASSED') return `all ${scope} row(s) in scope passed`;
  const share = `${failed} of ${scope} row(s) failed (${pct}%)`;
  return status === 'WARNING'
    ? `${share}, within the threshold of ${threshold}%`
    : `${share}, above the threshold of ${threshold}%`;
}
