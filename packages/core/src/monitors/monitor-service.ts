import { type Database, DqError, inject, tokens } from '@dq/plugin-api';

/** A monitor as `dq monitors list` shows it. */
export interface MonitorSummary {
  monitor: string;
  check: string;
  table: string;
  column?: string;
  metric?: string;
  /** Stored buckets, the newest one, and how the newest result ended. */
  points: number;
  lastBucket?: string;
  lastStatus?: string;
  lastMessage?: string;
  exclusions: number;
}

/** One bucket of a monitor's series, with its flags. */
export interface HistoryPoint {
  bucket: string;
  metric: string;
  column: string;
  value: number | null;
  anomalous: boolean;
  excluded: boolean;
}

/** An exclusion of `dq monitors exclude`. */
export interface Exclusion {
  exclusionId: number;
  monitor: string;
  from: string;
  to: string;
  reason?: string;
  removed: boolean;
}

const MONITOR_KINDS = ['anomaly', 'schema_change'];

/**
 * `dq monitors`: the monitors in dq_rules, their series in dq_metric_history, and the
 * exclusions that take known incidents out of training (recorded, and reversible).
 */
export class MonitorService {
  constructor(@inject(tokens.database) private readonly db: Database) {}

  async list(): Promise<MonitorSummary[]> {
    const res = await this.db.query<{
      rule_name: string;
      check_kind: string;
      target_table: string;
      target_column: string | null;
      metric: string | null;
      points: number;
      last_bucket: string | null;
      last_status: string | null;
      last_message: string | null;
      exclusions: number;
    }>(
      `SELECT r.rule_name, r.check_kind, r.target_table, r.target_column, r.params->>'metric' AS metric,
              (SELECT count(*)::int FROM dq_metric_history h WHERE h.rule_id = r.rule_id AND h.bucket IS NOT NULL) AS points,
              (SELECT to_char(max(h.bucket), 'YYYY-MM-DD HH24:MI') FROM dq_metric_history h WHERE h.rule_id = r.rule_id) AS last_bucket,
              t.test_status AS last_status, t.test_message AS last_message,
              (SELECT count(*)::int FROM dq_monitor_exclusions x WHERE x.rule_id = r.rule_id AND x.removed_at IS NULL) AS exclusions
         FROM dq_rules r
         LEFT JOIN LATERAL (SELECT test_status, test_message FROM dq_test_results t
                             WHERE t.rule_id = r.rule_id ORDER BY t.result_id DESC LIMIT 1) t ON true
        WHERE r.is_active AND r.check_kind = ANY($1::text[])
        ORDER BY r.rule_name`,
      [MONITOR_KINDS],
    );
    return res.rows.map((r) => ({
      monitor: r.rule_name,
      check: r.check_kind,
      table: r.target_table,
      ...(r.target_column ? { column: r.target_column } : {}),
      ...(r.metric ? { metric: r.metric } : {}),
      points: r.points,
      ...(r.last_bucket ? { lastBucket: r.last_bucket } : {}),
      ...(r.last_status ? { lastStatus: r.last_status } : {}),
      ...(r.last_message ? { lastMessage: r.last_message } : {}),
      exclusions: r.exclusions,
    }));
  }

  /** The monitor's stored series, oldest first, with the anomaly and exclusion flags. */
  async history(monitor: string): Promise<HistoryPoint[]> {
    const ruleId = await this.ruleId(monitor);
    const res = await this.db.query<{
      bucket: string;
      metric: string;
      column_name: string;
      value: string | null;
      is_anomaly: boolean;
      excluded: boolean;
    }>(
      `SELECT to_char(h.bucket, 'YYYY-MM-DD HH24:MI:SS') AS bucket, h.metric, h.column_name, h.value, h.is_anomaly,
              EXISTS (SELECT 1 FROM dq_monitor_exclusions x WHERE x.rule_id = h.rule_id AND x.removed_at IS NULL
                         AND h.bucket >= x.from_bucket AND h.bucket < x.to_bucket) AS excluded
         FROM dq_metric_history h
        WHERE h.rule_id = $1 AND h.bucket IS NOT NULL
        ORDER BY h.bucket, h.metric, h.column_name`,
      [ruleId],
    );
    return res.rows.map((r) => ({
      bucket: r.bucket,
      metric: r.metric,
      column: r.column_name,
      value: r.value === null ? null : Number(r.value),
      anomalous: r.is_anomaly,
      excluded: r.excluded,
    }));
  }

