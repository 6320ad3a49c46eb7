import { basename } from 'node:path';
import {
  DqError,
  isDqError,
  type Source,
  type SourceConfig,
  type SourceLoadResult,
  type SourceProgress,
  tokens,
} from '@dq/plugin-api';
import type { Kernel } from '../kernel/kernel.js';
import { KernelStagingWriter } from './staging/staging-writer.js';
import { lockingStagingTable } from './staging-lock.js';

/** What happened to one configured source in a `dq load`. */
export interface SourceRunResult {
  source: string;
  table: string;
  kind: string;
  mode: SourceConfig['mode'];
  file: string | null;
  status: 'SUCCESS' | 'PARTIAL' | 'FAILED';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsNew: number;
  startedAt: string;
  finishedAt: string;
  ms: number;
  error?: string;
  notes?: string[];
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
 * one audit row per source. A failing source is recorded FAILED and the others still load.
 *
 * Loads of one staging table never overlap, across processes: each source's load transaction
 * first takes that table's advisory lock (staging-lock.ts). The engine also holds the sources to
 * their line accounting: rows read = loaded + rejected, or the load is recorded FAILED.
 */
export class IngestEngine {
  constructor(private readonly kernel: Kernel) {}

  async load(options: LoadOptions = {}): Promise<LoadRunResult> {
    const { config, database: db, logger } = this.kernel;
    const selected = this.select(options.sources);
    const byKind = this.sourcesByKind(selected);
    const seq = await db.query<{ id: number }>("SELECT nextval('dq_load_id_seq')::bigint AS id");
    const loadId = seq.rows[0]!.id;
    // On a server, sources load side by side: one source's COPY runs in PostgreSQL while Node
    // checks the next one's bytes. The embedded database has a single connection.
    const concurrency = db.kind === 'postgres' ? Math.max(1, Math.min(3, config.database.poolSize - 1)) : 1;
    const results: SourceRunResult[] = new Array(selected.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < selected.length; i = next++) {
        const source = selected[i]!;
        const effective = { ...source, mode: options.mode ?? source.mode };
        options.onSourceStart?.(effective);
        const result = await this.loadOne(effective, byKind.get(source.kind)!, loadId, options);
        results[i] = result;
        await this.audit(loadId, result);
        logger.info({ ...result, loadId }, 'source loaded');
        options.onSourceEnd?.(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
    return { loadId, results, failed: results.filter((r) => r.status === 'FAILED').length };
  }

  private async audit(loadId: number, result: SourceRunResult): Promise<void> {
    await this.kernel.database.query(
      `INSERT INTO stg_audit_log (load_id, source_name, table_name, source_file, load_type, started_at, finished_at,
         rows_read, rows_loaded, rows_rejected, rows_new, status, error_message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
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
      ],
    );
  }

  private async loadOne(
    source: SourceConfig,
    plugin: Source,
    loadId: number,
    options: LoadOptions,
  ): Promise<SourceRunResult> {
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const base = {
      source: source.name,
      table: source.table,
      kind: source.kind,
      mode: source.mode,
      startedAt,
    };
    const timing = () => ({
      finishedAt: new Date().toISOString(),
      ms: Math.round(performance.now() - started),
    });
    let file: string | null = null;
    try {
      const batches = await plugin.discover(source);
      const batch = batches[batches.length - 1];
      if (!batch) {
        throw new DqError(
          'DQ_LOAD_FAILED',
          `no file matching ${source.pattern ?? '(no pattern)'} in ${source.path ?? '(no path)'}`,
          { hint: 'Run `dq generate`, or check path: and pattern: of the source.' },
        );
      }
      file = batch.name;
      const db = lockingStagingTable(this.kernel.database, source, options.wait ?? false);
      const logger = this.kernel.logger.child({ source: source.name });
      const res: SourceLoadResult = await plugin.load(source, batch, {
        staging: new KernelStagingWriter({ db, logger, source, loadId }),
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
      if (res.failure) {
        return {
          ...base,
          file,
          status: 'FAILED',
          rowsRead: res.rowsRead,
          rowsLoaded: 0,
          rowsRejected: res.rowsRejected,
          rowsNew: 0,
          ...timing(),
          error: `${basename(file)}: ${res.failure}`,
          ...(res.notes?.length ? { notes: res.notes } : {}),
        };
      }
      return {
        ...base,
        file,
        status: res.rowsRejected > 0 ? 'PARTIAL' : 'SUCCESS',
        rowsRead: res.rowsRead,
        rowsLoaded: res.rowsLoaded,
        rowsRejected: res.rowsRejected,
        rowsNew: res.rowsNew,
        ...timing(),
        ...(res.notes?.length ? { notes: res.notes } : {}),
      };
    } catch (err) {
      // A run that lost its lock must stop, not go on to the next source.
      if (isDqError(err) && err.code === 'DQ_RUN_LOCK_LOST') throw err;
      const message = (err as Error).message;
      this.kernel.logger.error({ source: source.name, err: message }, 'source failed');
      return {
        ...base,
        file,
        status: 'FAILED',
        rowsRead: 0,
        rowsLoaded: 0,
        rowsRejected: 0,
        rowsNew: 0,
        ...timing(),
        error: file && !message.includes(basename(file)) ? `${basename(file)}: ${message}` : message,
      };
    }
  }

  private select(names: readonly string[] | undefined): SourceConfig[] {
    const all = this.kernel.config.sources;
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
    for (const source of this.kernel.resolveAll<Source>(tokens.source)) byKind.set(source.kind, source);
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
