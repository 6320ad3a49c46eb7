const LF = 0x0a;
const BLOCK = 1 << 18;

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

  /** A record copied as is, then the delimiter, its row hash and a line feed. */
  record(src: Buffer, start: number, end: number, delimiter: number, md5Hex: string): void {
    const { buf, pos } = this.reserve(end - start + 34);
    let p = pos + src.copy(buf, pos, start, end);
    buf[p++] = delimiter;
    p += buf.write(md5Hex, p, 'latin1');
    buf[p++] = LF;
    this.used = p;
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
