import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { DqError, STAGING_AUDIT_COLUMNS } from '@dq/plugin-api';
import { parse } from 'csv-parse/sync';
import type { LineEnding } from './csv-record-scanner.js';
import type { TextCodec } from './text-codec.js';

const LF = 0x0a;
const CR = 0x0d;
const READ_BYTES = 64 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;

/** The first record of a file: its column names, how the file's lines end, where data starts. */
export interface FileHeader {
  columns: string[];
  lineEnding: LineEnding;
  /** Byte offset of the first data line. */
  dataOffset: number;
  /** Physical lines the header took (a quoted name may hold a line break). */
  lines: number;
}

/**
 * Reads the header: up to the first line break outside quotes. That break decides the file's
 * line ending: LF or CRLF make an `lf` file, a CR alone a `cr` file (see LineEnding).
 */
export async function readHeader(
  file: string,
  codec: TextCodec,
  delimiter: string,
  quote: number,
): Promise<FileHeader> {
  const handle = await open(file, 'r');
  try {
    let data: Buffer = Buffer.alloc(0);
    let eof = false;
    let inQuotes = false;
    let lines = 1;
    let i = 0;
    for (;;) {
      for (; i < data.length; i++) {
        const b = data[i]!;
        if (b === quote) inQuotes = !inQuotes;
        else if (b === LF || b === CR) {
          if (b === CR && i + 1 >= data.length && !eof) break;
          if (inQuotes) {
            lines++;
            if (b === CR && data[i + 1] === LF) i++;
            continue;
          }
          const crlf = b === CR && data[i + 1] === LF;
          return {
            columns: parseColumns(data.subarray(0, i), codec, delimiter, file),
            lineEnding: b === CR && !crlf ? 'cr' : 'lf',
            dataOffset: i + (crlf ? 2 : 1),
            lines,
          };
        }
      }
      if (eof) {
        if (data.length === 0) {
          throw new DqError('DQ_LOAD_FAILED', `${basename(file)}: the file is empty (no header line).`, {
            hint: 'Each feed starts with a header naming its columns.',
          });
        }
        return {
          columns: parseColumns(data, codec, delimiter, file),
          lineEnding: 'lf',
          dataOffset: data.length,
          lines,
        };
      }
      const next = Buffer.alloc(READ_BYTES);
      const { bytesRead } = await handle.read(next, 0, next.length, data.length);
      if (bytesRead === 0) eof = true;
      else data = Buffer.concat([data, next.subarray(0, bytesRead)]);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Turns the header's names into column identifiers (csv-parse reads the one line where full
 * parsing is cheap): trimmed, lower-case, other characters as underscores. Names PostgreSQL
 * would truncate or that collide with the audit columns are refused with what to change.
 */
function parseColumns(line: Buffer, codec: TextCodec, delimiter: string, file: string): string[] {
  const name = basename(file);
  const bytes = line.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? line.subarray(UTF8_BOM.length) : line;
  let fields: string[];
  try {
    const rows = parse(codec.decode(bytes), { delimiter, relax_column_count: true }) as string[][];
    fields = rows[0] ?? [];
  } catch (err) {
    throw new DqError(
      'DQ_LOAD_FAILED',
      `${name}: the header line is not valid CSV: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (fields.length === 0 || fields.every((f) => f.trim() === '')) {
    throw new DqError('DQ_LOAD_FAILED', `${name}: the file is empty or has no header line.`, {
      hint: 'Each feed starts with a header naming its columns.',
    });
  }
  const columns = fields.map((f) =>
    f
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^(\d)/, '_$1'),
  );
  const problems: string[] = [];
  columns.forEach((c, i) => {
    const where = `column ${i + 1} of the header`;
    if (c === '') problems.push(`${where} has no name`);
    else if (c.length > MAX_NAME_BYTES) {
      problems.push(
        `${where} ("${c.slice(0, 20)}...") is ${c.length} characters long; PostgreSQL keeps ${MAX_NAME_BYTES}`,
      );
    } else if ((STAGING_AUDIT_COLUMNS as readonly string[]).includes(c)) {
      problems.push(`${where} is named ${c}, an audit column dq fills itself`);
    }
  });
  const dup = columns.find((n, i) => n !== '' && columns.indexOf(n) !== i);
  if (dup) problems.push(`the header names the column "${dup}" twice`);
  if (problems.length > 0) {
    throw new DqError('DQ_LOAD_FAILED', `${name}: ${problems.join('; ')}.`, {
      hint: 'Rename the column in the feed (names become staging columns: letters, digits and underscores).',
    });
  }
  return columns;
}
