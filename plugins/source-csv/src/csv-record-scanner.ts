import { createHash, hash } from 'node:crypto';
import { RecordOutput, TAIL_BYTES, writeTail } from './record-output.js';
import type { TextCodec } from './text-codec.js';

const LF = 0x0a;
const CR = 0x0d;
/** Ends a value in the row-hash input; NULL_MARK stands for a NULL. Neither occurs in UTF-8 text. */
const VALUE_END = 0x00;
const NULL_MARK = 0xff;
/** Raw bytes kept of a rejected line: stg_rejects keeps 10,000 characters of it. */
const RAW_BYTES = 40_000;
/** Records longer than this are handed to COPY without being copied, and hashed piecewise. */
const LARGE_RECORD = 1 << 20;

/**
 * How lines end in a file, decided from its first line break: `lf` when that is LF or CRLF (then
 * lines end at LF, a CR before it dropped, and a CR anywhere else outside quotes rejects its
 * line), `cr` when it is a CR alone (old Mac files: CR, LF and CRLF each end a line).
 */
export type LineEnding = 'lf' | 'cr';

/** A line that cannot be loaded, with why. */
export interface RejectedLine {
  lineNumber: number;
  /** The line as text, without its line ending (at most RAW_BYTES bytes of it). */
  raw: string;
  reason: string;
}

/** What one push found: valid records ready for COPY, and the rejected lines. */
export interface ScannedChunk {
  /**
   * Valid records in file order, each written as COPY reads it (UTF-8 CSV, its row_hash appended
   * as one more field, `\n`-terminated). Each piece ends on a record boundary. The pieces are the
   * caller's: the scanner does not touch them again.
   */
  copyData: Buffer[];
  records: number;
  rejects: RejectedLine[];
  /**
   * When set, the caller must go on from this byte offset of the file (the scanner looked ahead
   * past a quote left open and must read those lines again); the rest of the pushed bytes were
   * not used.
   */
  resumeAt?: number;
}

/** Options of the scanner. */
export interface ScannerOptions {
  delimiter: number;
  quote: number;
  /** Fields every record must have (the header's count). */
  expectedFields: number;
  codec: TextCodec;
  lineEnding: LineEnding;
  /** A quoted field may span this many lines; a record longer than that is rejected. */
  maxRecordLines: number;
  /** The line number of the first line it will see (2 after a one-line header). */
  firstLineNumber: number;
  /** The file offset of the first byte it will see. */
  firstOffset: number;
  /**
   * The row hash takes the values in the staging table's column order: hashOrder[k] is the
   * field (header position) of the table's k-th column.
   */
  hashOrder: readonly number[];
  /** Unquoted values that load as NULL ('' for an empty unquoted field). */
  nullValues: readonly string[];
  /** Quoted values matching nullValues load as NULL too (by default a quoted value stays one). */
  quotedNullValues: boolean;
}

/** Field flags. */
const QUOTED = 1;
const ESCAPED = 2;
const IS_NULL = 4;
const REWRITE = 8;

type Mode = 'records' | 'probe' | 'reject-lines';

/**
 * Splits CSV bytes into records the way COPY will read them, checks each record's structure and
 * encoding, and writes the valid ones for COPY with their row hash; a malformed line goes to the
 * rejects with its line number and reason instead of failing the load. Every physical line of
 * the file ends up in exactly one loaded record or one rejected line.
 *
 * The scanner keeps one growable buffer holding the record in progress, so a record split across
 * reads is not scanned twice and a long line costs linear time and memory about its own size.
 * Quoted fields are kept as written (their line breaks included); only a field that must change
 * (a null marker, an empty string, a non-UTF-8 byte) is rewritten.
 *
 * The row hash is the md5 of the record's values in the staging table's column order, each
 * value's UTF-8 bytes followed by 0x00, a NULL as the single byte 0xFF: quoting, column order
 * and line endings do not change it, and `rowHashSql` computes the same from stored rows.
 */
