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
 * The staging rows as the spec's expressions see them: `s.*`, `s.dq_ctid` and
 * `s.dq_effective_date`. A feed date is worked out once per file, not once per row (a staging
 * table holds one file, or a few after incremental loads).
 */
function stagedRowsSql(spec: DimensionSpec, staging: string): string {
  if (spec.effectiveDate?.from === 'column') {
    return `(SELECT s.*, s.ctid AS dq_ctid, ${effectiveDateSql(spec)} AS dq_effective_date FROM ${staging} s) s`;
  }
  return `(SELECT s.*, s.ctid AS dq_ctid, f.dq_effective_date
             FROM ${staging} s
             LEFT JOIN (SELECT s.source_file, ${effectiveDateSql(spec)} AS dq_effective_date
                          FROM (SELECT DISTINCT source_file FROM ${staging}) s) f ON f.source_file = s.source_file) s`;
}

/**
 * Builds the source set of a dimension load in a temporary table: the spec's column expressions
 * over the staging rows, one row per business key, in one pass: each staged value is parsed
 * once, and the rows are not written twice. Duplicate keys in one feed follow a stated
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
  const staged = stagedRowsSql(spec, staging);
  // The key columns alone are enough to count rows with and without a key.
  const keyCols = spec.businessKey.every((k) => spec.columns[k] !== undefined)
    ? spec.businessKey.map((k) => `(${spec.columns[k]}) AS ${quoteIdent(k, 'column')}`)
    : cols;
  await tx.exec(`DROP TABLE IF EXISTS ${SOURCE_TABLE}`);
  // OFFSET 0 keeps the shaped row a subquery of its own: each expression is computed once per
  // row, and the derived columns read its results. Pulled up into the outer query, every
  // reference to a shaped column in a derived one would repeat its expression (age_group reads
  // date_of_birth six times: six more dq_try_date per row).
  await tx.exec(
    `CREATE TEMP TABLE ${SOURCE_TABLE} ON COMMIT DROP AS
       SELECT DISTINCT ON (${keys.join(', ')}) src.*${derived}
         FROM (SELECT ${cols.join(', ')}, s.dq_effective_date, s.dq_ctid FROM ${staged} OFFSET 0) src
        WHERE ${keyPresent}
        ORDER BY ${keys.join(', ')}, dq_ctid DESC`,
  );
  // Fresh temporary tables have no statistics; without them the planner picks nested loops.
  await tx.exec(`ANALYZE ${SOURCE_TABLE}`);
  const stats = await tx.query<{ shaped: number; keyed: number; rows: number; missing_date: number }>(
    `SELECT k.shaped, k.keyed, t.rows, t.missing_date
       FROM (SELECT count(*)::int AS rows, count(*) FILTER (WHERE dq_effective_date IS NULL)::int AS missing_date
               FROM ${SOURCE_TABLE}) t,
            (SELECT count(*)::int AS shaped, count(*) FILTER (WHERE ${keyPresent})::int AS keyed
               FROM (SELECT ${keyCols.join(', ')} FROM ${staged}) src) k`,
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
  return { rows, duplicates: keyed - rows, missingKey: shaped - keyed };
}
