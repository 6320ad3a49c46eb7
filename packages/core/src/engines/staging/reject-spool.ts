import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlExecutor, StagingReject } from '@dq/plugin-api';
import { recordAligned } from './record-aligned.js';

const MAX_RAW_CHARS = 10_000;

/**
 * Rejected lines spooled to a temporary CSV file while the data COPY runs (one connection cannot
 * run two COPYs at once), then copied into stg_rejects in the same transaction. Memory stays flat
 * however many lines are rejected.
 */
export class RejectSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'dq-rejects-'));
  private readonly file = join(this.dir, 'rejects.csv');
  private readonly out: WriteStream = createWriteStream(this.file);
  count = 0;
  first: StagingReject | undefined;

  constructor(
    private readonly loadId: number,
    private readonly table: string,
    private readonly sourceFile: string,
  ) {}

  async add(rejects: readonly StagingReject[]): Promise<void> {
    if (rejects.length === 0) return;
    this.first ??= rejects[0];
    this.count += rejects.length;
    const text = rejects
      .map((r) => {
        const raw = r.raw
          .replaceAll('\0', '') // PostgreSQL text cannot hold NUL
          .slice(0, MAX_RAW_CHARS);
        return [
          this.loadId,
          csv(this.table),
          csv(this.sourceFile),
          r.line ?? '',
          csv(raw),
          csv(r.reason),
        ].join(',');
      })
      .join('\n');
    if (!this.out.write(`${text}\n`)) await once(this.out, 'drain');
  }

  /** Copies the spooled lines into stg_rejects through `tx`. */
  async flush(tx: SqlExecutor): Promise<void> {
    await this.close();
    if (this.count === 0) return;
    await tx.copyFrom(
      'COPY stg_rejects (load_id, table_name, source_file, line_number, raw_line, reason) FROM STDIN WITH (FORMAT csv)',
      recordAligned(createReadStream(this.file, { highWaterMark: 1 << 20 })),
    );
  }

  async close(): Promise<void> {
    if (!this.out.closed) {
      this.out.end();
      await once(this.out, 'close');
    }
  }

  async dispose(): Promise<void> {
    await this.close().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function csv(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
