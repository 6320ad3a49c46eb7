import { quoteIdent, type SqlExecutor } from '@dq/plugin-api';

/**
 * Runs `fill` (an INSERT into `table`, empty before it) with the table's indexes and unique
 * constraints dropped, and builds them again after it, all in the caller's transaction: building
 * an index once over the rows costs a fraction of maintaining it row by row (at scale 1, the 362k
 * items took 11 s into the four indexes of fact_transactions against 2.7 s to build them after, on
 * the loaded 2-core machine). If anything fails, the transaction rolls back the DDL with the rows.
 * The table is locked for the step (ACCESS EXCLUSIVE), which matters little while it is empty.
 * Left as it is on Citus (distributed tables keep their own indexes on the shards) and when a
 * foreign key refers to the table (its key cannot be dropped).
 */
export async function withIndexesBuiltAfter<T>(
  tx: SqlExecutor,
  table: string,
  fill: () => Promise<T>,
): Promise<T> {
  const q = quoteIdent(table, 'table');
  const guard = await tx.query<{ citus: boolean; referenced: boolean }>(
    `SELECT to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL AS citus,
            EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = $1::regclass) AS referenced`,
    [table],
  );
  if (guard.rows[0]!.citus || guard.rows[0]!.referenced) return fill();
  const constraints = await tx.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY conname`,
    [table],
  );
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [table],
  );
  for (const { name } of indexes.rows) await tx.exec(`DROP INDEX ${quoteIdent(name, 'index')}`);
  for (const { name } of constraints.rows) {
    await tx.exec(`ALTER TABLE ${q} DROP CONSTRAINT ${quoteIdent(name, 'constraint')}`);
  }
  const result = await fill();
  for (const { name, def } of constraints.rows) {
    await tx.exec(`ALTER TABLE ${q} ADD CONSTRAINT ${quoteIdent(name, 'constraint')} ${def}`);
  }
  for (const { def } of indexes.rows) await tx.exec(def);
  return result;
}