export class CsvRecordScanner {
  private readonly o: ScannerOptions;
  private readonly nullMarkers: Buffer[];
  private readonly nullLengths = new Set<number>();
  private readonly emptyIsNull: boolean;
  private readonly identityOrder: boolean;
  private mode: Mode = 'records';

  /** The record in progress (and what follows it) from recStart to end; workOffset is work[0]'s file offset. */
  private work: Buffer = Buffer.allocUnsafe(1 << 16);
  private wEnd = 0;
  private workOffset: number;
  private recStart = 0;
  /** Where scanning resumes. */
  private pos = 0;
  private nextLine: number;

  // The record in progress; positions relative to recStart.
  private inQuotes = false;
  private afterClose = false;
  private fieldStart = 0;
  private fields = 0;
  private fStart: Int32Array;
  private fEnd: Int32Array;
  private fFlags: Uint8Array;
  private highBytes = 0;
  private hasNul = false;
  /** Starts and content ends of the record's lines after the first (relative). */
  private lineStarts: number[] = [0];
  private lineEnds: number[] = [];
  /** Set when the record's first line is malformed: skip to its end, then reject it. */
  private skipReason: string | undefined;

  // Probe: a quoted field open past maxRecordLines, followed without keeping its bytes.
  private probe = {
    firstLine: 0,
    firstOffset: 0,
    secondOffset: 0,
    firstRaw: '',
    lines: 0,
    fields: 0,
    inQuotes: true,
    afterClose: false,
    atFieldStart: false,
    pendingQuote: false,
    pendingCr: false,
  };
  // Reject-lines: the lines of a record longer than maxRecordLines, read again one by one.
  private rejecting = { left: 0, reason: '', raw: [] as Buffer[], rawBytes: 0, pendingCr: false };

  private out = new RecordOutput();
  private rejects: RejectedLine[] = [];
  private records = 0;
  private scratch: Buffer = Buffer.allocUnsafe(1 << 12);

  constructor(options: ScannerOptions) {
    this.o = options;
    this.nextLine = options.firstLineNumber;
    this.workOffset = options.firstOffset;
    const n = options.expectedFields;
    this.fStart = new Int32Array(n);
    this.fEnd = new Int32Array(n);
    this.fFlags = new Uint8Array(n);
    this.emptyIsNull = options.nullValues.includes('');
    this.nullMarkers = options.nullValues
      .filter((v) => v !== '')
      .map((v) => options.codec.encode(v))
      .filter((b): b is Buffer => b !== undefined);
    for (const m of this.nullMarkers) this.nullLengths.add(m.length);
    this.identityOrder = options.hashOrder.every((f, k) => f === k);
  }

  /** Scans the next bytes of the file. Nothing returned refers to `chunk`; the caller may reuse it. */
  push(chunk: Buffer): ScannedChunk {
    let at = 0;
    while (at < chunk.length) {
      if (this.mode === 'records') {
        this.append(chunk, at);
        at = chunk.length;
        this.scanRecords(false);
        if ((this.mode as Mode) === 'probe') at = this.runProbe(chunk, chunk.length, false);
      } else if (this.mode === 'probe') {
        at = this.runProbe(chunk, at, false);
      } else {
        at = this.runRejectLines(chunk, at, false);
      }
      if (this.resumeAt !== undefined) break;
    }
    return this.flush();
  }

  /** Scans what is left at the end of the file. The caller keeps reading when resumeAt is set. */
  end(): ScannedChunk {
    if (this.mode === 'records') this.scanRecords(true);
    else if (this.mode === 'probe') this.runProbe(Buffer.alloc(0), 0, true);
    else this.runRejectLines(Buffer.alloc(0), 0, true);
    return this.flush();
  }

  private resumeAt: number | undefined;

