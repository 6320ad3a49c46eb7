import type { Database } from '@dq/plugin-api';
import type { LastSent } from './alert-decision.js';

/** One row of dq_alert_log. */
export interface AlertLogEntry {
  runId: string | null;
  issueId: number | null;
  route: string;
  destination: string;
  destinationKind: string;
  fingerprint: string;
  alertKind: string;
  decision: 'sent' | 'suppressed' | 'failed';
  reason: string;
  ruleStatus: string | null;
  attempts: number;
  httpStatus: number | null;
  idempotencyKey: string | null;
  error: string | null;
}

/** The last alert sent about each of `issueIds` to `destination` (tests excluded). */
export async function lastSent(
  db: Database,
  destination: string,
  issueIds: readonly number[],
): Promise<Map<number, LastSent>> {
  if (issueIds.length === 0) return new Map();
  const res = await db.query<{
    issue_id: number;
    fingerprint: string;
    alert_kind: string;
    rule_status: string | null;
    sent_ms: number;
  }>(
    `SELECT DISTINCT ON (issue_id) issue_id, fingerprint, alert_kind, rule_status,
            (extract(epoch FROM created_at) * 1000)::float8 AS sent_ms
       FROM dq_alert_log
      WHERE destination = $1 AND issue_id = ANY($2::bigint[]) AND decision = 'sent' AND alert_kind <> 'test'
      ORDER BY issue_id, created_at DESC, alert_id DESC`,
    [destination, issueIds],
  );
  return new Map(
    res.rows.map((r) => [
      Number(r.issue_id),
      {
        fingerprint: r.fingerprint,
        alertKind: r.alert_kind,
        ruleStatus: r.rule_status,
        sentAt: new Date(Number(r.sent_ms)),
      },
    ]),
  );
}

/** Appends decisions to dq_alert_log in one statement. */
export async function writeAlertLog(db: Database, entries: readonly AlertLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const col = <K extends keyof AlertLogEntry>(key: K) => entries.map((e) => e[key]);
  await db.query(
    `INSERT INTO dq_alert_log (run_id, issue_id, route, destination, destination_kind, fingerprint, alert_kind,
        decision, reason, rule_status, attempts, http_status, idempotency_key, error)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[], $10::text[], $11::int[], $12::int[], $13::text[], $14::text[])`,
    [
      col('runId'),
      col('issueId'),
      col('route'),
      col('destination'),
      col('destinationKind'),
      col('fingerprint'),
      col('alertKind'),
      col('decision'),
      col('reason'),
      col('ruleStatus'),
      col('attempts'),
      col('httpStatus'),
      col('idempotencyKey'),
      col('error'),
    ],
  );
}
