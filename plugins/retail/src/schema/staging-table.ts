import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A staging table as the seed defines them: every feed column as text (staging accepts anything;
 * rules judge it later), then the audit columns. The loader fills row_hash (md5 of the record)
 * and stamps load_id and source_file through column defaults during COPY.
 */
export function stagingTable<const C extends string>(name: string, columns: readonly C[]) {
  const data = Object.fromEntries(columns.map((c) => [c, text(c)])) as unknown as Record<
    C,
    ReturnType<typeof text>
  >;
  return pgTable(name, {
    ...data,
    load_id: bigint('load_id', { mode: 'number' }),
    source_file: text('source_file'),
    row_hash: text('row_hash'),
    load_timestamp: timestamp('load_timestamp', { withTimezone: true }).defaultNow(),
  });
}
