import { basename } from 'node:path';
import {
  DqError,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
  type SourceProbe,
  type StagingRecord,
} from '@dq/plugin-api';
import { discoverFeedBatches, probeFeedFolder } from '@dq/plugin-source-csv';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { decimalText, parquetText, TEXT_PARSERS } from './parquet-text.js';

/**
 * hyparquet and its codecs are imported on first use: they took ~55 ms of every dq command's
 * start-up, and only a command that reads a Parquet file needs them.
 */
let libraries: Promise<{
  hyparquet: typeof import('hyparquet');
  codecs: typeof import('hyparquet-compressors');
}>;
function parquetLibraries() {
  libraries ??= Promise.all([import('hyparquet'), import('hyparquet-compressors')]).then(
    ([hyparquet, codecs]) => ({
      hyparquet,
      codecs,
    }),
  );
  return libraries;
}

/** Records handed to the staging writer at a time. */
const BATCH = 2000;

const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    columns: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'The columns to load, by name (default: every top-level column of the file).',
    },
  },
} as const;

interface ParquetOptions {
  columns?: string[];
}

/**
 * The `parquet` source kind: Parquet files (any codec hyparquet-compressors reads: snappy, gzip,
 * zstd, brotli, lz4), oldest first, read one row group at a time so memory is bounded by a row
 * group, not the file. Columns are taken by name; each record carries its row number in the file
 * (1-based) as its line, so a failing record reads as file:row. Values load as their text forms.
 */
export class ParquetSource implements Source {
  readonly kind = 'parquet';
  readonly description = 'Parquet files, read row group by row group, columns by name';
  readonly optionsSchema = OPTIONS_SCHEMA;

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    return discoverFeedBatches(source, 'parquet');
  }

  async probe(source: SourceConfig): Promise<SourceProbe> {
    return probeFeedFolder(source, 'parquet');
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const path = batch.location;
    const { file, metadata } = await openParquet(path);
    const { parquetSchema } = (await parquetLibraries()).hyparquet;
    const present = parquetSchema(metadata).children.map((c) => c.element.name);
    const wanted = (source.options as ParquetOptions | undefined)?.columns;
    const missing = wanted?.filter((c) => !present.includes(c)) ?? [];
    if (missing.length > 0) {
      throw new DqError(
        'DQ_LOAD_FAILED',
        `${basename(path)} has no column ${missing.join(', ')} (it has ${present.join(', ')}); ${source.table} is kept as it was.`,
        { hint: 'Fix options.columns of this source, or the file.' },
      );
    }
    const columns = wanted ?? present;
    const decimals = undecodedDecimals(metadata, parquetSchema(metadata).children);
    const scales = columns.map((c) => decimals.scales.get(c));
    const text = (v: unknown, c: number) => {
      const scale = scales[c];
      return scale === undefined ? parquetText(v) : decimalText(v, scale);
    };
    const groups = metadata.row_groups.map((g) => Number(g.num_rows));
    return ctx.staging.write({
      sourceFile: path,
      columns,
      data: {
        kind: 'records',
        async *records() {
          let start = 0;
          for (const [g, size] of groups.entries()) {
            const rows = await readGroup(file, decimals.metadata, columns, start, start + size, path, g);
            for (let i = 0; i < rows.length; i += BATCH) {
              const records: StagingRecord[] = [];
              for (let r = i; r < Math.min(i + BATCH, rows.length); r++) {
                records.push({ line: start + r + 1, values: rows[r]!.map(text) });
              }
              yield records;
            }
            start += size;
            ctx.onProgress?.({ rowsRead: start });
          }
        },
      },
    });
  }
}

/**
 * The file's metadata with its top-level DECIMAL columns left undecoded (hyparquet then hands
 * over their unscaled integers, which {@link decimalText} formats exactly), and each one's scale.
 */
function undecodedDecimals(
  metadata: FileMetaData,
  topLevel: readonly { element: FileMetaData['schema'][number] }[],
): { metadata: FileMetaData; scales: Map<string, number> } {
  const scales = new Map<string, number>();
  const top = new Set(topLevel.map((c) => c.element));
  const schema = metadata.schema.map((element) => {
    const logical = element.logical_type;
    const isDecimal = element.converted_type === 'DECIMAL' || logical?.type === 'DECIMAL';
    if (!top.has(element) || !isDecimal) return element;
    scales.set(element.name, element.scale ?? (logical?.type === 'DECIMAL' ? logical.scale : 0) ?? 0);
    const { converted_type: _converted, logical_type: _logical, ...undecoded } = element;
    return undecoded;
  });
  return { metadata: { ...metadata, schema }, scales };
}

async function openParquet(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  const { asyncBufferFromFile, parquetMetadataAsync } = (await parquetLibraries()).hyparquet;
  try {
    const file = await asyncBufferFromFile(path);
    return { file, metadata: await parquetMetadataAsync(file, { parsers: TEXT_PARSERS }) };
  } catch (err) {
    throw unreadable(path, err);
  }
}

/** One row group's rows (the file's rows [start, end)), as arrays in `columns` order. */
async function readGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: string[],
  rowStart: number,
  rowEnd: number,
  path: string,
  group: number,
): Promise<unknown[][]> {
  const { hyparquet, codecs } = await parquetLibraries();
  let rows: unknown[][] = [];
  try {
    await hyparquet.parquetRead({
      file,
      metadata,
      columns,
      rowStart,
      rowEnd,
      compressors: codecs.compressors,
      parsers: TEXT_PARSERS,
      // Bytes are text only where the schema says so (STRING/UTF8); other byte arrays are binary.
      utf8: false,
      onComplete: (r) => {
        rows = r;
      },
    });
  } catch (err) {
    throw unreadable(path, err, ` (row group ${group + 1}, rows ${rowStart + 1}-${rowEnd})`);
  }
  return rows;
}

function unreadable(path: string, err: unknown, where = ''): DqError {
  return new DqError(
    'DQ_LOAD_FAILED',
    `${basename(path)} is not a readable Parquet file${where}: ${(err as Error).message}. The previous staging data is kept.`,
    { cause: err, hint: 'The file may be truncated or still being written; replace it and load again.' },
  );
}
