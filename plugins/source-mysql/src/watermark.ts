import { type Database, quoteIdent } from '@dq/plugin-api';
import type { FieldPacket } from 'mysql2';

/** Numeric column types (mysql2 type ids): their staged text must be compared as numbers. */
const NUMERIC = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);

/**
 * The highest watermark value staged so far, as text, or null before the first load. It is read
 * from the staging table itself, so a failed run (rolled back) leaves it where it was. A numeric
 * column compares as a number (text would put '999' after '1000'); dates and times in their ISO
 * text sort as they compare.
 */
export async function lastWatermark(
  db: Database,
  table: string,
  column: string,
  field: FieldPacket,
): Promise<string | null> {
  const exists = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
    quoteIdent(table, 'table'),
  ]);
  if (!exists.rows[0]?.t) return null;
  const has = await db.query(
    'SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2',
    [table.split('.').pop(), column],
  );
  if (has.rows.length === 0) return null;
  const col = quoteIdent(column, 'column');
  const max = NUMERIC.has(field.columnType ?? field.type ?? -1)
    ? `max(${col}::numeric)::text`
    : `max(${col})`;
  const res = await db.query<{ m: string | null }>(`SELECT ${max} AS m FROM ${quoteIdent(table, 'table')}`);
  return res.rows[0]?.m ?? null;
}
