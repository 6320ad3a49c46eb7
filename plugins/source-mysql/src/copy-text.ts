import type { StagingReject } from '@dq/plugin-api';

const TAB = 0x09;
const NL = 0x0a;
/** Bytes of COPY text handed on at a time. */
const CHUNK = 1 << 16;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Rows of text values as PostgreSQL COPY text records, written straight into one reused Buffer
 * (no string per record, so little garbage per row). Each chunk is only valid until the next is
 * asked for: the consumer must copy what it keeps (withRowHash does). A row with a NUL character, which PostgreSQL
 * text cannot hold, is set aside through `reject` instead.
 */
export async function* copyText(
  rows: AsyncIterable<readonly (string | null)[]>,
  reject: (rejects: readonly StagingReject[]) => Promise<void>,
  onRow: (read: number) => void,
): AsyncIterable<Buffer> {
  let out = Buffer.allocUnsafe(CHUNK);
  let o = 0;
  let read = 0;
  for await (const row of rows) {
    read++;
    if (row.some((v) => v?.includes('\0'))) {
      await reject([{ raw: JSON.stringify(row), reason: 'contains a NUL character' }]);
      continue;
    }
    let room = row.length + 1;
    for (const v of row) room += v === null ? 2 : v.length * 3 * 2;
    if (o + room > out.length) {
      // The consumer (withRowHash) is done with a chunk before it asks for the next: reuse it.
      if (o > 0) yield out.subarray(0, o);
      if (room > out.length) out = Buffer.allocUnsafe(room);
      o = 0;
    }
    for (let f = 0; f < row.length; f++) {
      if (f > 0) out[o++] = TAB;
      const v = row[f];
      if (v === null || v === undefined) {
        out[o++] = 0x5c; // \N
        out[o++] = 0x4e;
      } else if (NEEDS_ESCAPE.test(v))
        o += out.write(
          v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!),
          o,
          'utf8',
        );
      else o = put(out, o, v);
    }
    out[o++] = NL;
    if (read % 10000 === 0) onRow(read);
  }
  if (o > 0) yield out.subarray(0, o);
}

/**
 * `v` as UTF-8 into `out` at `o`; returns the end. Short ASCII values by hand: Buffer.write's call
 * costs more than a loop over a typical value (bench/db-copy's profile).
 */
function put(out: Buffer, o: number, v: string): number {
  const n = v.length;
  if (n > 64) return o + out.write(v, o, 'utf8');
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x7f) return o + out.write(v, o, 'utf8');
    out[o + i] = c;
  }
  return o + n;
}
