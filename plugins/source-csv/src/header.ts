import { DqError } from '@dq/plugin-api';
import { parse } from 'csv-parse/sync';

/**
 * Reads the header line with csv-parse (the one line where full CSV parsing is cheap) and turns
 * names into column identifiers: trimmed, lower-case, other characters as underscores.
 */
export function parseHeader(line: Buffer, delimiter: string, file: string): string[] {
  let fields: string[];
  try {
    const rows = parse(line.toString('utf8').replace(/^\uFEFF/, ''), {
      delimiter,
      relax_column_count: true,
    }) as string[][];
    fields = rows[0] ?? [];
  } catch (err) {
    throw new DqError(
      'DQ_LOAD_FAILED',
      `${file}: the header line is not valid CSV: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (fields.length === 0 || fields.every((f) => f.trim() === '')) {
    throw new DqError('DQ_LOAD_FAILED', `${file}: the file is empty or has no header line.`, {
      hint: 'Each feed starts with a header naming its columns.',
    });
  }
  const names = fields.map((f) =>
    f
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^(\d)/, '_$1'),
  );
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new DqError('DQ_LOAD_FAILED', `${file}: the header names the column "${dup}" twice.`);
  return names;
}
