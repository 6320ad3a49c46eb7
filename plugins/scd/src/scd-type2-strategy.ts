import {
  type DimensionSpec,
  type LoadCounts,
  quoteIdent,
  type ScdStrategy,
  type SqlExecutor,
} from '@dq/plugin-api';
import { SOURCE_TABLE, specColumns, stageSourceRows } from './source-rows.js';

/** The open end of a current version's half-open window. */
export const END_OF_TIME = '9999-12-31';

/**
 * SCD Type 2 with half-open windows [valid_from, valid_to): a change of a Type 2 column closes
 * the current version at the feed's effective date and opens a new one from that date; Type 1
 * columns are overwritten on every version of the key. Change detection is null-safe. All
 * statements are set-based and run in the caller's transaction.
 *
 * A feed older than the current version (effective date <= its valid_from) cannot rewrite
 * history: its Type 2 changes are ignored (Type 1 values still apply).
 */
export class ScdType2Strategy implements ScdStrategy {
  readonly type = 'type2';
  readonly description = 'Versioned history: half-open validity windows, Type 1 overwrites';

  async apply(spec: DimensionSpec, tx: SqlExecutor): Promise<LoadCounts> {
    await stageSourceRows(tx, spec);
    const q = (c: string) => quoteIdent(c, 'column');
    const table = quoteIdent(spec.table, 'table');
    const keys = spec.businessKey.map(q);
    const type2 = (spec.type2Columns ?? []).map(q);
    const type1 = specColumns(spec)
      .filter((c) => !spec.businessKey.includes(c) && !(spec.type2Columns ?? []).includes(c))
      .map(q);
    const all = specColumns(spec).map(q);
    const join = keys.map((k) => `d.${k} = src.${k}`).join(' AND ');
    const t2changed = type2.map((c) => `d.${c} IS DISTINCT FROM src.${c}`).join(' OR ') || 'false';
    const initial = spec.initialValidFrom
      ? `LEAST(coalesce((${spec.initialValidFrom})::date, src.dq_effective_date), src.dq_effective_date)`
      : 'src.dq_effective_date';

    // The temporary source table is read through subqueries and the dimension through MATERIALIZED
    // CTEs: the same plans on one server, and on Citus (the dimension a reference table) no direct
    // join of a local table with a Citus table in an UPDATE or INSERT (DESIGN section 12).
    // 1. Close the current versions whose tracked columns changed, at the effective date.
    const closed = await tx.query(
      `UPDATE ${table} d SET valid_to = src.dq_effective_date, is_current = false
         FROM (SELECT * FROM ${SOURCE_TABLE}) src
        WHERE ${join} AND d.is_current AND src.dq_effective_date > d.valid_from AND (${t2changed})`,
    );
    // 2. Open new versions: for the keys just closed, and for keys never seen.
    const opened = await tx.query(
      // (A LEFT JOIN, not EXISTS in the select list: Citus 13.2 crashed on the latter.)
      `WITH d AS MATERIALIZED (
         SELECT ${keys.join(', ')}, bool_or(is_current) AS has_current FROM ${table} GROUP BY ${keys.join(', ')}
       )
       INSERT INTO ${table} (${all.join(', ')}, valid_from, valid_to, is_current)
       SELECT ${all.map((c) => `src.${c}`).join(', ')},
              CASE WHEN d.${keys[0]} IS NOT NULL THEN src.dq_effective_date ELSE ${initial} END,
              DATE '${END_OF_TIME}', true
         FROM ${SOURCE_TABLE} src LEFT JOIN d ON ${join}
        WHERE d.has_current IS NOT TRUE`,
    );
    // 3. Type 1 columns: overwrite every version of the key where a value differs.
    const updated =
      type1.length === 0
        ? { rowCount: 0 }
        : await tx.query(
            `UPDATE ${table} d SET ${type1.map((c) => `${c} = src.${c}`).join(', ')}
               FROM (SELECT * FROM ${SOURCE_TABLE}) src
              WHERE ${join} AND (${type1.map((c) => `d.${c} IS DISTINCT FROM src.${c}`).join(' OR ')})`,
          );
    // 4. Keys gone from the feed: close their current version when the spec says so.
    let invalidated = 0;
    if (spec.hardDelete === 'invalidate') {
      const res = await tx.query(
        `WITH gone AS MATERIALIZED (
           SELECT d.${q(spec.surrogateKey)} AS key, feed.last AS valid_to
             FROM ${table} d CROSS JOIN (SELECT max(dq_effective_date) AS last FROM ${SOURCE_TABLE}) feed
            WHERE d.is_current AND d.${q(spec.surrogateKey)} <> -1 AND feed.last > d.valid_from
              AND NOT EXISTS (SELECT 1 FROM ${SOURCE_TABLE} src WHERE ${join})
         )
         UPDATE ${table} d SET valid_to = gone.valid_to, is_current = false
           FROM (SELECT * FROM gone) gone WHERE d.${q(spec.surrogateKey)} = gone.key`,
      );
      invalidated = res.rowCount;
    }
    return {
      inserted: opened.rowCount,
      updated: updated.rowCount,
      closed: closed.rowCount + invalidated,
    };
  }
}
