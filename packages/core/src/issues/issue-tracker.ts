import type { Database, SqlExecutor } from '@dq/plugin-api';
import type { RuleResult } from '../quality/check-run.js';
import { changeKindOf, fingerprintOf, isFailing } from './change-kind.js';

/** How the run moved the issues it touched (counts, for logs and tests). */
export interface IssueTrackingReport {
  opened: number;
  continued: number;
  closed: number;
}

/** A rule result as the tracker needs it, with whether its records have stable identifiers. */
export interface TrackedResult extends RuleResult {
  /** The rule's record identifiers are a key (not a ctid): its sampled records are followed. */
  recordsTracked: boolean;
}

/**
 * Keeps dq_issues and dq_issue_records in step with a run's results, set-based: a rule that
 * ends WARNING, FAILED or ERROR continues its open issue or opens one; a rule that passes closes
 * its open issue. For rules with a record key, the run's sampled failing records are added to
 * the issue and those no longer failing are marked fixed (only when the sample held every
 * failing row: otherwise a record missing from the sample may still fail).
 */
export class IssueTracker {
  constructor(private readonly db: Database) {}

  async track(runId: string, results: readonly TrackedResult[], at: Date): Promise<IssueTrackingReport> {
    const synced = results.filter((r) => r.ruleId > 0);
    const failing = synced.filter((r) => isFailing(r.status));
    const passing = synced.filter((r) => r.status === 'PASSED');
    return this.db.transaction(async (tx) => {
      const closed = await closeIssues(tx, runId, passing);
      const continued = await continueIssues(tx, runId, failing, at);
      const opened = await openIssues(tx, runId, failing, at);
      await trackRecords(tx, runId, failing, closed);
      return { opened, continued, closed: closed.length };
    });
  }
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? null : v);

function columns(results: readonly TrackedResult[]) {
  const errored = (r: TrackedResult) => r.status === 'ERROR';
  return [
    results.map((r) => r.ruleId),
    results.map((r) => r.status),
    results.map((r) => (errored(r) ? null : num(r.failed))),
    results.map((r) => (errored(r) ? null : num(r.scope))),
    results.map((r) => (errored(r) ? null : String(r.failurePct))),
    results.map((r) => fingerprintOf(r)),
    results.map((r) => changeKindOf(r)),
  ];
}

const UNNEST = `unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::numeric[], $6::text[], $7::text[])
  AS u(rule_id, status, failed, scope, pct, fingerprint, change_kind)`;

// WARNING < FAILED = ERROR, in SQL (the worst status keeps the first of two equal ranks).
const rank = (s: string) =>
  `(CASE ${s} WHEN 'WARNING' THEN 1 WHEN 'FAILED' THEN 2 WHEN 'ERROR' THEN 2 ELSE 0 END)`;

async function closeIssues(tx: SqlExecutor, runId: string, passing: readonly TrackedResult[]) {
  if (passing.length === 0) return [];
  const res = await tx.query<{ issue_id: number }>(
    `UPDATE dq_issues i
        SET closed_at = now(), closed_run_id = $3, last_run_id = $3, previous_status = i.last_status,
            last_status = 'PASSED', last_failed_records = u.failed, last_scope = u.scope, last_failure_pct = u.pct
       FROM unnest($1::int[], $2::bigint[], $4::bigint[], $5::numeric[]) AS u(rule_id, failed, scope, pct)
      WHERE i.rule_id = u.rule_id AND i.closed_at IS NULL
      RETURNING i.issue_id`,
    [
      passing.map((r) => r.ruleId),
      passing.map((r) => r.failed),
      runId,
      passing.map((r) => r.scope),
      passing.map((r) => String(r.failurePct)),
    ],
  );
  return res.rows.map((r) => Number(r.issue_id));
}

async function continueIssues(tx: SqlExecutor, runId: string, failing: readonly TrackedResult[], at: Date) {
  if (failing.length === 0) return 0;
  const res = await tx.query(
    `UPDATE dq_issues i
        SET last_seen_at = $8, last_run_id = $9, previous_status = i.last_status, last_status = u.status,
            worst_status = CASE WHEN ${rank('u.status')} > ${rank('i.worst_status')} THEN u.status ELSE i.worst_status END,
            runs_failing = i.runs_failing + 1, fingerprint = u.fingerprint, change_kind = u.change_kind,
            last_failed_records = u.failed, last_scope = u.scope, last_failure_pct = u.pct,
            max_failed_records = greatest(i.max_failed_records, u.failed)
       FROM ${UNNEST}
      WHERE i.rule_id = u.rule_id AND i.closed_at IS NULL AND i.last_run_id <> $9`,
    [...columns(failing), at.toISOString(), runId],
  );
  return res.rowCount ?? 0;
}

