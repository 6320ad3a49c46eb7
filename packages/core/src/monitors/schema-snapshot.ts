import { quoteIdent, type RefusedHeader, type SqlExecutor, type TableSnapshot } from '@dq/plugin-api';

// One row per table and column (one row with no column for a table without any, or missing).
const COLUMNS = `
  SELECT t.i, to_regclass(t.quoted) IS NOT NULL AS exists, a.attname::text AS name,
         format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
    FROM unnest($1::text[]) WITH ORDINALITY AS t(quoted, i)
    LEFT JOIN pg_attribute a ON a.attrelid = to_regclass(t.quoted) AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY t.i, a.attnum`;

/** Tables' columns now, from the catalog, in one query (`exists` false when there is no such table). */
export async function takeSnapshots(db: SqlExecutor, tables: readonly string[]): Promise<TableSnapshot[]> {
  if (tables.length === 0) return [];
  const snapshots = tables.map((): TableSnapshot => ({ exists: false, columns: [] }));
  const res = await db.query<{
    i: string;
    exists: boolean;
    name: string | null;
    type: string;
    nullable: boolean;
  }>(COLUMNS, [tables.map((t) => quoteIdent(t, 'table'))]);
  for (const r of res.rows) {
    const snapshot = snapshots[Number(r.i) - 1]!;
    snapshot.exists = r.exists;
    if (r.name !== null) snapshot.columns.push({ name: r.name, type: r.type, nullable: r.nullable });
  }
  return snapshots;
}

/** The snapshots the previous runs of these monitors stored, by rule id. */
export async function previousSnapshots(
  db: SqlExecutor,
  ruleIds: readonly number[],
): Promise<Map<number, TableSnapshot>> {
  const res = await db.query<{ rule_id: number; table_exists: boolean; columns: TableSnapshot['columns'] }>(
    `SELECT DISTINCT ON (rule_id) rule_id, table_exists, columns FROM dq_schema_snapshots
      WHERE rule_id = ANY($1::int[]) ORDER BY rule_id, snapshot_id DESC`,
    [ruleIds],
  );
  return new Map(res.rows.map((r) => [Number(r.rule_id), { exists: r.table_exists, columns: r.columns }]));
}

/** Stores this run's snapshots of monitored tables, in one statement. */
export async function storeSnapshots(
  db: SqlExecutor,
  runId: string,
  snapshots: readonly { ruleId: number; table: string; snapshot: TableSnapshot }[],
): Promise<void> {
  if (snapshots.length === 0) return;
  await db.query(
    `INSERT INTO dq_schema_snapshots (run_id, rule_id, table_name, table_exists, columns)
     SELECT $1, u.rule_id, u.table_name, u.table_exists, u.columns::jsonb
       FROM unnest($2::int[], $3::text[], $4::boolean[], $5::text[]) AS u(rule_id, table_name, table_exists, columns)`,
    [
      runId,
      snapshots.map((s) => s.ruleId),
      snapshots.map((s) => s.table),
      snapshots.map((s) => s.snapshot.exists),
      snapshots.map((s) => JSON.stringify(s.snapshot.columns)),
    ],
  );
}

/** The code a staging load fails with when a file's header lacks columns of its table. */
const HEADER_MISMATCH = 'DQ_LOAD_HEADER_MISMATCH';

/**
 * The newest load of each staging table, when it refused a file because the header no longer
 * matched the table (error code DQ_LOAD_HEADER_MISMATCH; the staged rows are still the previous
 * file's); by table name. The columns come from the error's details, never from its wording.
 */
export async function refusedHeaders(
  db: SqlExecutor,
  tables: readonly string[],
): Promise<Map<string, RefusedHeader>> {
  const refused = new Map<string, RefusedHeader>();
  if (tables.length === 0) return refused;
  const res = await db.query<{
    table_name: string;
    status: string;
    error_code: string | null;
    error_details: { missing?: unknown; unexpected?: unknown } | null;
    source_file: string | null;
    error_message: string | null;
  }>(
    `SELECT DISTINCT ON (table_name) table_name, status, error_code, error_details, source_file, error_message
       FROM stg_audit_log
      WHERE table_name = ANY($1::text[]) ORDER BY table_name, started_at DESC, audit_id DESC`,
    [tables],
  );
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  for (const row of res.rows) {
    if (row.status !== 'FAILED' || row.error_code !== HEADER_MISMATCH) continue;
    refused.set(row.table_name, {
      file: row.source_file ?? '',
      message: row.error_message ?? '',
      missing: names(row.error_details?.missing),
      unexpected: names(row.error_details?.unexpected),
    });
  }
  return refused;
}
