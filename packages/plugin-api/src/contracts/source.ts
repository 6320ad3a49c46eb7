import type { SourceConfig } from './config.js';
import type { Database } from './database.js';
import type { Logger } from './logger.js';
import type { StagingWriter } from './staging.js';

/** One unit a source loads: usually one file. */
export interface SourceBatch {
  /** What to show and record as source_file (a path or a batch name). */
  name: string;
  /** The feed's date stamp (from the file name), used as effective date downstream. */
  feedDate?: string;
  /** Kind-specific handle (e.g. the absolute path). */
  location: string;
  /**
   * Set when the batch is a file at `location`: the kernel then loads it only once (a file with
   * the same name, size and content hash that loaded before is skipped) and records its size and
   * sha256 in stg_audit_log.
   */
  file?: { size: number; mtimeMs: number };
}

/** Everything a source needs to load one batch. */
export interface SourceLoadContext {
  /**
   * The kernel's staging writer for this batch: sources hand it records or COPY chunks and
   * rejects; it does the table, the swap or the dedup, stg_rejects and statistics.
   */
  staging: StagingWriter;
  /** The database (for reading; staging writes go through `staging`). */
  db: Database;
  logger: Logger;
  /** The run's load id: one per `dq load`, written to every staged row. */
  loadId: number;
  mode: SourceConfig['mode'];
  /** Called now and then with progress so far (progress bars). */
  onProgress?: (progress: SourceProgress) => void;
  signal?: AbortSignal;
}

/** Progress of one load. */
export interface SourceProgress {
  rowsRead: number;
  bytesRead?: number;
  totalBytes?: number;
}

/** What one load did. read = loaded + rejected, always. */
export interface SourceLoadResult {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /**
   * Rows actually added to the staging table: equal to rowsLoaded in full mode; in incremental
   * mode, the loaded rows whose row_hash was not staged yet.
   */
  rowsNew: number;
  /** Notes for the user (e.g. "created stg_x from the file header"). */
  notes?: string[];
  /**
   * Why the batch was read but not staged (e.g. every line was rejected): the staging table was
   * left as it was, the rejects are stored, and the load is recorded FAILED with these counts.
   */
  failure?: string;
}

/** What {@link Source.probe} found: whether the configured source can be reached, and what of it. */
export interface SourceProbe {
  ok: boolean;
  /** What was found (`3 files match in /data/crm`) or what is wrong, naming the folder, variable or table. */
  detail: string;
  /** What to do about a failure. */
  hint?: string;
}

/** A source kind: finds batches for a configured source and streams them into staging. */
export interface Source {
  /** The `kind:` value in config that selects this source. */
  readonly kind: string;
  /** A sentence for `dq plugins`. */
  readonly description?: string;
  /**
   * JSON Schema (2020-12) of `options` in a configured source of this kind: validated at
   * start-up with file, line and key; properties with `secret: true` are never shown.
   */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /**
   * The batches to load for this source, oldest first (a file source: by the date in the name,
   * then mtime); empty when nothing matches. The kernel loads each one not loaded yet, in order,
   * as its own audited batch.
   */
  discover(source: SourceConfig): Promise<SourceBatch[]>;
  /**
   * Loads one batch into `source.table` atomically: on failure the previous staging data stays.
   * Rejected rows go to stg_rejects. Throws on a failure that loaded nothing.
   */
  load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult>;
  /**
   * Optional, for `dq doctor`: checks that a configured source can be reached (its folder exists
   * and can be read; its database URL is set, the server answers and the table or query runs)
   * without loading anything. A kind without it is listed as not checked.
   */
  probe?(source: SourceConfig): Promise<SourceProbe>;
}