async function openIssues(tx: SqlExecutor, runId: string, failing: readonly TrackedResult[], at: Date) {
  if (failing.length === 0) return 0;
  const res = await tx.query(
    `INSERT INTO dq_issues (rule_id, rule_name, table_name, column_name, category, severity, fingerprint,
        change_kind, first_seen_at, last_seen_at, opened_run_id, last_run_id, first_status, last_status,
        worst_status, first_failed_records, first_scope, first_failure_pct, last_failed_records, last_scope,
        last_failure_pct, max_failed_records, records_tracked)
     SELECT u.rule_id, x.rule_name, x.table_name, x.column_name, x.category, x.severity, u.fingerprint,
            u.change_kind, $8, $8, $9, $9, u.status, u.status, u.status, u.failed, u.scope, u.pct, u.failed,
            u.scope, u.pct, u.failed, x.tracked
       FROM ${UNNEST}
       JOIN unnest($10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[])
            AS x(rule_id, rule_name, table_name, column_name, category, severity, tracked) ON x.rule_id = u.rule_id
      WHERE NOT EXISTS (SELECT 1 FROM dq_issues i WHERE i.rule_id = u.rule_id AND i.closed_at IS NULL)
     ON CONFLICT (rule_id) WHERE closed_at IS NULL DO NOTHING`,
    [
      ...columns(failing),
      at.toISOString(),
      runId,
      failing.map((r) => r.ruleId),
      failing.map((r) => r.rule),
      failing.map((r) => r.table),
      failing.map((r) => r.column ?? null),
      failing.map((r) => r.category),
      failing.map((r) => r.severity),
      failing.map((r) => r.recordsTracked),
    ],
  );
  return res.rowCount ?? 0;
}

/**
 * The run's sampled records into the issues they belong to; records of a fully sampled rule that
 * are not in this run's sample are fixed, and every open record of a closed issue is.
 */
async function trackRecords(
  tx: SqlExecutor,
  runId: string,
  failing: readonly TrackedResult[],
  closedIssues: readonly number[],
) {
  const sampled = failing.filter((r) => r.recordsTracked && r.status !== 'ERROR' && r.resultId > 0);
  if (sampled.length > 0) {
    const resultIds = sampled.map((r) => r.resultId);
    await tx.query(
      `INSERT INTO dq_issue_records (issue_id, record_identifier, first_seen_run_id, last_seen_run_id)
       SELECT DISTINCT i.issue_id, e.record_identifier, $2, $2
         FROM dq_exceptions e
         JOIN dq_issues i ON i.rule_id = e.rule_id AND i.closed_at IS NULL AND i.records_tracked
        WHERE e.result_id = ANY($1::bigint[]) AND coalesce(e.record_identifier, '') <> ''
       ON CONFLICT (issue_id, record_identifier)
       DO UPDATE SET last_seen_run_id = EXCLUDED.last_seen_run_id, fixed_run_id = NULL`,
      [resultIds, runId],
    );
    // Only a rule whose sample holds every failing row proves the others fixed.
    await tx.query(
      `UPDATE dq_issue_records r SET fixed_run_id = $2
         FROM dq_issues i
         JOIN unnest($1::bigint[], $3::bigint[]) AS u(result_id, failed) ON true
        WHERE i.rule_id = (SELECT t.rule_id FROM dq_test_results t WHERE t.result_id = u.result_id)
          AND i.closed_at IS NULL AND r.issue_id = i.issue_id
          AND r.fixed_run_id IS NULL AND r.last_seen_run_id <> $2
          AND (SELECT count(*) FROM dq_exceptions e WHERE e.result_id = u.result_id) >= u.failed`,
      [resultIds, runId, sampled.map((r) => r.failed)],
    );
  }
  if (closedIssues.length > 0) {
    await tx.query(
      `UPDATE dq_issue_records SET fixed_run_id = $2
        WHERE issue_id = ANY($1::bigint[]) AND fixed_run_id IS NULL`,
      [closedIssues, runId],
    );
  }
}
