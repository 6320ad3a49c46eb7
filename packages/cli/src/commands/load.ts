import { IngestEngine, type LoadRunResult } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import cliProgress from 'cli-progress';
import { DqCommand } from '../dq-command.js';
import { renderTable } from '../render/table.js';

export default class Load extends DqCommand<typeof Load> {
  static override summary = 'Load the configured sources into their staging tables.';
  static override description =
    "Each source loads every matching file not loaded yet, oldest first (by the date in the name, then mtime), each atomically: a failure keeps the previous staging data and stops that source's backlog. A file loaded before (same name, size and content) is skipped. Malformed lines go to stg_rejects; every file gets a stg_audit_log row. Loads of one staging table never overlap: a source whose table another process is loading fails with a clear message, or waits with --wait. Exits 3 if any source failed.";
  static override examples = [
    '<%= config.bin %> load',
    '<%= config.bin %> load --source crm_customers --source products',
    '<%= config.bin %> load --mode incremental --json',
    '<%= config.bin %> load --file data/raw/crm_customers_20260102.csv',
  ];
  static override flags = {
    source: Flags.string({
      char: 's',
      multiple: true,
      description: 'source name to load (repeatable; default all)',
    }),
    mode: Flags.string({ options: ['full', 'incremental'], description: 'override every source mode' }),
    file: Flags.string({
      description: 'load this one file, with the source whose path and pattern match it',
    }),
    wait: Flags.boolean({
      description: 'wait for another process loading the same staging table instead of failing that source',
      default: false,
    }),
  };

  async run(): Promise<LoadRunResult> {
    const kernel = await this.kernel();
    const bars = process.stderr.isTTY && !this.jsonEnabled() ? new ProgressBars() : undefined;
    const result = await kernel.build(IngestEngine).load({
      ...(this.flags.source ? { sources: this.flags.source } : {}),
      ...(this.flags.mode ? { mode: this.flags.mode as 'full' | 'incremental' } : {}),
      ...(this.flags.file ? { file: this.flags.file } : {}),
      wait: this.flags.wait,
      onSourceStart: (s) => bars?.start(s.name),
      onProgress: (s, p) => bars?.update(s.name, p.rowsRead, p.bytesRead ?? 0, p.totalBytes ?? 0),
      onSourceEnd: (r) => bars?.finish(r.source, r.rowsRead),
    });
    bars?.stop();
    this.log(
      renderTable(
        ['source', 'table', 'status', 'read', 'loaded', 'new', 'rejected', 'seconds'],
        result.results.map((r) => [
          r.source,
          r.table,
          r.status,
          r.rowsRead,
          r.rowsLoaded,
          r.rowsNew,
          r.rowsRejected,
          (r.ms / 1000).toFixed(1),
        ]),
      ),
    );
    for (const r of result.results) {
      for (const note of r.notes ?? []) this.log(`note: ${r.source}: ${note}`);
      if (r.error) this.logToStderr(`${r.source}: FAILED: ${r.error}`);
      else if (r.rowsRejected > 0) {
        this.log(
          `${r.source}: ${r.rowsRejected} line(s) rejected; see stg_rejects (load_id ${result.loadId}).`,
        );
      }
    }
    if (result.failed > 0) {
      throw new DqError(
        'DQ_LOAD_FAILED',
        `${result.failed} of ${result.results.length} sources failed (load_id ${result.loadId}).`,
        {
          data: result,
        },
      );
    }
    return result;
  }
}

/** One progress bar per source on a TTY: rows read, rows/s, share of the file read. */
class ProgressBars {
  private readonly multi = new cliProgress.MultiBar(
    {
      format: ' {source} [{bar}] {percentage}% | {rows} rows | {rate} rows/s',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  private readonly bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();

  start(source: string): void {
    this.bars.set(source, {
      bar: this.multi.create(100, 0, { source: source.padEnd(24), rows: 0, rate: 0 }),
      started: performance.now(),
    });
  }

  update(source: string, rows: number, bytes: number, total: number): void {
    const entry = this.bars.get(source);
    if (!entry) return;
    const seconds = Math.max((performance.now() - entry.started) / 1000, 0.001);
    entry.bar.update(total > 0 ? Math.round((100 * bytes) / total) : 0, {
      rows: rows.toLocaleString('en-US'),
      rate: Math.round(rows / seconds).toLocaleString('en-US'),
    });
  }

  finish(source: string, rows: number): void {
    const entry = this.bars.get(source);
    entry?.bar.update(100, { rows: rows.toLocaleString('en-US') });
  }

  stop(): void {
    this.multi.stop();
  }
}
