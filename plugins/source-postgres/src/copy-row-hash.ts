import { hash } from 'node:crypto';

const TAB = 0x09;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const VALUE_END = 0x00;
const NULL_MARK = 0xff;
/** `\t` + 32 hex digits + `\t\N\n`: what each record gains (its row hash, no line). */
const TAIL = 38;
const UNESCAPE: Record<number, number> = { 98: 0x08, 102: 0x0c, 110: 0x0a, 114: 0x0d, 116: 0x09, 118: 0x0b };

/**
 * COPY text records (the batch's columns) as the staging COPY wants them: each with its row hash
 * and an empty line number appended. The hash is the kernel's (md5 over each value's UTF-8 bytes
 * and 0x00, a NULL as 0xFF, in table order: `order[k]` is the batch position of the table's k-th
 * column, -1 for a column the batch lacks) taken over the bytes as they stream, which costs Node
 * a fraction of what md5 over convert_to() costs the source server (bench/db-copy).
 */
export async function* withRowHash(
  chunks: AsyncIterable<Buffer>,
  width: number,
  order: readonly number[],
): AsyncIterable<Buffer> {
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const escaped = new Uint8Array(width);
  let scratch = Buffer.allocUnsafe(1 << 12);
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let lines = 0;
    for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, i + 1)) lines++;
    const out = Buffer.allocUnsafe(data.length + lines * TAIL);
    let o = 0;
    let s = 0;
    while (s < data.length) {
      const e = data.indexOf(NL, s);
      if (e === -1) {
        carry = Buffer.from(data.subarray(s));
        break;
      }
      // Field bounds of the record [s, e), and whether each holds an escape.
      let f = 0;
      starts[0] = s;
      escaped[0] = 0;
      for (let p = s; p < e; p++) {
        const b = data[p]!;
        if (b === TAB) {
          ends[f] = p;
          f++;
          starts[f] = p + 1;
          escaped[f] = 0;
        } else if (b === BACKSLASH) escaped[f] = 1;
      }
      ends[f] = e;
      if (scratch.length < e - s + order.length + 16)
        scratch = Buffer.allocUnsafe(2 * (e - s + order.length + 16));
      let h = 0;
      for (let k = 0; k < order.length; k++) {
        const c = order[k]!;
        if (c < 0 || c > f) {
          scratch[h++] = NULL_MARK;
          continue;
        }
        const fs = starts[c]!;
        const fe = ends[c]!;
        if (escaped[c] === 0) {
          h += copyBytes(data, fs, fe, scratch, h);
        } else if (fe - fs === 2 && data[fs + 1] === 0x4e) {
          scratch[h++] = NULL_MARK; // \N
          continue;
        } else {
          for (let p = fs; p < fe; p++) {
            const b = data[p]!;
            if (b !== BACKSLASH) scratch[h++] = b;
            else {
              const n = data[++p]!;
              scratch[h++] = UNESCAPE[n] ?? n;
            }
          }
        }
        scratch[h++] = VALUE_END;
      }
      o += copyBytes(data, s, e, out, o);
      out[o++] = TAB;
      o += out.write(hash('md5', scratch.subarray(0, h), 'hex'), o, 'latin1');
      out[o++] = TAB;
      out[o++] = BACKSLASH;
      out[o++] = 0x4e;
      out[o++] = NL;
      s = e + 1;
    }
    if (o > 0) yield out.subarray(0, o);
  }
  if (carry && carry.length > 0) throw new Error('the COPY stream ended inside a record');
}

/**
 * `src[from, to)` into `dst` at `at`; short runs by hand: Buffer.copy's call costs more than a
 * loop over a typical field (it was a fifth of this function's time in bench/db-copy's profile).
 */
function copyBytes(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
  const n = to - from;
  if (n > 96) return src.copy(dst, at, from, to);
  for (let i = 0; i < n; i++) dst[at + i] = src[from + i]!;
  return n;
}
