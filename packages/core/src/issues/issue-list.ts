import type { Database } from '@dq/plugin-api';

/** One issue as `dq issues list` shows it (a dq_issues row with its record counts). */
export interface IssueSummary {
  issueId: number;
  rule: string;
  table: string;
  column: string | null;
  category: string | null;
  severity: string | null;
  state: 'open' | 'closed';
  fingerprint: string;
  changeKind: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When a passing run closed it; null while open. */
  closedAt: string | null;
  openedRunId: string;
  lastRunId: string;
  closedRunId: string | null;
  firstStatus: string;
  lastStatus: string;
  worstStatus: string;
  runsFailing: number;
  /** Whole days from first seen to closed (or to now while open). */
  daysOpen: number;
  /** Failing rows when it opened, at the latest run that saw it, and at most. */
  counts: {
    opened: { failed: number | null; scope: number | null; failurePct: number | null };
    latest: { failed: number | null; scope: number | null; failurePct: number | null };
    max: number | null;
  };
  /** Sampled failing records followed by identifier (rules with a record key). */
  records: { tracked: boolean; seen: number; failing: number; fixed: number };
}

/** Options of {@link listIssues}. */
export interface ListIssuesOptions {
  /** Open issues only. */
  open?: boolean;
  /** Issues of these rules only. */
  rules?: readonly string[];
  /** At most this many, newest first (default 500). */
  limit?: number;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (ms: unknown): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

/** The issues, open ones first, then newest first. */
export async function listIssues(db: Database, options: ListIssuesOptions = {}): Promise<IssueSummary[]> {
  const res = await db.query<Record<string, unknown>>(
    `SELECT i.*, (extract(epoch FROM i.first_seen_at) * 1000)::float8 AS first_ms,
            (extract(epoch FROM i.last_seen_at) * 1000)::float8 AS last_ms,
            (extract(epoch FROM i.closed_at) * 1000)::float8 AS closed_ms,
            (extract(epoch FROM coalesce(i.closed_at, now()) - i.first_seen_at) / 86400)::float8 AS days,
            i.first_failure_pct::float8 AS first_pct, i.last_failure_pct::float8 AS last_pct,
            (SELECT count(*) FROM dq_issue_records r WHERE r.issue_id = i.issue_id)::int AS seen,
            (SELECT count(*) FROM dq_issue_records r WHERE r.issue_id = i.issue_id AND r.fixed_run_id IS NULL)::int AS failing
       FROM dq_issues i
      WHERE ($1::boolean IS NOT TRUE OR i.closed_at IS NULL)
        AND ($2::text[] IS NULL OR i.rule_name = ANY($2::text[]))
      ORDER BY (i.closed_at IS NULL) DESC, i.first_seen_at DESC, i.issue_id DESC
      LIMIT $3`,
    [
      options.open ?? false,
      options.rules && options.rules.length > 0 ? options.rules : null,
      options.limit ?? 500,
    ],
  );
  return res.rows.map((r) => ({
    issueId: Number(r.issue_id),
    rule: String(r.rule_name),
    table: String(r.table_name),
    column: (r.column_name as string | null) ?? null,
    category: (r.category as string | null) ?? null,
    severity: (r.severity as string | null) ?? null,
    state: r.closed_at === null ? 'open' : 'closed',
    fingerprint: String(r.fingerprint),
    changeKind: String(r.change_kind),
    firstSeenAt: iso(r.first_ms)!,
    lastSeenAt: iso(r.last_ms)!,
    closedAt: iso(r.closed_ms),
    openedRunId: String(r.opened_run_id),
    lastRunId: String(r.last_run_id),
    closedRunId: (r.closed_run_id as string | null) ?? null,
    firstStatus: String(r.first_status),
    lastStatus: String(r.last_status),
    worstStatus: String(r.worst_status),
    runsFailing: Number(r.runs_failing),
    daysOpen: Math.floor(Number(r.days)),
    counts: {
      opened: {
        failed: numOrNull(r.first_failed_records),
        scope: numOrNull(r.first_scope),
        failurePct: numOrNull(r.first_pct),
      },
      latest: {
        failed: numOrNull(r.last_failed_records),
        scope: numOrNull(r.last_scope),
        failurePct: numOrNull(r.last_pct),
      },
      max: numOrNull(r.max_failed_records),
    },
    records: {
      tracked: r.records_tracked === true,
      seen: Number(r.seen),
      failing: Number(r.failing),
      fixed: Number(r.seen) - Number(r.failing),
    },
  }));
}
