import { join } from 'node:path';
import type { GeneratedFile } from '@dq/plugin-api';
import { encodeRow } from './csv.js';
import { CsvFileWriter } from './csv-file-writer.js';
import type { DefectInjector, ExtraLine } from './defect-injector.js';
import type { FeedSpec } from './feeds.js';
import type { RowShaper } from './file-shape.js';

const PROGRESS_EVERY = 10_000;

export type ProgressListener = (feed: string, rows: number) => void;

/**
 * One feed file: header, rows, the incidents its shaper applies, the defects its injector adds,
 * and the counts and progress the caller reports. It keeps the last row only, never the file.
 */
export class FeedWriter {
  private readonly out: CsvFileWriter;
  private rows = 0;
  private malformed = 0;
  private last: string[] | undefined;

  constructor(
    private readonly feed: FeedSpec,
    dir: string,
    readonly date: string,
    private readonly defects?: DefectInjector,
    private readonly onProgress?: ProgressListener,
    /** Incidents of this file; defects then see the shaped row (and its columns). */
    readonly shaper?: RowShaper,
  ) {
    this.out = new CsvFileWriter(join(dir, `${feed.name}_${date}.csv`));
    this.out.line(encodeRow(shaper ? shaper.columns(feed.columns) : feed.columns));
  }

  get path(): string {
    return this.out.path;
  }

  get needsDrain(): boolean {
    return this.out.needsDrain;
  }

  drain(): Promise<void> {
    return this.out.drain();
  }

  /**
   * Writes a row, unless an incident leaves it out (then false). The array is kept (and may be
   * changed by incidents and defects), so pass a fresh one.
   */
  write(fields: string[]): boolean {
    const row = this.shaper ? this.shaper.apply(fields) : fields;
    if (!row) return false;
    const extra = this.defects?.inspect(row);
    this.append(row);
    this.last = row;
    if (extra) this.appendExtra(extra);
    return true;
  }

  async close(): Promise<GeneratedFile> {
    if (this.defects) this.appendExtra(this.defects.finish(this.last));
    await this.out.close();
    this.onProgress?.(this.feed.name, this.rows);
    return {
      feed: this.feed.name,
      path: this.out.path,
      date: this.date,
      rows: this.rows,
      malformedRows: this.malformed,
    };
  }

  abort(): void {
    this.out.abort();
  }

  private appendExtra(lines: readonly ExtraLine[]): void {
    for (const line of lines) {
      if ('row' in line) {
        this.append(line.row);
      } else {
        if (typeof line.malformed === 'string') this.out.line(line.malformed);
        else this.out.bytes(line.malformed);
        this.malformed++;
        this.counted();
      }
    }
  }

  private append(fields: readonly string[]): void {
    this.out.line(encodeRow(fields));
    this.counted();
  }

  private counted(): void {
    this.rows++;
    if (this.rows % PROGRESS_EVERY === 0) this.onProgress?.(this.feed.name, this.rows);
  }
}

/** Runs a body that writes through `writers`, closing them all, or aborting them all on failure. */
export async function writeFeeds(
  writers: readonly FeedWriter[],
  body: () => Promise<void>,
): Promise<GeneratedFile[]> {
  try {
    await body();
    const files: GeneratedFile[] = [];
    for (const writer of writers) files.push(await writer.close());
    return files;
  } catch (err) {
    for (const writer of writers) writer.abort();
    throw err;
  }
}
