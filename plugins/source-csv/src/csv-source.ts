import { createReadStream, statSync } from 'node:fs';
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

const CHUNK_BYTES = 1 << 20;

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

    const reader = createReadStream(file, { highWaterMark: CHUNK_BYTES })[Symbol.asyncIterator]();
    const { header, rest } = await readHeader(reader, file);
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
        let bytesRead = header.length;
        async function* copyData(): AsyncIterable<Buffer> {
          const chunks = rest.length ? [rest] : [];
          for (;;) {
            const chunk = chunks.shift() ?? (await reader.next()).value;
            const scanned = chunk === undefined ? scanner.end() : scanner.push(chunk as Buffer);
            records += scanned.records;
            bytesRead += scanned.bytes;
            await spool.add(scanned.rejects);
            ctx.onProgress?.({ rowsRead: records + spool.count, bytesRead, totalBytes });
            if (scanned.copyData.length > 0) yield scanned.copyData;
            if (chunk === undefined) return;
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
      await reader.return?.();
    }
  }
}

/** Reads up to the first line feed: the header, and the bytes after it. */
async function readHeader(
  reader: AsyncIterator<Buffer | string>,
  file: string,
): Promise<{ header: Buffer; rest: Buffer }> {
  let data: Buffer = Buffer.alloc(0);
  for (;;) {
    const lf = data.indexOf(0x0a);
    if (lf >= 0) {
      const end = lf > 0 && data[lf - 1] === 0x0d ? lf - 1 : lf;
      return { header: data.subarray(0, end), rest: data.subarray(lf + 1) };
    }
    const next = await reader.next();
    if (next.done) {
      if (data.length === 0)
        throw new DqError('DQ_LOAD_FAILED', `${basename(file)}: the file is empty (no header line).`);
      return { header: data, rest: Buffer.alloc(0) };
    }
    data = Buffer.concat([data, next.value as Buffer]);
  }
}
