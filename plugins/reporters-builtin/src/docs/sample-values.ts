import { type DimensionSpec, type Logger, quoteIdent, type SqlExecutor } from '@dq/plugin-api';

/**
 * Up to three distinct values of each mapped column, read from the dimension tables that exist
 * and have rows (`table.column` to `a, b, c`). One statement per table; any database problem
 * leaves the samples out rather than failing the documentation.
 */
export async function sampleValues(
  db: SqlExecutor,
  specs: readonly DimensionSpec[],
  logger: Logger,
): Promise<Map<string, string>> {
  const samples = new Map<string, string>();
  try {
    for (const spec of specs) {
      const exists = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [spec.table]);
      if (!exists.rows[0]?.t) continue;
      const present = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1`,
        [spec.table],
      );
      const have = new Set(present.rows.map((r) => r.column_name));
      const columns = [...Object.keys(spec.columns), ...Object.keys(spec.derived ?? {})].filter((c) =>
        have.has(c),
      );
      if (columns.length === 0) continue;
      const table = quoteIdent(spec.table);
      const selects = columns.map((c, i) => {
        const col = quoteIdent(c);
        return `(SELECT string_agg(v, ', ') FROM (SELECT DISTINCT ${col}::text AS v FROM ${table}
                  WHERE ${col} IS NOT NULL AND ${quoteIdent(spec.surrogateKey)} > 0 ORDER BY 1 LIMIT 3) x) AS c${i}`;
      });
      const res = await db.query<Record<string, string | null>>(`SELECT ${selects.join(', ')}`);
      const row = res.rows[0] ?? {};
      columns.forEach((c, i) => {
        const value = row[`c${i}`];
        if (value) samples.set(`${spec.table}.${c}`, value);
      });
    }
  } catch (err) {
    logger.warn({ error: (err as Error).message }, 'sample values left out of the data mapping');
  }
  return samples;
}
