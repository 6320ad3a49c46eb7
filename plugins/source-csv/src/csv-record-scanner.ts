import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';

const LF = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from('\n');

/** A line that cannot be loaded, with why. */
export interface RejectedLine {
  lineNumber: number;
  raw: Buffer;
  reason: string;
}

/** The records of one chunk: valid ones ready for COPY, and the rejected lines. */
export interface ScannedChunk {
  /**
   * Valid records in file order, each followed by the delimiter, its row_hash and `\n` (so the
   * chunk ends on a record boundary).
   */
  copyData: Buffer;
  records: number;
  rejects: RejectedLine[];
  bytes: number;
}

/** Options of the scanner. */
export interface ScannerOptions {
  delimiter: number;
  quote: number;
  /** Fields every record must have (the header's count). */
  expectedFields: number;
  /** Check that bytes are valid UTF-8 (when the file is UTF-8). */
  checkUtf8: boolean;
  /** A quoted field may span lines; after this many lines without closing, the line is rejected. */
  maxRecordLines: number;
  /** The line number of the first line it will see (2 after a header). */
  firstLineNumber: number;
}

interface PendingLine {
  lineNumber: number;
  line: Buffer;
}

type Verdict = { kind: 'ok'; fields: number } | { kind: 'open' } | { kind: 'bad'; reason: string };

/**
 * Splits CSV bytes into records and checks each one's structure without building field values:
 * field count, quoting and encoding. Valid records pass through byte for byte to COPY, so
 * PostgreSQL does the parsing; a malformed line is set aside with its line number and reason
 * instead of failing the whole load. Every physical line ends up either in a record or rejected.
 */
export class CsvRecordScanner {
  private carry: Buffer = Buffer.alloc(0);
  private nextLine: number;
  /** Lines of a record whose quoted field is still open. */
  private pending: PendingLine[] = [];

  constructor(private readonly options: ScannerOptions) {
    this.nextLine = options.firstLineNumber;
  }