  /**
   * Takes the buckets from `from` to `to` (dates, both included, or ISO timestamps: `to`
   * excluded) out of the monitor's training. Returns the exclusion recorded.
   */
  async exclude(monitor: string, from: string, to: string, reason?: string): Promise<Exclusion> {
    const ruleId = await this.ruleId(monitor);
    const start = boundOf(from, false);
    const end = boundOf(to, true);
    if (end <= start) {
      throw new DqError('DQ_USAGE', `--to ${to} is before --from ${from}.`, {
        hint: 'Give the first and the last day of the incident: --from 2026-01-08 --to 2026-01-09.',
      });
    }
    const res = await this.db.query<{ exclusion_id: number }>(
      `INSERT INTO dq_monitor_exclusions (rule_id, from_bucket, to_bucket, reason)
       VALUES ($1, $2::timestamp, $3::timestamp, $4) RETURNING exclusion_id`,
      [ruleId, start, end, reason ?? null],
    );
    return {
      exclusionId: Number(res.rows[0]!.exclusion_id),
      monitor,
      from: start,
      to: end,
      ...(reason ? { reason } : {}),
      removed: false,
    };
  }

  /** Takes exclusions of the monitor back (all of them, or the one with this id); they stay on record. */
  async include(monitor: string, exclusionId?: number): Promise<number> {
    const ruleId = await this.ruleId(monitor);
    const res = await this.db.query(
      `UPDATE dq_monitor_exclusions SET removed_at = now()
        WHERE rule_id = $1 AND removed_at IS NULL AND ($2::int IS NULL OR exclusion_id = $2)`,
      [ruleId, exclusionId ?? null],
    );
    return res.rowCount ?? 0;
  }

  /** Every exclusion of the monitor, taken back ones included. */
  async exclusions(monitor: string): Promise<Exclusion[]> {
    const ruleId = await this.ruleId(monitor);
    const res = await this.db.query<{
      exclusion_id: number;
      from_bucket: string;
      to_bucket: string;
      reason: string | null;
      removed: boolean;
    }>(
      `SELECT exclusion_id, to_char(from_bucket, 'YYYY-MM-DD HH24:MI:SS') AS from_bucket,
              to_char(to_bucket, 'YYYY-MM-DD HH24:MI:SS') AS to_bucket, reason, removed_at IS NOT NULL AS removed
         FROM dq_monitor_exclusions WHERE rule_id = $1 ORDER BY exclusion_id`,
      [ruleId],
    );
    return res.rows.map((r) => ({
      exclusionId: Number(r.exclusion_id),
      monitor,
      from: r.from_bucket,
      to: r.to_bucket,
      ...(r.reason ? { reason: r.reason } : {}),
      removed: r.removed,
    }));
  }

  async ruleId(monitor: string): Promise<number> {
    const res = await this.db.query<{ rule_id: number; check_kind: string }>(
      'SELECT rule_id, check_kind FROM dq_rules WHERE rule_name = $1',
      [monitor],
    );
    const row = res.rows[0];
    if (!row || !MONITOR_KINDS.includes(row.check_kind)) {
      throw new DqError('DQ_USAGE', `No monitor named "${monitor}" has run.`, {
        hint: '`dq monitors list` shows the monitors dq knows; a monitor is known once `dq check` ran it.',
      });
    }
    return row.rule_id;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date or timestamp as a bucket bound; a date `to` is the end of that day. */
function boundOf(text: string, end: boolean): string {
  const t = text.trim();
  const ms = DATE.test(t) ? Date.parse(`${t}T00:00:00Z`) + (end ? 86_400_000 : 0) : Date.parse(t);
  if (Number.isNaN(ms)) {
    throw new DqError('DQ_USAGE', `"${text}" is not a date (YYYY-MM-DD) or an ISO timestamp.`, {
      hint: 'Write --from 2026-01-08 --to 2026-01-09.',
    });
  }
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
