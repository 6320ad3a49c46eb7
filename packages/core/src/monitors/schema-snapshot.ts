import { quoteIdent, type RefusedHeader, type SqlExecutor, type TableSnapshot } from '@dq/plugin-api';

const COLUMNS = `
  SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
    FROM pg_attribute a
   WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY a.attnum`;

/** A table's columns now, from the catalog (`exists` false when there is no such table). */
export async function takeSnapshot(db: SqlExecutor, table: string): Promise<TableSnapshot> {
  const quoted = quoteIdent(table, 'table');
  const exists = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    quoted,
  ]);
  if (!exists.rows[0]?.exists) return { exists: false, columns: [] };
  const res = await db.query<{ name: string; type: string; nullable: boolean }>(COLUMNS, [quoted]);
  return {
    exists: true,
    columns: res.rows.map((r) => ({ name: r.name, type: r.type, nullable: r.nullable })),
  };
}

/** The snapshot the previous run of this monitor stored, if any. */
export async function previousSnapshot(db: SqlExecutor, ruleId: number): Promise<TableSnapshot | undefined> {
  const res = await db.query<{ table_exists: boolean; columns: TableSnapshot['columns'] }>(
    `SELECT table_exists, columns FROM dq_schema_snapshots WHERE rule_id = $1 ORDER BY snapshot_id DESC LIMIT 1`,
    [ruleId],
  );
  const row = res.rows[0];
  return row ? { exists: row.table_exists, columns: row.columns } : undefined;
}

/** Stores this run's snapshot of a monitored table. */
export async function storeSnapshot(
  db: SqlExecutor,
  runId: string,
  ruleId: number,
  table: string,
  snapshot: TableSnapshot,
): Promise<void> {
  await db.query(
    `INSERT INTO dq_schema_snapshots (run_id, rule_id, table_name, table_exists, columns)
     VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [runId, ruleId, table, snapshot.exists, JSON.stringify(snapshot.columns)],
  );
}

// The CSV source refuses a file whose header does not match its staging table with
// "FILE: the header does not match TABLE (missing a, b; unexpected c)." and stages nothing.
const REFUSED = /the header does not match \S+ \(([^)]*)\)/;

/**
 * The newest load of a staging table, when it refused a file because the header no longer
 * matched the table (the staged rows are still the previous file's).
 */
export async function refusedHeader(db: SqlExecutor, table: string): Promise<RefusedHeader | undefined> {
  const res = await db.query<{ status: string; source_file: string | null; error_message: string | null }>(
    `SELECT status, source_file, error_message FROM stg_audit_log
      WHERE table_name = $1 ORDER BY started_at DESC, audit_id DESC LIMIT 1`,
    [table],
  );
  const row = res.rows[0];
  const match = row?.status === 'FAILED' ? REFUSED.exec(row.error_message ?? '') : null;
  if (!row || !match) return undefined;
  const part = (word: string) =>
    (match[1] ?? '')
      .split('; ')
      .find((p) => p.startsWith(`${word} `))
      ?.slice(word.length + 1)
      .split(', ')
      .filter(Boolean) ?? [];
  return {
    file: row.source_file ?? '',
    message: row.error_message ?? '',
    missing: part('missing'),
    unexpected: part('unexpected'),
  };
}
