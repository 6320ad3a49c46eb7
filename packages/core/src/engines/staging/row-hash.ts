import { hash } from 'node:crypto';

const VALUE_END = 0x00;
const NULL_MARK = 0xff;

/**
 * The row hash of values in table order: md5 over each value's UTF-8 bytes followed by 0x00, a
 * NULL as the single byte 0xFF (the definition `rowHashSql` computes from stored rows). Values
 * never hold either byte (text has no NUL; 0xFF is never UTF-8), so nothing collides.
 */
export class RowHasher {
  private scratch = Buffer.allocUnsafe(1 << 12);

  hash(values: readonly (string | null)[]): string {
    let p = 0;
    for (const v of values) {
      if (v === null) {
        this.room(p + 1);
        this.scratch[p++] = NULL_MARK;
        continue;
      }
      this.room(p + v.length * 3 + 1);
      p += this.scratch.write(v, p, 'utf8');
      this.scratch[p++] = VALUE_END;
    }
    return hash('md5', this.scratch.subarray(0, p), 'hex');
  }

  private room(n: number): void {
    if (n <= this.scratch.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(n, this.scratch.length * 2));
    this.scratch.copy(bigger);
    this.scratch = bigger;
  }
}
