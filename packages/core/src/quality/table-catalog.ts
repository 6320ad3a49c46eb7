import { quoteIdent, type SqlExecutor } from '@dq/plugin-api';
import { hasCitus } from '../services/citus-distribution.js';

/** The alias every scanned row goes by. */
export const ROW_ALIAS = 'dq_t';

/** What the engine knows of a rule's table: how to name it and how to identify its rows. */
export interface TableInfo {
  quoted: string;
  /** Text SQL identifying a row: its primary key, else its ctid. */
  recordId: string;
  /**
   * True when recordId is a key (a primary key, or a view's row): it names the same record from
   * run to run, so issues can follow records. A ctid changes when the row is updated.
   */
  stableRecordId: boolean;
  /**
   * Set for a staging table without a primary key whose rows carry source_file and source_line:
   * text SQL naming a row as `file:line` (the file's name without its folder). recordId is then
   * this, which tells a reader which line of which file to look at.
   */
  lineRecordId?: string;
  types: Map<string, string>;
}

const DESCRIBE = `
  SELECT c.relkind::text AS relkind,
         ARRAY(SELECT a.attname::text FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = c.oid AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)) AS pk,
         ARRAY(SELECT a.attname::text FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE i.indrelid = c.oid AND i.indisprimary
                  AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')
                ORDER BY array_position(i.indkey::int2[], a.attnum)) AS serial_pk,
         (SELECT jsonb_object_agg(a.attname, format_type(a.atttypid, a.atttypmod)) FROM pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS types
    FROM pg_class c WHERE c.oid = to_regclass($1)`;

// reltuples is -1 until a table is first analyzed: its size at ~64 bytes a row stands in.
const ESTIMATES = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, n.nspname = current_schema() AS current,
         CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8
              ELSE pg_relation_size(c.oid)::float8 / 64 END AS rows
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

// On a Citus coordinator a distributed or reference table is an empty shell (reltuples 0): its
// rows are in the shards. Their statistics, summed over the shards, estimate it; a table never
// analyzed falls back to Citus's own size function at ~64 bytes a row.
const CITUS_ESTIMATES = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, n.nspname = current_schema() AS current,
         coalesce(nullif((SELECT sum(greatest(r.result::float8, 0)) FROM run_command_on_shards(
                            t.table_name, $$SELECT reltuples FROM pg_class WHERE oid = '%s'::regclass$$) r
                           WHERE r.success), 0),
                  citus_table_size(t.table_name)::float8 / 64) AS rows
    FROM citus_tables t JOIN pg_class c ON c.oid = t.table_name JOIN pg_namespace n ON n.oid = c.relnamespace`;

/** Looks tables up once per run in the catalog (a missing table yields defaults; its rules then ERROR). */
export class TableCatalog {
  private readonly cache = new Map<string, Promise<TableInfo>>();
  private estimates: Promise<Map<string, number>> | undefined;

  constructor(private readonly db: SqlExecutor) {}

  describe(table: string): Promise<TableInfo> {
    let info = this.cache.get(table);
    if (!info) {
      info = this.lookup(table);
      this.cache.set(table, info);
    }
    return info;
  }

  /** Row estimates of every table, by `name` (current schema) and `schema.name`: one query a run. */
  rowEstimates(): Promise<Map<string, number>> {
    this.estimates ??= this.readEstimates();
    return this.estimates;
  }

  private async readEstimates(): Promise<Map<string, number>> {
    type Estimate = { schema: string; name: string; current: boolean; rows: number };
    const map = new Map<string, number>();
    const add = (rows: Estimate[]) => {
      for (const r of rows) {
        map.set(`${r.schema}.${r.name}`, r.rows);
        if (r.current) map.set(r.name, r.rows);
      }
    };
    add((await this.db.query<Estimate>(ESTIMATES)).rows);
    if (await hasCitus(this.db)) add((await this.db.query<Estimate>(CITUS_ESTIMATES)).rows);
    return map;
  }

  private async lookup(table: string): Promise<TableInfo> {
    const quoted = quoteIdent(table, 'table');
    const res = await this.db.query<{
      relkind: string;
      pk: string[];
      serial_pk: string[];
      types: Record<string, string> | null;
    }>(DESCRIBE, [quoted]);
    const row = res.rows[0];
    // A key of a sequence-numbered column plus the column a table is sharded by (fact_transactions:
    // transaction_item_key, customer_key) is unique on its numbered column alone: that number
    // names the row, as it did before the key grew, and stays short to read.
    const pk = row?.serial_pk.length === 1 ? row.serial_pk : (row?.pk ?? []);
    const col = (c: string) => `${ROW_ALIAS}.${quoteIdent(c, 'column')}`;
    let recordId: string;
    if (pk.length === 1) recordId = `${col(pk[0]!)}::text`;
    else if (pk.length > 1) recordId = `concat_ws('|', ${pk.map((c) => `${col(c)}::text`).join(', ')})`;
    // Views have no ctid: the row itself identifies it.
    else if (row && row.relkind === 'v') recordId = `left(to_jsonb(${ROW_ALIAS})::text, 200)`;
    else recordId = `${ROW_ALIAS}.ctid::text`;
    const types = new Map(Object.entries(row?.types ?? {}));
    const lineRecordId =
      pk.length === 0 && row?.relkind !== 'v' && types.has('source_file') && types.has('source_line')
        ? `concat(regexp_replace(${col('source_file')}, '^.*[/\\\\]', ''), ':', ${col('source_line')})`
        : undefined;
    // Rows staged before line tracking have no line: their ctid still names them.
    if (lineRecordId)
      recordId = `coalesce(CASE WHEN ${col('source_line')} IS NOT NULL THEN ${lineRecordId} END, ${recordId})`;
    return {
      quoted,
      recordId,
      stableRecordId: !recordId.endsWith('.ctid::text') && !lineRecordId,
      ...(lineRecordId ? { lineRecordId } : {}),
      types,
    };
  }
}
