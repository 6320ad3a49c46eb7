const LF = 0x0a;
const BLOCK = 1 << 18;
/** Room for what follows a record's fields: delimiter, 32 hex digits, delimiter, a line number, LF. */
export const TAIL_BYTES = 52;

/** Writes a record's audit tail (`,<row hash>,<line>\n`) at `p`; returns the end. */
export function writeTail(buf: Buffer, p: number, delimiter: number, md5Hex: string, line: number): number {
  buf[p++] = delimiter;
  p += buf.write(md5Hex, p, 'latin1');
  buf[p++] = delimiter;
  p += buf.write(String(line), p, 'latin1');
  buf[p++] = LF;
  return p;
}

/**
 * The bytes a scan hands to COPY: records written into blocks of at least 256 KiB, each block a
 * piece that ends on a record boundary. Blocks are never reused once taken (COPY may still be
 * reading them), so a fresh one starts after each take().
 */
export class RecordOutput {
  private block: Buffer | undefined;
  private used = 0;
  private pieces: Buffer[] = [];

  /** Room for `n` more bytes: the block and the position to write at; then commit(end). */
  reserve(n: number): { buf: Buffer; pos: number } {
    if (!this.block || this.block.length - this.used < n) {
      this.close();
      this.block = Buffer.allocUnsafe(Math.max(BLOCK, n));
      this.used = 0;
    }
    return { buf: this.block, pos: this.used };
  }

  commit(end: number): void {
    this.used = end;
  }

  /** A record copied as is, then the delimiter, its row hash, the delimiter, its line number and a line feed. */
  record(src: Buffer, start: number, end: number, delimiter: number, md5Hex: string, line: number): void {
    const { buf, pos } = this.reserve(end - start + TAIL_BYTES);
    const p = pos + src.copy(buf, pos, start, end);
    this.used = writeTail(buf, p, delimiter, md5Hex, line);
  }

  /** A piece written elsewhere (a large record), kept in order. */
  piece(data: Buffer): void {
    this.close();
    this.pieces.push(data);
  }

  /** The pieces so far, in order. */
  take(): Buffer[] {
    this.close();
    const out = this.pieces;
    this.pieces = [];
    return out;
  }

  private close(): void {
    if (this.block && this.used > 0) {
      this.pieces.push(this.block.subarray(0, this.used));
      this.block = this.block.subarray(this.used);
      this.used = 0;
      if (this.block.length < 4096) this.block = undefined;
    }
  }
}