  private flush(): ScannedChunk {
    const result: ScannedChunk = {
      copyData: this.out.take(),
      records: this.records,
      rejects: this.rejects,
      ...(this.resumeAt !== undefined ? { resumeAt: this.resumeAt } : {}),
    };
    this.records = 0;
    this.rejects = [];
    if (this.resumeAt !== undefined) {
      // Start over at resumeAt with an empty buffer (mode and line number are already set).
      this.workOffset = this.resumeAt;
      this.wEnd = 0;
      this.recStart = 0;
      this.pos = 0;
      this.resetRecord();
      this.resumeAt = undefined;
    }
    return result;
  }

  /** Appends chunk[from..] after the record in progress, dropping what is already consumed. */
  private append(chunk: Buffer, from: number): void {
    const keep = this.wEnd - this.recStart;
    const need = keep + (chunk.length - from) + 64;
    if (need > this.work.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.work.length * 2));
      this.work.copy(next, 0, this.recStart, this.wEnd);
      this.work = next;
    } else if (this.recStart > 0) {
      this.work.copy(this.work, 0, this.recStart, this.wEnd);
    }
    this.workOffset += this.recStart;
    this.pos -= this.recStart;
    this.recStart = 0;
    this.wEnd = keep;
    this.wEnd += chunk.copy(this.work, this.wEnd, from);
  }

  private resetRecord(): void {
    this.inQuotes = false;
    this.afterClose = false;
    this.fieldStart = 0;
    this.fields = 0;
    this.highBytes = 0;
    this.hasNul = false;
    this.lineStarts = [0];
    this.lineEnds = [];
    this.skipReason = undefined;
  }

  /** The hot loop: walks bytes from pos, ending records as it finds them. */
  private scanRecords(final: boolean): void {
    const D = this.o.delimiter;
    const Q = this.o.quote;
    const crMode = this.o.lineEnding === 'cr';
    for (;;) {
      const buf = this.work;
      const end = this.wEnd;
      let i = this.pos;
      if (this.skipReason !== undefined) {
        if (!this.skipLine(final)) return;
        continue;
      }
      let inQ = this.inQuotes;
      let after = this.afterClose;
      let high = this.highBytes;
      let nul = this.hasNul;
      const rs = this.recStart;
      let stop: 'more' | 'record' | 'error' | 'break' | 'eof' = 'more';
      let termAt = 0;
      let termLen = 0;
      let reason = '';
      while (i < end) {
        const b = buf[i]!;
        high |= b;
        if (inQ) {
          if (b === Q) {
            if (i + 1 >= end && !final) break;
            if (buf[i + 1] === Q) {
              this.fFlagsOr(ESCAPED);
              i += 2;
              continue;
            }
            inQ = false;
            after = true;
            i++;
            continue;
          }
          if (b === LF || (b === CR && crMode)) {
            // A line break inside quotes: data, and the record's next physical line.
            if (b === CR) {
              if (i + 1 >= end && !final) break;
              termLen = buf[i + 1] === LF ? 2 : 1;
            } else termLen = 1;
            const contentEnd = !crMode && i > rs && buf[i - 1] === CR ? i - 1 : i;
            this.lineEnds.push(contentEnd - rs);
            this.lineStarts.push(i + termLen - rs);
            i += termLen;
            if (this.lineStarts.length > this.o.maxRecordLines) {
              stop = 'break';
              break;
            }
            continue;
          }
          if (b === 0) nul = true;
          i++;
          continue;
        }
        if (b === D) {
          this.endField(i - rs);
          after = false;
          i++;
          this.fieldStart = i - rs;
          continue;
        }
        if (b === LF) {
          stop = 'record';
          termAt = i;
          termLen = 1;
          break;
        }
        if (b === CR) {
          if (i + 1 >= end && !final) break;
          if (buf[i + 1] === LF) {
            stop = 'record';
            termAt = i;
            termLen = 2;
            break;
          }
          if (crMode || i + 1 >= end) {
            // A CR alone ends the line in a CR file, and at the very end of any file.
            stop = 'record';
            termAt = i;
            termLen = 1;
            break;
          }
          stop = 'error';
          reason = 'a carriage return outside quotes (lines in this file end in LF)';
          break;
        }
        if (after) {
          stop = 'error';
          reason = 'broken quoting: text after a closing quote';
          break;
        }
        if (b === Q) {
          if (i - rs !== this.fieldStart) {
            stop = 'error';
            reason = 'broken quoting: stray quote in an unquoted field';
            break;
          }
          inQ = true;
          this.markQuoted();
        } else if (b === 0) nul = true;
        i++;
      }
      this.inQuotes = inQ;
      this.afterClose = after;
      this.highBytes = high;
      this.hasNul = nul;
      if (stop === 'more') {
        if (i >= end && final) stop = 'eof';
        else {
          this.pos = i;
          return;
        }
      }
      if (stop === 'record') {
        this.pos = termAt + termLen;
        this.finishRecord(termAt, termLen);
      } else if (stop === 'error') {
        this.pos = i;
        this.malformed(reason);
      } else if (stop === 'break') {
        this.pos = i;
        this.startProbe(final);
        return;
      } else {
        // End of file.
        if (this.wEnd === this.recStart && this.lineStarts.length === 1) return;
        if (inQ) {
          this.pos = this.wEnd;
          this.unterminated();
          continue;
        }
        this.pos = this.wEnd;
        this.finishRecord(this.wEnd, 0);
        if (this.pos >= this.wEnd) return;
      }
    }
  }

  private fFlagsOr(flag: number): void {
    if (this.fields < this.fFlags.length) this.fFlags[this.fields]! |= flag;
  }

  private markQuoted(): void {
    if (this.fields < this.fFlags.length) this.fFlags[this.fields] = QUOTED;
  }

  /** Closes the field in progress at `at` (relative): records where its value is and what it is. */
  private endField(at: number): void {
    const f = this.fields++;
    if (f >= this.fStart.length) return;
    const start = this.fieldStart;
    const quoted = (this.fFlags[f]! & QUOTED) !== 0 && this.work[this.recStart + start] === this.o.quote;
    let flags = quoted ? this.fFlags[f]! : 0;
    this.fStart[f] = start;
    this.fEnd[f] = at;
    const length = quoted ? at - start - 2 : at - start;
    if (!quoted) {
      if (length === 0) flags |= this.emptyIsNull ? IS_NULL : REWRITE;
      else if (this.nullLengths.has(length) && this.isMarker(start, at)) flags |= IS_NULL | REWRITE;
    } else if (this.o.quotedNullValues) {
      if (
        length === 0 ? this.emptyIsNull : this.nullLengths.has(length) && this.isMarker(start + 1, at - 1)
      ) {
        flags |= IS_NULL | REWRITE;
      }
    }
    this.fFlags[f] = flags;
  }

  private isMarker(start: number, end: number): boolean {
    const view = this.work.subarray(this.recStart + start, this.recStart + end);
    return this.nullMarkers.some((m) => m.equals(view));
  }

  /** A record ends at `termAt` (absolute) with a line ending of `termLen` bytes. */
  private finishRecord(termAt: number, termLen: number): void {
    const rs = this.recStart;
    const lines = this.lineStarts.length;
    this.lineEnds.push(termAt - rs);
    if (termAt === rs && lines === 1) {
      this.rejectLines('empty line');
      this.nextRecord(termAt + termLen, lines);
      return;
    }
    this.endField(termAt - rs);
    if (this.fields !== this.o.expectedFields) {
      const reason = `wrong column count: expected ${this.o.expectedFields} fields, found ${this.fields}`;
      if (lines > 1) {
        this.rescanAfterFirstLine();
        return;
      }
      this.rejectLines(reason);
      this.nextRecord(termAt + termLen, lines);
      return;
    }
    const reason = this.encodingProblem(rs, termAt);
    if (reason) {
      this.rejectLines(reason);
      this.nextRecord(termAt + termLen, lines);
      return;
    }
    this.emit(rs, termAt, termLen);
    this.records++;
    this.nextRecord(termAt + termLen, lines);
  }

  private encodingProblem(start: number, end: number): string | undefined {
    const codec = this.o.codec;
    if (this.highBytes & 0x80) {
      const problem = codec.problem(this.work, start, end);
      if (problem) return problem;
    }
    if (this.hasNul) return 'contains a NUL byte';
    return undefined;
  }

  private nextRecord(next: number, lines: number): void {
    this.nextLine += lines;
    if (this.handedOver) {
      // emit gave the buffer away with the record: the rest already starts at 0 of a new one.
      this.handedOver = false;
      this.recStart = this.pos = 0;
    } else {
      this.recStart = next;
      this.pos = Math.max(this.pos, next);
    }
    this.resetRecord();
  }

  /** Every line of the record in progress is rejected with `reason`. */
  private rejectLines(reason: string): void {
    const rs = this.recStart;
    for (let k = 0; k < this.lineStarts.length; k++) {
      this.reject(this.nextLine + k, rs + this.lineStarts[k]!, rs + this.lineEnds[k]!, reason);
    }
  }

  private reject(lineNumber: number, start: number, end: number, reason: string): void {
    const raw = this.o.codec.decode(this.work.subarray(start, Math.min(end, start + RAW_BYTES)));
    this.rejects.push({ lineNumber, raw, reason });
  }

  /**
   * A structural fault at pos. On the record's first line: skip to that line's end and reject
   * it. On a later line, the quote opened on the first line was the fault: reject the first
   * line and read the rest again.
   */
  private malformed(reason: string): void {
    if (this.lineStarts.length > 1) {
      this.rescanAfterFirstLine();
      return;
    }
    this.skipReason = reason;
  }

  /** Finds the end of a malformed first line (quotes no longer matter); false: need more bytes. */
  private skipLine(final: boolean): boolean {
    const buf = this.work;
    const end = this.wEnd;
    const crMode = this.o.lineEnding === 'cr';
    let i = this.pos;
    while (i < end && buf[i] !== LF && !(crMode && buf[i] === CR)) i++;
    let contentEnd = i;
    let termLen = 0;
    if (i >= end) {
      if (!final) {
        this.pos = i;
        return false;
      }
    } else if (buf[i] === CR) {
      if (i + 1 >= end && !final) {
        this.pos = i;
        return false;
      }
      termLen = buf[i + 1] === LF ? 2 : 1;
    } else {
      termLen = 1;
      if (!crMode && i > this.recStart && buf[i - 1] === CR) contentEnd = i - 1;
    }
    this.lineStarts = [0];
    this.lineEnds = [contentEnd - this.recStart];
    this.rejectLines(this.skipReason!);
    this.pos = i + termLen;
    this.nextRecord(i + termLen, 1);
    return true;
  }

  /** The record's first line is rejected (its quote never closed); scanning restarts at line 2. */
  private rescanAfterFirstLine(): void {
    const rs = this.recStart;
    this.reject(this.nextLine, rs, rs + this.lineEnds[0]!, 'broken quoting: unterminated quoted field');
    const second = rs + this.lineStarts[1]!;
    this.nextLine++;
    this.recStart = second;
    this.pos = second;
    this.resetRecord();
  }

  /** The file ended inside a quoted field. */
  private unterminated(): void {
    if (this.lineStarts.length > 1) {
      this.rescanAfterFirstLine();
      return;
    }
    this.lineEnds = [this.wEnd - this.recStart];
    this.rejectLines('broken quoting: unterminated quoted field');
    this.nextRecord(this.wEnd, 1);
  }

  /**
   * A quoted field is still open after maxRecordLines lines. Its lines are not kept: the probe
   * follows the quote to its end to tell a long record (its quote closes and the field count is
   * right: every line of it is rejected) from a stray quote (only its line is rejected).
   * Either way the lines are read again from the file (resumeAt).
   */
  private startProbe(final: boolean): void {
    const rs = this.recStart;
    const p = this.probe;
    p.firstLine = this.nextLine;
    p.firstOffset = this.workOffset + rs;
    p.secondOffset = this.workOffset + rs + this.lineStarts[1]!;
    p.firstRaw = this.o.codec.decode(
      this.work.subarray(rs, Math.min(rs + this.lineEnds[0]!, rs + RAW_BYTES)),
    );
    p.lines = this.lineStarts.length;
    p.fields = this.fields;
    p.inQuotes = true;
    p.afterClose = false;
    p.atFieldStart = false;
    p.pendingQuote = false;
    p.pendingCr = false;
    this.mode = 'probe';
    // The rest of the buffer is probed here; later pushes go straight to the probe.
    const rest = this.work.subarray(this.pos, this.wEnd);
    this.wEnd = this.recStart = this.pos = 0;
    this.runProbe(rest, 0, final);
  }

  /** Probes buf[from..]; returns where it stopped (buf.length unless it came to a conclusion). */
  private runProbe(buf: Buffer, from: number, final: boolean): number {
    const p = this.probe;
    const D = this.o.delimiter;
    const Q = this.o.quote;
    const crMode = this.o.lineEnding === 'cr';
    let i = from;
    if (p.pendingQuote && i < buf.length) {
      p.pendingQuote = false;
      if (buf[i] === Q) i++;
      else {
        p.inQuotes = false;
        p.afterClose = true;
      }
    }
    if (p.pendingCr && i < buf.length) {
      p.pendingCr = false;
      if (buf[i] === LF) i++;
    }
    for (; i < buf.length; i++) {
      const b = buf[i]!;
      if (p.inQuotes) {
        if (b === Q) {
          if (i + 1 >= buf.length) {
            p.pendingQuote = true;
            return buf.length;
          }
          if (buf[i + 1] === Q) i++;
          else {
            p.inQuotes = false;
            p.afterClose = true;
          }
        } else if (b === LF || (crMode && b === CR)) {
          p.lines++;
          if (b === CR) {
            if (i + 1 >= buf.length) p.pendingCr = true;
            else if (buf[i + 1] === LF) i++;
          }
        }
        continue;
      }
      if (b === D) {
        p.fields++;
        p.afterClose = false;
        p.atFieldStart = true;
        continue;
      }
      if (b === LF || b === CR) {
        if (b === CR && !crMode && buf[i + 1] !== LF && i + 1 < buf.length)
          return this.concludeProbe(false, i);
        return this.concludeProbe(p.fields + 1 === this.o.expectedFields, i);
      }
      if (p.afterClose) return this.concludeProbe(false, i);
      if (b === Q) {
        if (!p.atFieldStart) return this.concludeProbe(false, i);
        p.inQuotes = true;
      }
      p.atFieldStart = false;
    }
    if (final) {
      if (p.pendingQuote) {
        p.inQuotes = false;
      }
      return this.concludeProbe(!p.inQuotes && p.fields + 1 === this.o.expectedFields, i);
    }
    return buf.length;
  }

  private concludeProbe(longRecord: boolean, at: number): number {
    const p = this.probe;
    if (longRecord) {
      this.rejecting = {
        left: p.lines,
        reason: `a quoted field spans ${p.lines} lines, more than options.maxRecordLines (${this.o.maxRecordLines})`,
        raw: [],
        rawBytes: 0,
        pendingCr: false,
      };
      this.mode = 'reject-lines';
      this.nextLine = p.firstLine;
      this.resumeAt = p.firstOffset;
    } else {
      this.rejects.push({
        lineNumber: p.firstLine,
        raw: p.firstRaw,
        reason: 'broken quoting: unterminated quoted field',
      });
      this.mode = 'records';
      this.nextLine = p.firstLine + 1;
      this.resumeAt = p.secondOffset;
    }
    return at;
  }

  /** Rejects the next `rejecting.left` physical lines one by one, keeping a bounded part of each. */
  private runRejectLines(buf: Buffer, from: number, final: boolean): number {
    const r = this.rejecting;
    const crMode = this.o.lineEnding === 'cr';
    let i = from;
    if (r.pendingCr && i < buf.length) {
      r.pendingCr = false;
      if (buf[i] === LF) i++;
      if (r.left === 0) return this.rejectLinesDone(i);
    }
    let lineStart = i;
    for (; i < buf.length && r.left > 0; i++) {
      const b = buf[i]!;
      if (b !== LF && !(crMode && b === CR)) continue;
      const contentEnd = !crMode && b === LF && i > lineStart && buf[i - 1] === CR ? i - 1 : i;
      this.keepRaw(buf, lineStart, contentEnd);
      this.finishRejectedLine();
      if (b === CR) {
        if (i + 1 >= buf.length) {
          r.pendingCr = true;
          return buf.length;
        }
        if (buf[i + 1] === LF) i++;
      }
      lineStart = i + 1;
    }
    if (r.left === 0) return this.rejectLinesDone(i);
    this.keepRaw(buf, lineStart, buf.length);
    if (final) {
      this.finishRejectedLine();
      return this.rejectLinesDone(buf.length);
    }
    return buf.length;
  }

  private keepRaw(buf: Buffer, start: number, end: number): void {
    const r = this.rejecting;
    const take = Math.min(end - start, RAW_BYTES - r.rawBytes);
    if (take <= 0) return;
    r.raw.push(Buffer.from(buf.subarray(start, start + take)));
    r.rawBytes += take;
  }

  private finishRejectedLine(): void {
    const r = this.rejecting;
    this.rejects.push({
      lineNumber: this.nextLine++,
      raw: this.o.codec.decode(Buffer.concat(r.raw)),
      reason: r.reason,
    });
    r.raw = [];
    r.rawBytes = 0;
    r.left--;
  }

  private rejectLinesDone(at: number): number {
    this.mode = 'records';
    return at;
  }

  /** Writes a valid record for COPY: its fields (rewritten only where needed) and its row hash. */
  private emit(rs: number, contentEnd: number, termLen: number): void {
    const buf = this.work;
    const n = this.o.expectedFields;
    let rewrite = !this.o.codec.passThrough;
    for (let f = 0; f < n && !rewrite; f++) if (this.fFlags[f]! & REWRITE) rewrite = true;
    const length = contentEnd - rs;
    const md5 = length > LARGE_RECORD ? this.largeHash(rs) : this.hash(rs, length);
    if (!rewrite) {
      if (length > LARGE_RECORD) {
        this.handOver(rs, contentEnd, termLen, md5);
        return;
      }
      this.out.record(buf, rs, contentEnd, this.o.delimiter, md5, this.nextLine);
      return;
    }
    const codec = this.o.codec;
    const out = this.out.reserve(length * codec.maxGrowth + 2 * n + TAIL_BYTES);
    let p = out.pos;
    const target = out.buf;
    for (let f = 0; f < n; f++) {
      if (f > 0) target[p++] = this.o.delimiter;
      const flags = this.fFlags[f]!;
      const s = rs + this.fStart[f]!;
      const e = rs + this.fEnd[f]!;
      if (flags & IS_NULL) continue;
      if (flags & REWRITE) {
        // An empty unquoted field where '' is not a null marker: an empty string.
        target[p++] = this.o.quote;
        target[p++] = this.o.quote;
        continue;
      }
      p = codec.transcode(buf, s, e, target, p);
    }
    p = writeTail(target, p, this.o.delimiter, md5, this.nextLine);
    this.out.commit(p);
  }

  /** A record of more than LARGE_RECORD bytes goes to COPY as a view of the buffer, not a copy. */
  private handOver(rs: number, contentEnd: number, termLen: number, md5: string): void {
    const old = this.work;
    const restStart = contentEnd + termLen;
    const rest = this.wEnd - restStart;
    const next = Buffer.allocUnsafe(Math.max(1 << 16, rest + 64));
    old.copy(next, 0, restStart, this.wEnd);
    // The tail overwrites the line ending and what followed, which now lives in `next`; a
    // buffer without room for it is copied once (a piece must hold whole records).
    if (old.length - contentEnd >= TAIL_BYTES) {
      const p = writeTail(old, contentEnd, this.o.delimiter, md5, this.nextLine);
      this.out.piece(old.subarray(rs, p));
    } else {
      const tail = Buffer.allocUnsafe(TAIL_BYTES);
      const p = writeTail(tail, 0, this.o.delimiter, md5, this.nextLine);
      this.out.piece(Buffer.concat([old.subarray(rs, contentEnd), tail.subarray(0, p)]));
    }
    this.workOffset += restStart;
    this.work = next;
    this.wEnd = rest;
    this.handedOver = true;
  }

  private handedOver = false;

  /** md5 of the record's values in the staging table's column order (see the class comment). */
  private hash(rs: number, length: number): string {
    const n = this.o.expectedFields;
    const need = length * this.o.codec.maxGrowth + n;
    if (this.scratch.length < need)
      this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    const s = this.scratch;
    const buf = this.work;
    const codec = this.o.codec;
    const order = this.o.hashOrder;
    let p = 0;
    for (let k = 0; k < n; k++) {
      const f = this.identityOrder ? k : order[k]!;
      const flags = this.fFlags[f]!;
      if (flags & IS_NULL) {
        s[p++] = NULL_MARK;
        continue;
      }
      let start = rs + this.fStart[f]!;
      let end = rs + this.fEnd[f]!;
      if (flags & QUOTED) {
        start++;
        end--;
        if (flags & ESCAPED) {
          p = this.unescape(buf, start, end, s, p);
          s[p++] = VALUE_END;
          continue;
        }
      }
      if (codec.passThrough) {
        if (end - start < 16) for (let i = start; i < end; i++) s[p++] = buf[i]!;
        else p += buf.copy(s, p, start, end);
      } else p = codec.transcode(buf, start, end, s, p);
      s[p++] = VALUE_END;
    }
    return hash('md5', s.subarray(0, p), 'hex');
  }

  /** A quoted value's bytes with each doubled quote made single, transcoded. */
  private unescape(buf: Buffer, start: number, end: number, out: Buffer, pos: number): number {
    const Q = this.o.quote;
    let p = pos;
    let from = start;
    for (let i = start; i < end; i++) {
      if (buf[i] === Q) {
        p = this.o.codec.transcode(buf, from, i + 1, out, p);
        i++;
        from = i + 1;
      }
    }
    return this.o.codec.transcode(buf, from, end, out, p);
  }

  /** The same hash for a record too large to copy into the scratch buffer: fed piecewise. */
  private largeHash(rs: number): string {
    const md5 = createHash('md5');
    const n = this.o.expectedFields;
    const buf = this.work;
    const piece = Buffer.allocUnsafe(1 << 16);
    const feed = (start: number, end: number, escaped: boolean) => {
      for (let at = start; at < end; ) {
        // Cut pieces so that a doubled quote is never split: quotes inside come in pairs.
        let stop = Math.min(end, at + (piece.length >> 2));
        if (escaped && stop < end) {
          let k = stop - 1;
          while (k >= at && buf[k] === this.o.quote) k--;
          if ((stop - 1 - k) % 2 === 1) stop++;
        }
        const p = escaped
          ? this.unescape(buf, at, stop, piece, 0)
          : this.o.codec.transcode(buf, at, stop, piece, 0);
        md5.update(piece.subarray(0, p));
        at = stop;
      }
    };
    for (let k = 0; k < n; k++) {
      const f = this.identityOrder ? k : this.o.hashOrder[k]!;
      const flags = this.fFlags[f]!;
      if (flags & IS_NULL) {
        md5.update(Buffer.from([NULL_MARK]));
        continue;
      }
      const quoted = (flags & QUOTED) !== 0;
      feed(
        rs + this.fStart[f]! + (quoted ? 1 : 0),
        rs + this.fEnd[f]! - (quoted ? 1 : 0),
        (flags & ESCAPED) !== 0,
      );
      md5.update(Buffer.from([VALUE_END]));
    }
    return md5.digest('hex');
  }
}
