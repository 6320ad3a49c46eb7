import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DqError } from '@dq/plugin-api';

/** Lines are joined into strings of about this size: one stream write per line would dominate. */
const BATCH_CHARS = 64 * 1024;

/**
 * Appends lines to a file with bounded memory: it batches them, and the caller awaits
 * {@link drain} whenever {@link needsDrain} says the stream's buffer is full.
 */
export class CsvFileWriter {
  private readonly stream: WriteStream;
  private batch = '';
  /** Set while the stream's buffer is full; settles on 'drain' (or on an error, recorded). */
  private drained: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    // Without a listener an open or write error would crash the process instead of failing the run.
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  get needsDrain(): boolean {
    return this.drained !== undefined;
  }

  line(text: string): void {
    this.batch += text;
    if (this.batch.length >= BATCH_CHARS) this.flushBatch();
  }

  /** A line that is not valid UTF-8 (a deliberate defect) cannot travel in a string. */
  bytes(line: Buffer): void {
    this.flushBatch();
    this.send(line);
  }

  async drain(): Promise<void> {
    await this.drained;
    this.drained = undefined;
    this.check();
  }

  async close(): Promise<void> {
    this.flushBatch();
    this.stream.end();
    try {
      await finished(this.stream);
    } catch (err) {
      throw this.wrap(err);
    }
    this.check();
  }

  /** Stops writing after a failure elsewhere; the partial file is left for inspection. */
  abort(): void {
    this.stream.destroy();
  }

  private flushBatch(): void {
    if (this.batch.length === 0) return;
    const text = this.batch;
    this.batch = '';
    this.send(text);
  }

  private send(chunk: string | Buffer): void {
    this.check();
    // Listen at once: with several writers, one may drain while the caller awaits another.
    if (!this.stream.write(chunk) && !this.drained) {
      this.drained = once(this.stream, 'drain').then(
        () => undefined,
        (err: Error) => {
          this.failure ??= err;
        },
      );
    }
  }

  private check(): void {
    if (this.failure) throw this.wrap(this.failure);
  }

  private wrap(err: unknown): DqError {
    return new DqError('DQ_USAGE', `Cannot write ${this.path}: ${(err as Error).message}`, {
      cause: err,
      hint: 'Check that the output directory (--out) is writable and has free space.',
    });
  }
}
