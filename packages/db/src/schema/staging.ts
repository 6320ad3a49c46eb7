import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** One load id per `dq load` run, shared by every source it loads. */
export const loadIdSeq = pgSequence('dq_load_id_seq');

/** One row per source file load: what was read, loaded and rejected. */
export const stgAuditLog = pgTable(
  'stg_audit_log',
  {
    auditId: bigserial('audit_id', { mode: 'number' }).primaryKey(),
    loadId: bigint('load_id', { mode: 'number' }).notNull(),
    sourceName: text('source_name').notNull(),
    tableName: text('table_name').notNull(),
    sourceFile: text('source_file'),
    loadType: text('load_type').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    rowsRead: bigint('rows_read', { mode: 'number' }).notNull().default(0),
    rowsLoaded: bigint('rows_loaded', { mode: 'number' }).notNull().default(0),
    rowsRejected: bigint('rows_rejected', { mode: 'number' }).notNull().default(0),
    // Incremental loads accept every valid row (loaded) but append only unseen ones (new).
    rowsNew: bigint('rows_new', { mode: 'number' }).notNull().default(0),
    status: text('status').notNull(),
    errorMessage: text('error_message'),
    // A file's size and sha256: a file loaded once (same name, size and content) is not loaded again.
    fileSize: bigint('file_size', { mode: 'number' }),
    contentHash: text('content_hash'),
    // A failure's DqError code and details: the schema monitors find a refused feed header by
    // its code (DQ_LOAD_HEADER_MISMATCH) and read the missing columns from the details.
    errorCode: text('error_code'),
    errorDetails: jsonb('error_details'),
  },
  (t) => [index('stg_audit_log_load_idx').on(t.loadId), index('stg_audit_log_table_idx').on(t.tableName)],
);

/** Malformed input rows, kept with their line number and raw text so nothing is lost. */
export const stgRejects = pgTable(
  'stg_rejects',
  {
    rejectId: bigserial('reject_id', { mode: 'number' }).primaryKey(),
    loadId: bigint('load_id', { mode: 'number' }).notNull(),
    tableName: text('table_name').notNull(),
    sourceFile: text('source_file'),
    lineNumber: bigint('line_number', { mode: 'number' }),
    rawLine: text('raw_line'),
    reason: text('reason').notNull(),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stg_rejects_load_idx').on(t.loadId, t.tableName)],
);

/** Column profiles computed by `dq profile`. */
export const stgDataProfile = pgTable(
  'stg_data_profile',
  {
    profileId: bigserial('profile_id', { mode: 'number' }).primaryKey(),
    loadId: bigint('load_id', { mode: 'number' }),
    tableName: text('table_name').notNull(),
    columnName: text('column_name').notNull(),
    rowCount: bigint('row_count', { mode: 'number' }).notNull(),
    nullCount: bigint('null_count', { mode: 'number' }).notNull(),
    nullPct: numeric('null_pct', { precision: 6, scale: 2 }),
    distinctCount: bigint('distinct_count', { mode: 'number' }),
    minValue: text('min_value'),
    maxValue: text('max_value'),
    minLength: integer('min_length'),
    maxLength: integer('max_length'),
    topValues: jsonb('top_values'),
    profiledAt: timestamp('profiled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stg_data_profile_table_idx').on(t.tableName, t.profiledAt)],
);
