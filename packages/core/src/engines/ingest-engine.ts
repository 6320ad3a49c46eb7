import { basename, resolve } from 'node:path';
import {
  type Database,
  type DqConfig,
  DqError,
  inject,
  injectAll,
  isDqError,
  type Logger,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadResult,
  type SourceProgress,
  type SqlExecutor,
  tokens,
} from '@dq/plugin-api';
import { hashFile } from './file-hash.js';
import { KernelStagingWriter, type StagingHooks } from './staging/staging-writer.js';
import { lockingStagingTable } from './staging-lock.js';

/** What happened to one configured source in a `dq load`. */
export interface SourceRunResult {
  source: string;
  table: string;
  kind: string;
  mode: SourceConfig['mode'];
  file: string | null;
  /** SKIPPED: every matching file was loaded before (nothing audited). */
  status: 'SUCCESS' | 'PARTIAL' | 'FAILED' | 'SKIPPED';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsNew: number;
  startedAt: string;
  finishedAt: string;
  ms: number;
  error?: string;
  /** The failure's DqError code and details (stg_audit_log.error_code, error_details). */
  errorCode?: string;
  errorDetails?: unknown;
  notes?: string[];
  /** A file batch's size and sha256 (stored in stg_audit_log: a file loads once). */
  fileSize?: number;
  contentHash?: string;
}

/** A file batch's size, and its sha256 once known (hashed early only when name and size match a load). */
interface FileFingerprint {
  size: number;
  hash?: string;
}

/** Thrown in a batch's locked transaction when another load staged the same file meanwhile. */
class LoadedMeanwhile extends Error {}

/** A plugin may wrap what the writer threw: look through the causes. */
function isLoadedMeanwhile(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof LoadedMeanwhile) return true;
  return false;
}

/** The outcome of a `dq load`. */
export interface LoadRunResult {
  loadId: number;
  results: SourceRunResult[];
  failed: number;
}

/** Options of {@link IngestEngine.load}. */
export interface LoadOptions {
  /** Source names to load (default: all configured). */
  sources?: readonly string[];
  /** Loads this one file only (by path), with the source whose folder and pattern match it. */
  file?: string;
  /** Overrides each source's configured mode. */
  mode?: SourceConfig['mode'];
  /**
   * When another process is loading the same staging table: wait for it (true) or record the
   * source FAILED at once with DQ_LOAD_LOCKED (false, the default).
   */
  wait?: boolean;
  onSourceStart?(source: SourceConfig): void;
  onProgress?(source: SourceConfig, progress: SourceProgress): void;
  onSourceEnd?(result: SourceRunResult): void;
}

/**
 * Drives the sources: one load id per run, each configured source through the plugin of its kind,
 * every batch (file) not loaded yet oldest first, one audit row per batch. A failing source is
 * recorded FAILED and the others still load.
 *
 * Loads of one staging table never overlap, across processes: each source's load transaction
 * first takes that table's advisory lock (staging-lock.ts). The engine also holds the sources to
 * their line accounting: rows read = loaded + rejected, or the load is recorded FAILED.
 */
