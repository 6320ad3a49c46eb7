import type { SourceLoadResult } from './source.js';

/** One record a source read: its values in the batch's column order, and where it came from. */
export interface StagingRecord {
  /** Values in {@link StagingBatch.columns} order; null is SQL NULL. */
  values: readonly (string | null)[];
  /** The (first) line of the record in its file, stored in the `source_line` audit column. */
  line?: number;
}

/** A record that cannot be staged, kept in stg_rejects with why. */
export interface StagingReject {
  /** Its line in the file (or its position in the batch). */
  line?: number;
  /** The record as read (at most 10,000 characters are kept). */
  raw: string;
  reason: string;
}

/** What the staging writer tells a source once the staging table's shape is settled. */
export interface StagingSink {
  /** The staging table's data columns, in table order (the batch's columns plus any older ones). */
  readonly tableColumns: readonly string[];
  /**
   * The row hash takes the values in table order: `hashOrder[k]` is the batch position of the
   * table's k-th column. Sources that write COPY chunks hash in this order (see
   * {@link StagingWriter.rowHashSql}).
   */
  readonly hashOrder: readonly number[];
  /** Sets records aside for stg_rejects (spooled to disk, stored when the batch ends). */
  reject(rejects: readonly StagingReject[]): Promise<void>;
}

/**
 * The records of a batch, either as values the writer formats and hashes, or as COPY-ready
 * chunks a fast source formats itself.
 */
export type StagingData =
  | {
      kind: 'records';
      /** Batches of records in order; rejects go to `sink.reject` as they are found. */
      records(sink: StagingSink): AsyncIterable<readonly StagingRecord[]>;
    }
  | {
      kind: 'copy';
      /**
       * `csv` (UTF-8, `delimiter`, NULL as an unquoted empty field) or PostgreSQL `text` format.
       * Each record holds the batch's columns in order, then its row hash (md5 hex of the values
       * in table order, see {@link StagingWriter.rowHashSql}), then its line number (empty or
       * `\N` when none). Every csv chunk ends on a record boundary; text chunks may end anywhere.
       */
      format: 'csv' | 'text';
      delimiter?: string;
      chunks(sink: StagingSink): AsyncIterable<Buffer>;
    };

/** One batch for the staging writer. */
export interface StagingBatch {
  /** Recorded in source_file (and stg_rejects.source_file). */
  sourceFile: string;
  /** The batch's column names (a file's header), in the order its values come. */
  columns: readonly string[];
  data: StagingData;
  /** A batch without records: `load` it (a full load empties the table, with a note) or `fail`. */
  emptyBatch?: 'load' | 'fail';
  /** Notes gathered before staging (e.g. from reading a header). */
  notes?: readonly string[];
  /**
   * A file source that hashed the file's bytes while it read them: the sha256 (hex) of the whole
   * file, asked for once the data is consumed; undefined when it could not hash all of it. The
   * kernel records it in stg_audit_log (a file loads once) instead of reading the file again.
   */
  contentHash?: () => string | undefined;
}

/**
 * The kernel's staging writer, handed to each source load (`ctx.staging`). It stages one batch
 * atomically in the load's transaction, identically for every source kind: creates the table from
 * the batch's columns when it does not exist (text columns plus the audit columns), adds columns
 * a feed gained, fails on a column it lost (the previous data kept), swaps a fresh table in (full
 * mode) or appends the rows whose row_hash is new (incremental mode), stores the rejects, analyzes
 * the table and stamps load_id, source_file, source_line and row_hash. A batch whose every record
 * was rejected is refused (table kept, rejects stored).
 */
export interface StagingWriter {
  /** Stages one batch. Throws DQ_LOAD_FAILED when it cannot (nothing changed but the rejects). */
  write(batch: StagingBatch): Promise<SourceLoadResult>;
  /**
   * SQL computing the row hash from stored columns: md5 over each column in order, its UTF-8
   * bytes then a 0x00 byte, a NULL as the single byte 0xFF. A database source runs it remotely.
   */
  rowHashSql(columns: readonly string[], alias?: string): string;
  /** The same row hash in Node, of values in table order. */
  rowHash(values: readonly (string | null)[]): string;
}