  /**
   * Scans one chunk of the file; an incomplete last line is kept for the next chunk. Nothing
   * returned or kept refers to `chunk` once the rejects have been read, so the caller may read
   * the next chunk into the same memory: only the line that straddles two chunks is copied.
   */
  push(chunk: Buffer): ScannedChunk {
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf < 0) {
      this.carry = Buffer.concat([this.carry, chunk]);
      return { copyData: Buffer.alloc(0), records: 0, rejects: [], bytes: chunk.length };
    }
    const blocks: Buffer[] = [];
    let from = 0;
    if (this.carry.length > 0) {
      from = chunk.indexOf(LF) + 1;
      blocks.push(Buffer.concat([this.carry, chunk.subarray(0, from)]));
    }
    if (from <= lastLf) blocks.push(chunk.subarray(from, lastLf + 1));
    this.carry = Buffer.from(chunk.subarray(lastLf + 1));
    return { ...this.scan(blocks, false), bytes: chunk.length };
  }

  /** Scans what is left at the end of the file (a last line without newline, open records). */
  end(): ScannedChunk {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    const withNewline = rest.length > 0 ? Buffer.concat([rest, NEWLINE]) : rest;
    return { ...this.scan([withNewline], true), bytes: 0 };
  }

  /** Scans whole lines: each block ends with a line feed (or is the file's end). */
  private scan(blocks: readonly Buffer[], final: boolean): Omit<ScannedChunk, 'bytes'> {
    // Fast path: blocks with no invalid UTF-8 (or NUL) need no per-record check.
    const checkUtf8 = this.options.checkUtf8 && !blocks.every((b) => isUtf8(b));
    const hasNul = blocks.some((b) => b.indexOf(0) >= 0);
    const lines: PendingLine[] = [];
    let bytes = 0;
    for (const block of blocks) {
      bytes += block.length;
      let start = 0;
      while (start < block.length) {
        const lf = block.indexOf(LF, start);
        const end = lf < 0 ? block.length : lf;
        const lineEnd = end > start && block[end - 1] === CR ? end - 1 : end;
        lines.push({ lineNumber: this.nextLine++, line: block.subarray(start, lineEnd) });
        start = end + 1;
      }
    }
    // Output never exceeds the input plus 34 bytes per line (delimiter, md5 hex, newline): one
    // allocation per block, records copied in, instead of four small buffers per record.
    const carried = this.pending.reduce((n, l) => n + l.line.length + 1, 0);
    const capacity = bytes + carried + 34 * (lines.length + this.pending.length);
    const result = { out: new OutputBuffer(capacity), records: 0, rejects: [] as RejectedLine[] };
    this.scanLines(lines, checkUtf8, hasNul, final, result);
    // A quoted field still open at the chunk's end: its lines must outlive the chunk's memory.
    this.pending = this.pending.map((l) => ({ ...l, line: Buffer.from(l.line) }));
    return {
      copyData: result.out.done(),
      records: result.records,
      rejects: result.rejects,
    };
  }

  private scanLines(
    queue: PendingLine[],
    checkUtf8: boolean,
    hasNul: boolean,
    final: boolean,
    result: { out: OutputBuffer; records: number; rejects: RejectedLine[] },
  ): void {
    const reject = (l: PendingLine, reason: string) =>
      result.rejects.push({ lineNumber: l.lineNumber, raw: l.line, reason });
    /** Joining lines gave no valid record: the quote opened on the first line is the fault. */
    const rejectFirstAndRescan = (at: number) => {
      const [first, ...rest] = this.pending;
      this.pending = [];
      reject(first!, 'broken quoting: unterminated quoted field');
      queue.splice(at, 0, ...rest);
    };
    let i = 0;
    for (;;) {
      if (i >= queue.length) {
        // The file ended inside a quoted field.
        if (final && this.pending.length > 0) {
          rejectFirstAndRescan(i);
          continue;
        }
        return;
      }
      const current = queue[i++]!;
      if (this.pending.length === 0 && current.line.length === 0) {
        reject(current, 'empty line');
        continue;
      }
      this.pending.push(current);
      const record = this.pending.length === 1 ? current.line : Buffer.concat(joinLines(this.pending));
      const verdict = this.check(record);
      if (verdict.kind === 'open' && this.pending.length < this.options.maxRecordLines) continue;
      let reason = verdict.kind === 'bad' ? verdict.reason : undefined;
      if (verdict.kind === 'ok' && verdict.fields !== this.options.expectedFields) {
        reason = `wrong column count: expected ${this.options.expectedFields} fields, found ${verdict.fields}`;
      }
      if (verdict.kind === 'open' || (reason && this.pending.length > 1)) {
        rejectFirstAndRescan(i);
        continue;
      }
      const lines = this.pending;
      this.pending = [];
      if (!reason && checkUtf8 && !isUtf8(record)) reason = 'invalid UTF-8';
      if (!reason && hasNul && record.indexOf(0) >= 0) reason = 'contains a NUL byte';
      if (reason) {
        for (const l of lines) reject(l, reason);
        continue;
      }
      // row_hash (md5 of the record as written in the file) travels as one more field, so
      // PostgreSQL stores it during COPY: cheaper than computing it there, and done on the
      // other core while the server parses.
      result.out.record(record, this.options.delimiter, hash('md5', record, 'hex'));
      result.records++;
    }
  }

  /** Walks one record's bytes: counts fields and validates quoting the way COPY will read it. */
  private check(record: Buffer): Verdict {
    const { delimiter, quote } = this.options;
    let fields = 1;
    let atFieldStart = true;
    let inQuotes = false;
    let afterClose = false;
    for (let i = 0; i < record.length; i++) {
      const b = record[i]!;
      if (inQuotes) {
        if (b === quote) {
          if (record[i + 1] === quote) i++;
          else {
            inQuotes = false;
            afterClose = true;
          }
        }
        continue;
      }
      if (b === delimiter) {
        fields++;
        atFieldStart = true;
        afterClose = false;
        continue;
      }
      if (afterClose) return { kind: 'bad', reason: 'broken quoting: text after a closing quote' };
      if (b === quote) {
        if (!atFieldStart) return { kind: 'bad', reason: 'broken quoting: stray quote in an unquoted field' };
        inQuotes = true;
      }
      atFieldStart = false;
    }
    return inQuotes ? { kind: 'open' } : { kind: 'ok', fields };
  }
}

/** A pre-sized buffer the records of one block are written into. */
class OutputBuffer {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  record(record: Buffer, delimiter: number, md5Hex: string): void {
    this.pos += record.copy(this.buf, this.pos);
    this.buf[this.pos++] = delimiter;
    this.pos += this.buf.write(md5Hex, this.pos, 'latin1');
    this.buf[this.pos++] = LF;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function joinLines(lines: PendingLine[]): Buffer[] {
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    if (i > 0) parts.push(NEWLINE);
    parts.push(l.line);
  });
  return parts;
}
