import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  DqError,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
  type SourceProbe,
} from '@dq/plugin-api';
import { CsvRecordScanner } from './csv-record-scanner.js';
import { discoverFeedBatches, probeFeedFolder } from './file-discovery.js';
import { readHeader } from './header.js';
import { textCodec } from './text-codec.js';

/**
 * Bytes read at a time. Buffers that die young are freed by V8's cheap scavenges; megabyte
 * chunks lived long enough to be promoted and piled up until a full GC (peak RSS ~200 MiB at
 * scale 1 and ~225 at scale 5). At 256 KiB: ~115 and ~125 MiB, and no slower (bench/load).
 */
const CHUNK_BYTES = 1 << 18;
const QUOTE = 0x22;

/** Options a csv source may set under `options:`. */
interface CsvOptions {
  /** Lines a quoted field may span; a longer record is rejected whole (default 20). */
  maxRecordLines: number;
  /** Quoted values matching nullValues load as NULL too (default false: a quoted value stays one). */
  quotedNullValues: boolean;
  /** A file with a header and no data lines: `load` it (the table becomes empty, with a note) or `fail`. */
  emptyFile: 'load' | 'fail';
}

/** The JSON Schema of a csv source's `options:` (validated at start-up, defaults filled). */
const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxRecordLines: {
      type: 'integer',
      minimum: 1,
      default: 20,
      description: 'Lines a quoted field may span; a longer record is rejected whole.',
    },
    quotedNullValues: {
      type: 'boolean',
      default: false,
      description:
        'Quoted values matching nullValues load as NULL too (by default a quoted value stays one).',
    },
    emptyFile: {
      enum: ['load', 'fail'],
      default: 'load',
      description: 'A file with a header and no data lines: load it (the table becomes empty) or fail.',
    },
  },
} as const;

function csvOptions(source: SourceConfig): CsvOptions {
  const delimiter = source.delimiter ?? ',';
  if (!/^[\x20-\x7e\t]$/.test(delimiter) || delimiter === '"') {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `Source ${source.name}: the delimiter ${JSON.stringify(delimiter)} must be one ASCII character other than a quote.`,
    );
  }
  const given = (source.options ?? {}) as Partial<CsvOptions>;
  return {
    maxRecordLines: given.maxRecordLines ?? 20,
    quotedNullValues: given.quotedNullValues ?? false,
    emptyFile: given.emptyFile ?? 'load',
  };
}

/**
 * The `csv` source kind: the files matching the pattern, oldest first (by the date in the name,
 * then mtime), each streamed through a record scanner as COPY chunks into the kernel's staging writer, with
 * malformed lines set aside as rejects. The writer stages each file in one transaction: a failure
 * leaves the previous staging data.
 */
export class CsvSource implements Source {
  readonly kind = 'csv';
  readonly description = 'Delimited text files: every matching file not loaded yet, oldest first';
  readonly optionsSchema = OPTIONS_SCHEMA;

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    return discoverFeedBatches(source, 'csv');
  }

  async probe(source: SourceConfig): Promise<SourceProbe> {
    return probeFeedFolder(source, 'csv');
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const file = batch.location;
    const options = csvOptions(source);
    const delimiter = source.delimiter ?? ',';
    const codec = textCodec(source.encoding);
    const nullValues = source.nullValues ?? [''];
    const totalBytes = statSync(file).size;

    const header = await readHeader(file, codec, delimiter, QUOTE);
    const { columns } = header;
    // The file's sha256 (stg_audit_log: a file loads once), taken from the bytes as they are read
    // for COPY rather than in a second read of the whole file.
    const sha = createHash('sha256');
    let hashedTo = 0;
    let hashedAll = false;
    const hashRead = (bytes: Buffer, at: number) => {
      // Lookahead re-reads bytes already hashed: only what lies past them counts, in order.
      if (at > hashedTo || at + bytes.length <= hashedTo) return;
      sha.update(bytes.subarray(hashedTo - at));
      hashedTo = at + bytes.length;
    };
    return ctx.staging.write({
      contentHash: () => (hashedAll && hashedTo === totalBytes ? sha.digest('hex') : undefined),
      sourceFile: file,
      columns,
      emptyBatch: options.emptyFile,
      data: {
        kind: 'copy',
        format: 'csv',
        delimiter,
        async *chunks(sink) {
          const scanner = new CsvRecordScanner({
            delimiter: delimiter.charCodeAt(0),
            quote: QUOTE,
            expectedFields: columns.length,
            codec,
            lineEnding: header.lineEnding,
            maxRecordLines: options.maxRecordLines,
            firstLineNumber: 1 + header.lines,
            firstOffset: header.dataOffset,
            hashOrder: sink.hashOrder,
            nullValues,
            quotedNullValues: options.quotedNullValues,
          });
          // One read buffer for the whole file: the scanner copies out what it keeps, and the
          // rejects are spooled before the next read, so reading makes no garbage.
          const readBuffer = Buffer.allocUnsafe(CHUNK_BYTES);
          const handle = await open(file, 'r');
          let position = header.dataOffset;
          let scannedRows = 0;
          try {
            // The header's bytes, read by readHeader, go into the hash first.
            while (hashedTo < header.dataOffset) {
              const want = Math.min(CHUNK_BYTES, header.dataOffset - hashedTo);
              const { bytesRead } = await handle.read(readBuffer, 0, want, hashedTo);
              if (bytesRead === 0) break;
              hashRead(readBuffer.subarray(0, bytesRead), hashedTo);
            }
            for (;;) {
              const { bytesRead: got } = await handle.read(readBuffer, 0, CHUNK_BYTES, position);
              hashRead(readBuffer.subarray(0, got), position);
              const scanned = got === 0 ? scanner.end() : scanner.push(readBuffer.subarray(0, got));
              scannedRows += scanned.records + scanned.rejects.length;
              if (scanned.rejects.length > 0) {
                await sink.reject(
                  scanned.rejects.map((r) => ({ line: r.lineNumber, raw: r.raw, reason: r.reason })),
                );
              }
              ctx.onProgress?.({ rowsRead: scannedRows, bytesRead: position + got, totalBytes });
              for (const piece of scanned.copyData) yield piece;
              // The scanner looked ahead past an open quote and reads those lines again.
              if (scanned.resumeAt !== undefined) position = scanned.resumeAt;
              else if (got === 0) {
                hashedAll = true;
                return;
              } else position += got;
            }
          } finally {
            await handle.close();
          }
        },
      },
    });
  }
}
