import { isUtf8 } from 'node:buffer';
import { DqError } from '@dq/plugin-api';
import { SINGLE_BYTE_ENCODINGS } from './single-byte-encodings.js';

/**
 * How the bytes of a file become the UTF-8 text COPY receives. dq converts in Node, so a byte
 * the declared encoding does not define rejects its own line (PostgreSQL would fail the whole
 * COPY, and PGlite aborts with ERRORDATA_STACK_SIZE), and the row hash is taken over the same
 * bytes PostgreSQL stores.
 */
export interface TextCodec {
  /** The PostgreSQL name of the encoding (UTF8, LATIN1, WIN1252, ...). */
  readonly name: string;
  /** True when the file's bytes are already UTF-8 and travel unchanged. */
  readonly passThrough: boolean;
  /** Why bytes [start, end) cannot be read in this encoding, or undefined when they can. */
  problem(buf: Buffer, start: number, end: number): string | undefined;
  /** Upper bound of the UTF-8 bytes `n` file bytes become. */
  readonly maxGrowth: number;
  /** Writes bytes [start, end) as UTF-8 at `out[pos]`; returns the position after them. */
  transcode(buf: Buffer, start: number, end: number, out: Buffer, pos: number): number;
  /** The bytes as text (unreadable bytes as U+FFFD), for messages and stg_rejects. */
  decode(buf: Buffer): string;
  /** The text in the file's encoding, or undefined when it cannot be written in it. */
  encode(text: string): Buffer | undefined;
}

const UTF8: TextCodec = {
  name: 'UTF8',
  passThrough: true,
  maxGrowth: 1,
  problem: (buf, start, end) => (isUtf8(buf.subarray(start, end)) ? undefined : 'invalid UTF-8'),
  transcode: (buf, start, end, out, pos) => pos + buf.copy(out, pos, start, end),
  decode: (buf) => buf.toString('utf8'),
  encode: (text) => Buffer.from(text, 'utf8'),
};

/** A single-byte encoding through PostgreSQL's own table (scripts/generate-encodings.mjs). */
class SingleByteCodec implements TextCodec {
  readonly passThrough = false;
  readonly maxGrowth = 3;
  /** UTF-8 bytes of 0x80-0xFF, three per byte (zero-padded), and their lengths (0: undefined). */
  private readonly utf8 = new Uint8Array(128 * 3);
  private readonly length = new Uint8Array(128);
  private readonly points: number[] = [];
  private readonly reverse = new Map<number, number>();

  constructor(
    readonly name: string,
    table: string,
  ) {
    for (let i = 0; i < 128; i++) {
      const hex = table.slice(i * 4, i * 4 + 4);
      const point = hex === '----' ? -1 : Number.parseInt(hex, 16);
      this.points.push(point);
      if (point < 0) continue;
      const bytes = Buffer.from(String.fromCodePoint(point), 'utf8');
      this.utf8.set(bytes, i * 3);
      this.length[i] = bytes.length;
      this.reverse.set(point, 0x80 + i);
    }
  }

  problem(buf: Buffer, start: number, end: number): string | undefined {
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b >= 0x80 && this.length[b - 0x80] === 0) {
        return `byte 0x${b.toString(16)} is not a ${this.name} character`;
      }
    }
    return undefined;
  }

  transcode(buf: Buffer, start: number, end: number, out: Buffer, pos: number): number {
    let p = pos;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b < 0x80) {
        out[p++] = b;
        continue;
      }
      const at = (b - 0x80) * 3;
      const n = this.length[b - 0x80]!;
      for (let k = 0; k < n; k++) out[p++] = this.utf8[at + k]!;
    }
    return p;
  }

  decode(buf: Buffer): string {
    let text = '';
    for (const b of buf) {
      const point = b < 0x80 ? b : this.points[b - 0x80]!;
      text += point < 0 ? '\uFFFD' : String.fromCodePoint(point);
    }
    return text;
  }

  encode(text: string): Buffer | undefined {
    const bytes: number[] = [];
    for (const ch of text) {
      const point = ch.codePointAt(0)!;
      const b = point < 0x80 ? point : this.reverse.get(point);
      if (b === undefined) return undefined;
      bytes.push(b);
    }
    return Buffer.from(bytes);
  }
}

/** Other spellings PostgreSQL accepts for the same encodings (its own alias table, in part). */
const ALIASES: Record<string, string> = {
  UTF8: 'UTF8',
  UNICODE: 'UTF8',
  ISO88591: 'LATIN1',
  ISO88592: 'LATIN2',
  ISO88593: 'LATIN3',
  ISO88594: 'LATIN4',
  ISO88599: 'LATIN5',
  ISO885910: 'LATIN6',
  ISO885913: 'LATIN7',
  ISO885914: 'LATIN8',
  ISO885915: 'LATIN9',
  ISO885916: 'LATIN10',
  ISO88595: 'ISO_8859_5',
  ISO88596: 'ISO_8859_6',
  ISO88597: 'ISO_8859_7',
  ISO88598: 'ISO_8859_8',
  KOI8: 'KOI8R',
  ALT: 'WIN866',
  WIN: 'WIN1251',
  TCVN: 'WIN1258',
  TCVN5712: 'WIN1258',
  ABC: 'WIN1258',
  VSCII: 'WIN1258',
};

const codecs = new Map<string, TextCodec>();

/**
 * The codec of an `encoding:` value, spelled as PostgreSQL spells it (case, `-` and `_` do not
 * matter: `utf-8`, `Latin1`, `WIN1252`, `windows-1252`, `ISO-8859-15`).
 */
export function textCodec(encoding: string | undefined): TextCodec {
  const key = (encoding ?? 'UTF8').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const windows = /^(?:WINDOWS|CP)(\d+)$/.exec(key);
  const name =
    ALIASES[key] ??
    (windows
      ? `WIN${windows[1]}`
      : Object.keys(SINGLE_BYTE_ENCODINGS).find((n) => n.replace(/_/g, '') === key));
  if (name === 'UTF8') return UTF8;
  const table = name ? SINGLE_BYTE_ENCODINGS[name] : undefined;
  if (!name || !table) {
    throw new DqError('DQ_CONFIG_INVALID', `The csv source cannot read the encoding "${encoding}".`, {
      hint: `Use UTF8 or one of the single-byte encodings: ${Object.keys(SINGLE_BYTE_ENCODINGS).join(', ')}. Convert other files to UTF-8 first (iconv -f ... -t UTF-8).`,
    });
  }
  let codec = codecs.get(name);
  if (!codec) {
    codec = new SingleByteCodec(name, table);
    codecs.set(name, codec);
  }
  return codec;
}
