import {
  type DimensionSpec,
  type LoadCounts,
  quoteIdent,
  type ScdStrategy,
  type SqlExecutor,
} from '@dq/plugin-api';
import { SOURCE_TABLE, specColumns, stageSourceRows } from './source-rows.js';

/**
 * SCD Type 1: one row per business key, attributes overwritten in place. An upsert on the
 * business key that touches a row only when a value really changed (null-safe), so loading the
 * same feed twice changes nothing.
 */
export class ScdType1Strategy implements ScdStrategy {
  readonly type = 'type1';
  readonly description = 'One row per key; changes overwrite in place';

  async apply(spec: DimensionSpec, tx: SqlExecutor): Promise<LoadCounts> {
    await stageSourceRows(tx, spec);
    const table = quoteIdent(spec.table, 'table');
    const keys = spec.businessKey.map((k) => quoteIdent(k));
    const all = specColumns(spec).map((c) => quoteIdent(c));
    const attrs = specColumns(spec)
      .filter((c) => !spec.businessKey.includes(c))
      .map((c) => quoteIdent(c));
    const join = keys.map((k) => `d.${k} = src.${k}`).join(' AND ');
    const changed = attrs.map((c) => `d.${c} IS DISTINCT FROM src.${c}`).join(' OR ') || 'false';
    // The temporary source table is read through a subquery and the dimension's keys through a
    // MATERIALIZED CTE: the same plan on one server, and on Citus (where the dimension is a
    // reference table) no direct join of a local table with a Citus table (DESIGN section 12).
    const updated = await tx.query(
      `UPDATE ${table} d SET ${attrs.map((c) => `${c} = src.${c}`).join(', ')}
         FROM (SELECT * FROM ${SOURCE_TABLE}) src WHERE ${join} AND (${changed})`,
    );
    const inserted = await tx.query(
      `WITH d AS MATERIALIZED (SELECT ${keys.join(', ')} FROM ${table})
       INSERT INTO ${table} (${all.join(', ')})
       SELECT ${all.map((c) => `src.${c}`).join(', ')} FROM ${SOURCE_TABLE} src
        WHERE NOT EXISTS (SELECT 1 FROM d WHERE ${join})`,
    );
    return { inserted: inserted.rowCount, updated: updated.rowCount };
  }
}
