import type { Database, SqlExecutor } from '@dq/plugin-api';
import type { RuleResult } from './check-run.js';
import { assertOnlyResultsWritten, sampleExceptions, tableWrites } from './exception-sampler.js';
import type { PreparedRule } from './prepared-rule.js';
import type { Outcome } from './rule-runner.js';
import { failurePercentage, type RuleStatus, ruleStatus } from './rule-status.js';

/** Options of a {@link ResultRecorder}. */
export interface RecorderOptions {
  sampleLimit: number;
  timeoutMs: number;
}

/**
 * Writes one rule's outcome: its dq_test_results row, its sampled dq_exceptions and its
 * dq_metric_history rows, in one transaction. If sampling fails (the rule's SQL timed out, or it
 * wrote somewhere), that transaction is rolled back and the rule is recorded as ERROR instead.
 */
export class ResultRecorder {
  constructor(
    private readonly db: Database,
    private readonly options: RecorderOptions,
  ) {}

  async record(runId: string, prepared: PreparedRule, outcome: Outcome): Promise<RuleResult> {
    const base = this.baseResult(prepared, outcome);
    if (base.status === 'ERROR') return this.write(runId, prepared, base, undefined);
    try {
      return await this.write(runId, prepared, base, outcome.ok ? outcome : undefined);
    } catch (err) {
      const error = {
        ...base,
        status: 'ERROR' as const,
        message: `exception sampling failed: ${(err as Error).message}`,
      };
      return this.write(runId, prepared, error, undefined);
    }
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
    const { scope, failed } = outcome.measurement;
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

  private write(
    runId: string,
    prepared: PreparedRule,
    result: RuleResult,
    sampled: Extract<Outcome, { ok: true }> | undefined,
  ): Promise<RuleResult> {
    const { sampleLimit, timeoutMs } = this.options;
    const sampling = sampled !== undefined && result.failed > 0 && sampleLimit > 0;
    return this.db.transaction(
      async (tx) => {
        const resultId = await insertResult(tx, runId, result);
        let sampleIds: string[] = [];
        if (sampling) {
          const ids = { resultId, ruleId: result.ruleId };
          const before = await tableWrites(tx);
          await sampleExceptions(tx, prepared, ids, sampleLimit, sampled.measurement.samples);
          await assertOnlyResultsWritten(tx, before);
          const firstTen = await tx.query<{ id: string | null }>(
            'SELECT record_identifier AS id FROM dq_exceptions WHERE result_id = $1 ORDER BY exception_id LIMIT 10',
            [resultId],
          );
          sampleIds = firstTen.rows.map((r) => r.id ?? '');
        }
        if (result.status !== 'ERROR') await insertMetrics(tx, runId, result);
        return { ...result, resultId, sampleIds };
      },
      sampling && timeoutMs > 0 ? { statementTimeoutMs: timeoutMs } : {},
    );
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
