import { type DimensionSpec, DqError, quoteIdent, type SqlExecutor } from '@dq/plugin-api';

/** Every column a spec writes: shaped from staging, then derived from the shaped row. */
export function specColumns(spec: DimensionSpec): string[] {
  return [...Object.keys(spec.columns), ...Object.keys(spec.derived ?? {})];
}

/** The temporary table holding one row per business key from the staging table. */
export const SOURCE_TABLE = 'dq_scd_source';

/** SQL for the effective date of a staging row `s`: the feed's date stamp, or a configured expression. */
function effectiveDateSql(spec: DimensionSpec): string {
  if (spec.effectiveDate?.from === 'column') return `(${spec.effectiveDate.expression})::date`;
  // The date stamp of the file the row came from (..._YYYYMMDD.csv): replaying a feed gives the
  // same dates whatever day it runs.
  return "to_date(substring(s.source_file from '(\\d{8})[^/\\\\]*$'), 'YYYYMMDD')";
}

/**
 * Builds the source set of a dimension load in a temporary table: the spec's column expressions
 * over the staging rows, one row per business key. Duplicate keys in one feed follow a stated
 * rule: the LAST row in the file wins (a later line corrects an earlier one); a freshly loaded
 * staging table holds rows in file order, which ctid preserves. Rows without an effective date
 * are an error: dropping them silently would lose data.
 */
export async function stageSourceRows(
  tx: SqlExecutor,
  spec: DimensionSpec,
): Promise<{ rows: number; duplicates: number; missingKey: number }> {
  const staging = quoteIdent(spec.sourceTable, 'table');
  const cols = Object.entries(spec.columns).map(
    ([name, expr]) => `(${expr}) AS ${quoteIdent(name, 'column')}`,
  );
  const keys = spec.businessKey.map((k) => quoteIdent(k, 'column'));
  const derived = Object.entries(spec.derived ?? {})
    .map(([name, expr]) => `, (${expr}) AS ${quoteIdent(name, 'column')}`)
    .join('');
  const keyPresent = keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
  await tx.exec(`DROP TABLE IF EXISTS dq_scd_shaped; DROP TABLE IF EXISTS ${SOURCE_TABLE}`);
  await tx.exec(
    `CREATE TEMP TABLE dq_scd_shaped ON COMMIT DROP AS
       SELECT ${cols.join(', ')}, s.dq_effective_date, s.dq_ctid
         FROM (SELECT s.*, s.ctid AS dq_ctid, ${effectiveDateSql(spec)} AS dq_effective_date FROM ${staging} s) s;
     CREATE TEMP TABLE ${SOURCE_TABLE} ON COMMIT DROP AS
       SELECT DISTINCT ON (${keys.join(', ')}) src.*${derived}
         FROM dq_scd_shaped src WHERE ${keyPresent}
        ORDER BY ${keys.join(', ')}, dq_ctid DESC`,
  );
  // Fresh temporary tables have no statistics; without them the planner picks nested loops.
  await tx.exec(`ANALYZE ${SOURCE_TABLE}`);
  const stats = await tx.query<{ shaped: number; keyed: number; rows: number; missing_date: number }>(
    `SELECT (SELECT count(*) FROM dq_scd_shaped)::int AS shaped,
            (SELECT count(*) FROM dq_scd_shaped WHERE ${keyPresent})::int AS keyed,
            count(*)::int AS rows,
            count(*) FILTER (WHERE dq_effective_date IS NULL)::int AS missing_date
       FROM ${SOURCE_TABLE}`,
  );
  const { shaped, keyed, rows, missing_date } = stats.rows[0]!;
  if (missing_date > 0) {
    throw new DqError(
      'DQ_TRANSFORM_FAILED',
      `${spec.table}: ${missing_date} row(s) of ${spec.sourceTable} have no effective date (no YYYYMMDD stamp in source_file, or the configured expression is NULL).`,
      {
        hint: 'Name feed files with their date (e.g. crm_customers_20260101.csv) or configure effectiveDate.',
      },
    );
  }
  await tx.exec('DROP TABLE dq_scd_shaped');
  return { rows, duplicates: keyed - rows, missingKey: shaped - keyed };
}
