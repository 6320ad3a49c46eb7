import {
  type Database,
  type DqConfig,
  DqError,
  inject,
  quoteIdent,
  quoteLiteral,
  tokens,
} from '@dq/plugin-api';

/** One column's profile as stored in stg_data_profile. */
export interface ColumnProfile {
  table_name: string;
  column_name: string;
  row_count: number;
  null_count: number;
  null_pct: string | null;
  distinct_count: number;
  min_value: string | null;
  max_value: string | null;
  min_length: number | null;
  max_length: number | null;
  top_values: { value: string; count: number }[];
}

const AUDIT_COLUMNS = ['load_id', 'source_file', 'row_hash', 'load_timestamp', 'source_line'];

/**
 * `dq profile`: per column the row count, nulls, distinct count, min/max, min/max length and the
 * top 5 values, written to stg_data_profile. Each table is read once: one GROUPING SETS query
 * counts every column's values in a single scan, and everything else derives from those groups.
 */
export class Profiler {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
  ) {}

  async profile(tables?: readonly string[]): Promise<ColumnProfile[]> {
    const targets =
      tables && tables.length > 0 ? [...tables] : [...new Set(this.config.sources.map((s) => s.table))];
    const out: ColumnProfile[] = [];
    for (const table of targets) out.push(...(await this.profileTable(table)));
    return out;
  }

  private async profileTable(table: string): Promise<ColumnProfile[]> {
    const db = this.database;
    const cols = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position`,
      [table],
    );
    const columns = cols.rows.map((r) => r.column_name).filter((c) => !AUDIT_COLUMNS.includes(c));
    if (columns.length === 0) {
      throw new DqError('DQ_USAGE', `Table ${table} does not exist or has no columns to profile.`, {
        hint: 'Load it first (`dq load`), or name an existing table with --table.',
      });
    }
    if (columns.length > 31) {
      throw new DqError(
        'DQ_USAGE',
        `Table ${table} has ${columns.length} columns; profiling handles up to 31.`,
      );
    }
    const t = quoteIdent(table, 'table');
    const n = columns.length;
    const q = columns.map((c) => quoteIdent(c));
    // GROUPING(c1..cn) has a 0 bit for the grouped column: the set (ci) is all ones but bit n-1-i.
    const perColumn = columns
      .map(
        (c, i) =>
          `SELECT ${quoteLiteral(c)} AS column_name, ${i} AS ord, ${q[i]}::text AS v, n FROM groups WHERE gid = ${2 ** n - 1 - 2 ** (n - 1 - i)}`,
      )
      .join('\n UNION ALL ');
    const sql = `
      WITH groups AS MATERIALIZED (
        SELECT GROUPING(${q.join(', ')}) AS gid, ${q.join(', ')}, count(*)::bigint AS n
          FROM ${t} GROUP BY GROUPING SETS (${q.map((c) => `(${c})`).join(', ')})
      ), per_column AS (${perColumn}),
      ranked AS (
        SELECT column_name, v, n, row_number() OVER (PARTITION BY column_name ORDER BY n DESC, v) AS rnk
          FROM per_column WHERE v IS NOT NULL
      )
      INSERT INTO stg_data_profile (load_id, table_name, column_name, row_count, null_count, null_pct, distinct_count,
                                    min_value, max_value, min_length, max_length, top_values)
      SELECT (SELECT max(load_id) FROM ${t}), ${quoteLiteral(table)}, p.column_name,
             sum(p.n), coalesce(sum(p.n) FILTER (WHERE p.v IS NULL), 0),
             round(100.0 * coalesce(sum(p.n) FILTER (WHERE p.v IS NULL), 0) / nullif(sum(p.n), 0), 2),
             count(p.v), min(p.v), max(p.v), min(length(p.v)), max(length(p.v)),
             coalesce((SELECT jsonb_agg(jsonb_build_object('value', r.v, 'count', r.n) ORDER BY r.rnk)
                         FROM ranked r WHERE r.column_name = p.column_name AND r.rnk <= 5), '[]'::jsonb)
        FROM per_column p
       GROUP BY p.column_name, p.ord
       ORDER BY p.ord
      RETURNING table_name, column_name, row_count, null_count, null_pct, distinct_count, min_value, max_value,
                min_length, max_length, top_values`;
    const res = await db.query<ColumnProfile>(sql);
    return res.rows;
  }
}