export class IngestEngine {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @injectAll(tokens.source) private readonly sources: readonly Source[],
  ) {}

  async load(options: LoadOptions = {}): Promise<LoadRunResult> {
    const { config, database: db } = this;
    const selected = this.select(options.sources);
    const byKind = this.sourcesByKind(selected);
    const seq = await db.query<{ id: number }>("SELECT nextval('dq_load_id_seq')::bigint AS id");
    const loadId = seq.rows[0]!.id;
    // On a server, sources load side by side: one source's COPY runs in PostgreSQL while Node
    // checks the next one's bytes. The embedded database has a single connection.
    const concurrency = db.kind === 'postgres' ? Math.max(1, Math.min(3, config.database.poolSize - 1)) : 1;
    const results: SourceRunResult[][] = new Array(selected.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < selected.length; i = next++) {
        const source = selected[i]!;
        const effective = { ...source, mode: options.mode ?? source.mode };
        results[i] = await this.loadSource(effective, byKind.get(source.kind)!, loadId, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
    const flat = results.flat();
    if (options.file && flat.length === 0) {
      throw new DqError('DQ_USAGE', `No configured source matches ${options.file}.`, {
        hint: "The file must be in a source's path: and match its pattern: (name it with --source to narrow).",
      });
    }
    return { loadId, results: flat, failed: flat.filter((r) => r.status === 'FAILED').length };
  }

  /**
   * One configured source: every batch it discovers that was not loaded yet, oldest first, each
   * its own audited load. A failed batch stops the backlog (the next run takes it up again, in
   * order); a file loaded before (same name, size and content) is skipped.
   */
  private async loadSource(
    source: SourceConfig,
    plugin: Source,
    loadId: number,
    options: LoadOptions,
  ): Promise<SourceRunResult[]> {
    const { logger } = this;
    const out: SourceRunResult[] = [];
    const finish = async (result: SourceRunResult, audited = false) => {
      out.push(result);
      if (!audited) await this.audit(this.database, loadId, result);
      logger.info({ ...result, loadId }, 'source loaded');
      options.onSourceEnd?.(result);
    };
    const startedAt = new Date().toISOString();
    let batches: SourceBatch[];
    try {
      batches = await plugin.discover(source);
      if (options.file) {
        const wanted = resolve(options.file);
        batches = batches.filter((b) => resolve(b.location) === wanted);
        if (batches.length === 0) return out;
      }
      if (batches.length === 0) {
        throw new DqError(
          'DQ_LOAD_FAILED',
          `no file matching ${source.pattern ?? '(no pattern)'} in ${source.path ?? '(no path)'}`,
          { hint: 'Run `dq generate`, or check path: and pattern: of the source.' },
        );
      }
    } catch (err) {
      options.onSourceStart?.(source);
      await finish(this.failed(source, startedAt, null, err));
      return out;
    }
    let skipped = 0;
    for (const [i, batch] of batches.entries()) {
      const fingerprint = batch.file ? await this.fileFingerprint(this.database, source, batch) : undefined;
      if (fingerprint === 'loaded') {
        skipped++;
        continue;
      }
      options.onSourceStart?.(source);
      const outcome = await this.loadOne(source, plugin, batch, loadId, options, fingerprint);
      if (outcome === 'loaded') {
        skipped++;
        continue;
      }
      const { result, audited } = outcome;
      await finish(result, audited);
      if (result.status === 'FAILED' && i < batches.length - 1) {
        const left = batches.length - 1 - i;
        result.notes = [
          ...(result.notes ?? []),
          `${left} later file${left > 1 ? 's' : ''} not loaded: files load in order, so the next run starts again at ${basename(batch.name)}`,
        ];
        break;
      }
    }
    if (out.length === 0) {
      const at = new Date().toISOString();
      const result: SourceRunResult = {
        source: source.name,
        table: source.table,
        kind: source.kind,
        mode: source.mode,
        file: null,
        status: 'SKIPPED',
        rowsRead: 0,
        rowsLoaded: 0,
        rowsRejected: 0,
        rowsNew: 0,
        startedAt,
        finishedAt: at,
        ms: 0,
        notes: [
          `nothing new: ${skipped} file${skipped === 1 ? '' : 's'} loaded before (same name, size and content)`,
        ],
      };
      out.push(result);
      options.onSourceEnd?.(result);
    }
    return out;
  }

  /**
   * 'loaded' when a file of this batch's name, size and content loaded into its table before;
   * otherwise its size, and its hash when it had to be computed to tell. The content is hashed
   * here only when name and size match a load; else the source hashes it while loading it.
   * Asked once before a batch and again in its locked transaction (`known`: the hash from then).
   */
  private async fileFingerprint(
    db: SqlExecutor,
    source: SourceConfig,
    batch: SourceBatch,
    known?: string,
  ): Promise<FileFingerprint | 'loaded'> {
    const size = batch.file!.size;
    const seen = await db.query<{ content_hash: string }>(
      `SELECT DISTINCT content_hash FROM stg_audit_log
        WHERE table_name = $1 AND file_size = $2 AND status IN ('SUCCESS', 'PARTIAL')
          AND content_hash IS NOT NULL AND regexp_replace(source_file, '^.*[/\\\\]', '') = $3`,
      [source.table, size, basename(batch.location)],
    );
    if (seen.rows.length === 0) return known ? { size, hash: known } : { size };
    const hash = known ?? (await hashFile(batch.location));
    return seen.rows.some((r) => r.content_hash === hash) ? 'loaded' : { size, hash };
  }

  private async audit(db: SqlExecutor, loadId: number, result: SourceRunResult): Promise<void> {
    await db.query(
      `INSERT INTO stg_audit_log (load_id, source_name, table_name, source_file, load_type, started_at, finished_at,
         rows_read, rows_loaded, rows_rejected, rows_new, status, error_message, file_size, content_hash,
         error_code, error_details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)`,
      [
        loadId,
        result.source,
        result.table,
        result.file,
        result.mode,
        result.startedAt,
        result.finishedAt,
        result.rowsRead,
        result.rowsLoaded,
        result.rowsRejected,
        result.rowsNew,
        result.status,
        result.error ?? null,
        result.fileSize ?? null,
        result.contentHash ?? null,
        result.errorCode ?? null,
        result.errorDetails === undefined ? null : JSON.stringify(result.errorDetails),
      ],
    );
  }

  /**
   * One batch through its source. Returns 'loaded' when, under the staging table's lock, the file
   * turned out staged by another load meanwhile; `audited` when its audit row was written in the
   * batch's own transaction (the staging writer's hooks), committed with its rows.
   */
  private async loadOne(
    source: SourceConfig,
    plugin: Source,
    batch: SourceBatch,
    loadId: number,
    options: LoadOptions,
    fingerprint: FileFingerprint | undefined,
  ): Promise<{ result: SourceRunResult; audited: boolean } | 'loaded'> {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const base = {
      source: source.name,
      table: source.table,
      kind: source.kind,
      mode: source.mode,
      startedAt,
      file: batch.name,
    };
    const timing = () => ({
      finishedAt: new Date().toISOString(),
      ms: Math.round(performance.now() - started),
    });
    const file = batch.name;
    let known = fingerprint;
    // The source's hash of the bytes it read; a source that gives none has the file read again.
    const stamp = async (sourceHash: string | undefined) =>
      known
        ? {
            fileSize: known.size,
            contentHash: known.hash ?? sourceHash ?? (await hashFile(batch.location)),
          }
        : {};
    let audited: SourceRunResult | undefined;
    const hooks: StagingHooks = {
      begin: async (tx) => {
        if (!known) return;
        const now = await this.fileFingerprint(tx, source, batch, known.hash);
        if (now === 'loaded') throw new LoadedMeanwhile();
        known = now;
      },
      end: async (tx, res, sourceHash) => {
        const result = this.resultOf(base, file, res, timing(), await stamp(sourceHash));
        await this.audit(tx, loadId, result);
        audited = result;
      },
    };
    try {
      const db = lockingStagingTable(this.database, source, options.wait ?? false);
      const logger = this.logger.child({ source: source.name });
      const res: SourceLoadResult = await plugin.load(source, batch, {
        staging: new KernelStagingWriter({ db, logger, source, loadId, hooks }),
        db,
        logger,
        loadId,
        mode: source.mode,
        onProgress: (p) => options.onProgress?.(source, p),
      });
      if (res.rowsRead !== res.rowsLoaded + res.rowsRejected) {
        throw new DqError(
          'DQ_INTERNAL',
          `the ${source.kind} source reported ${res.rowsRead} rows read but ${res.rowsLoaded} loaded and ${res.rowsRejected} rejected`,
        );
      }
      if (audited) return { result: audited, audited: true };
      return { result: this.resultOf(base, file, res, timing(), await stamp(undefined)), audited: false };
    } catch (err) {
      if (isLoadedMeanwhile(err)) return 'loaded';
      // A run that lost its lock must stop, not go on to the next source.
      if (isDqError(err) && err.code === 'DQ_RUN_LOCK_LOST') throw err;
      return { result: { ...this.failed(source, startedAt, file, err), ...timing() }, audited: false };
    }
  }

  private resultOf(
    base: Pick<SourceRunResult, 'source' | 'table' | 'kind' | 'mode' | 'startedAt' | 'file'>,
    file: string,
    res: SourceLoadResult,
    timing: { finishedAt: string; ms: number },
    stamp: { fileSize?: number; contentHash?: string },
  ): SourceRunResult {
    const notes = res.notes?.length ? { notes: res.notes } : {};
    if (res.failure) {
      return {
        ...base,
        status: 'FAILED',
        rowsRead: res.rowsRead,
        rowsLoaded: 0,
        rowsRejected: res.rowsRejected,
        rowsNew: 0,
        ...timing,
        error: `${basename(file)}: ${res.failure}`,
        ...notes,
        ...stamp,
      };
    }
    return {
      ...base,
      status: res.rowsRejected > 0 ? 'PARTIAL' : 'SUCCESS',
      rowsRead: res.rowsRead,
      rowsLoaded: res.rowsLoaded,
      rowsRejected: res.rowsRejected,
      rowsNew: res.rowsNew,
      ...timing,
      ...notes,
      ...stamp,
    };
  }

  private failed(
    source: SourceConfig,
    startedAt: string,
    file: string | null,
    err: unknown,
  ): SourceRunResult {
    const message = (err as Error).message;
    this.logger.error({ source: source.name, err: message }, 'source failed');
    const at = new Date().toISOString();
    return {
      source: source.name,
      table: source.table,
      kind: source.kind,
      mode: source.mode,
      file,
      status: 'FAILED',
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rowsNew: 0,
      startedAt,
      finishedAt: at,
      ms: Math.max(0, Date.parse(at) - Date.parse(startedAt)),
      error: file && !message.includes(basename(file)) ? `${basename(file)}: ${message}` : message,
      ...(isDqError(err)
        ? { errorCode: err.code, ...(err.details === undefined ? {} : { errorDetails: err.details }) }
        : {}),
    };
  }

  private select(names: readonly string[] | undefined): SourceConfig[] {
    const all = this.config.sources;
    if (!names || names.length === 0) return all;
    const unknown = names.filter((n) => !all.some((s) => s.name === n));
    if (unknown.length > 0) {
      throw new DqError('DQ_USAGE', `Unknown source ${unknown.join(', ')}.`, {
        hint: `Configured sources: ${all.map((s) => s.name).join(', ') || 'none'}.`,
      });
    }
    return all.filter((s) => names.includes(s.name));
  }

  private sourcesByKind(selected: readonly SourceConfig[]): Map<string, Source> {
    const byKind = new Map<string, Source>();
    for (const source of this.sources) byKind.set(source.kind, source);
    const missing = selected.filter((s) => !byKind.has(s.kind));
    if (missing.length > 0) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `No plugin provides the source kind ${[...new Set(missing.map((s) => s.kind))].join(', ')} (sources ${missing.map((s) => s.name).join(', ')}).`,
        {
          hint: `Loaded source kinds: ${[...byKind.keys()].join(', ') || 'none'}. Add the plugin to plugins: in the config.`,
        },
      );
    }
    return byKind;
  }
}
