import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DqError,
  quoteIdent,
  quoteLiteral,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
} from '@dq/plugin-api';
import { CsvRecordScanner } from './csv-record-scanner.js';
import { findFeedFiles } from './file-discovery.js';
import { parseHeader } from './header.js';
import { RejectSpool } from './reject-spool.js';
import { checkHeader, createStagingTable, StagingTarget, stagingColumns } from './staging-table.js';

/**
 * Bytes read at a time. Buffers that die young are freed by V8's cheap scavenges; megabyte
 * chunks lived long enough to be promoted and piled up until a full GC (peak RSS ~200 MiB at
 * scale 1 and ~225 at scale 5). At 256 KiB: ~115 and ~125 MiB, and no slower (bench/load).
 */
const CHUNK_BYTES = 1 << 18;
const HEADER_READ_BYTES = 64 * 1024;

/** Options a csv source may set under `options:`. */
interface CsvOptions {
  /** Lines a quoted field may span before the line is rejected (default 20). */
  maxRecordLines?: number;
}

/**
 * The `csv` source kind: the newest file matching the pattern (by the date in its name, then
 * mtime), streamed through a structural check straight into COPY, with malformed lines set aside
 * in stg_rejects. One transaction per file: a failure leaves the previous staging data.
 */
export class CsvSource implements Source {
  readonly kind = 'csv';
  readonly description = 'Delimited text files, newest matching file per load';

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    if (!source.path || !source.pattern) {
      throw new DqError('DQ_CONFIG_INVALID', `Source ${source.name}: a csv source needs path: and pattern:.`);
    }
    const newest = findFeedFiles(source.path, source.pattern).pop();
    if (!newest) return [];
    return [
      { name: newest.path, location: newest.path, ...(newest.feedDate ? { feedDate: newest.feedDate } : {}) },
    ];
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const file = batch.location;
    const delimiter = source.delimiter ?? ',';
    const encoding = (source.encoding ?? 'UTF8').toUpperCase().replace(/^UTF-8$/, 'UTF8');
    const nullValues = source.nullValues ?? [''];
    const options = (source.options ?? {}) as CsvOptions;
    const totalBytes = statSync(file).size;
    const notes: string[] = [];

    const { header, dataOffset } = await readHeader(file);
    const columns = parseHeader(header, delimiter, basename(file));
    const spool = new RejectSpool(ctx.loadId, source.table, file);
    try {
      return await ctx.db.transaction(async (tx) => {
        let tableColumns = await stagingColumns(tx, source.table);
        if (!tableColumns) {
          await createStagingTable(tx, source.table, columns);
          tableColumns = columns;
          notes.push(
            `created ${source.table} from the header of ${basename(file)} (${columns.length} text columns)`,
          );
          ctx.logger.info({ table: source.table, file }, 'staging table created from the file header');
        }
        checkHeader(source.table, tableColumns, columns, basename(file));

        const target = new StagingTarget(tx, source.table, source.mode);
        await target.prepare(ctx.loadId, file);
        const scanner = new CsvRecordScanner({
          delimiter: delimiter.charCodeAt(0),
          quote: 0x22,
          expectedFields: columns.length,
          checkUtf8: encoding === 'UTF8',
          maxRecordLines: options.maxRecordLines ?? 20,
          firstLineNumber: 2,
        });
        let records = 0;
        let bytesRead = dataOffset;
        async function* copyData(): AsyncIterable<Buffer> {
          // One read buffer for the whole file: the scanner copies out what it keeps, and the
          // rejects are spooled before the next read, so reading makes no garbage.
          const readBuffer = Buffer.allocUnsafe(CHUNK_BYTES);
          const handle = await open(file, 'r');
          try {
            for (;;) {
              const { bytesRead: got } = await handle.read(readBuffer, 0, CHUNK_BYTES, bytesRead);
              const scanned = got === 0 ? scanner.end() : scanner.push(readBuffer.subarray(0, got));
              records += scanned.records;
              bytesRead += scanned.bytes;
              await spool.add(scanned.rejects);
              ctx.onProgress?.({ rowsRead: records + spool.count, bytesRead, totalBytes });
              if (scanned.copyData.length > 0) yield scanned.copyData;
              if (got === 0) return;
            }
          } finally {
            await handle.close();
          }
        }
        const copySql = `COPY ${quoteIdent(target.loadTable, 'table')} (${columns.map((c) => quoteIdent(c)).join(', ')}, row_hash)
          FROM STDIN WITH (FORMAT csv, DELIMITER ${quoteLiteral(delimiter)}, ENCODING ${quoteLiteral(encoding)}${
            // With '' a null marker, quoted "" is NULL too (FORCE_NULL); without it, nothing empty is.
            `, ${nullValues.includes('') ? 'FORCE_NULL' : 'FORCE_NOT_NULL'} (${columns.map((c) => quoteIdent(c)).join(', ')})`
          })`;
        await tx.copyFrom(copySql, copyData());
        if (records === 0 && spool.count > 0) {
          throw new DqError(
            'DQ_LOAD_FAILED',
            `${basename(file)}: every data line was rejected (line ${spool.first?.lineNumber}: ${spool.first?.reason}); the previous staging data is kept.`,
            { hint: 'Check the delimiter and encoding configured for this source.' },
          );
        }
        await target.applyNullValues(columns, nullValues);
        await spool.flush(tx);
        const rowsNew = await target.finish(tableColumns, records);
        return {
          rowsRead: records + spool.count,
          rowsLoaded: records,
          rowsRejected: spool.count,
          rowsNew,
          notes,
        };
      });
    } finally {
      await spool.dispose();
    }
  }
}

/** Reads up to the first line feed: the header, and the offset of the first data line. */
async function readHeader(file: string): Promise<{ header: Buffer; dataOffset: number }> {
  const handle = await open(file, 'r');
  try {
    let data: Buffer = Buffer.alloc(0);
    for (;;) {
      const lf = data.indexOf(0x0a);
      if (lf >= 0) {
        const end = lf > 0 && data[lf - 1] === 0x0d ? lf - 1 : lf;
        return { header: data.subarray(0, end), dataOffset: lf + 1 };
      }
      const next = Buffer.alloc(HEADER_READ_BYTES);
      const { bytesRead } = await handle.read(next, 0, next.length, data.length);
      if (bytesRead === 0) {
        if (data.length === 0)
          throw new DqError('DQ_LOAD_FAILED', `${basename(file)}: the file is empty (no header line).`);
        return { header: data, dataOffset: data.length };
      }
      data = Buffer.concat([data, next.subarray(0, bytesRead)]);
    }
  } finally {
    await handle.close();
  }
}
