import { encodeRow } from './csv.js';

/** Ways a line breaks a strict CSV reader; each stays one physical line so rejects count lines. */
export const malformedKinds = [
  'missing_field',
  'extra_field',
  'unterminated_quote',
  'stray_quote',
  'invalid_utf8',
] as const;

export type MalformedKind = (typeof malformedKinds)[number];

/** INVALID_UTF8 is a lead byte of a two-byte sequence followed by `(`, which cannot continue it. */
const INVALID_UTF8 = Buffer.from([0xc3, 0x28]);

/**
 * A corrupt copy of a row. The key field is the one corrupted by quotes and bytes because keys never
 * need quoting, so the corruption is always the line's only fault.
 */
export function malformedLine(kind: MalformedKind, fields: readonly string[]): string | Buffer {
  const key = fields[0] ?? '';
  const rest = encodeRow(fields.slice(1));
  switch (kind) {
    case 'missing_field':
      return encodeRow(fields.slice(0, -1));
    case 'extra_field':
      return encodeRow([...fields, 'unexpected']);
    case 'unterminated_quote': {
      const head = encodeRow(fields.slice(0, -1)).slice(0, -1);
      const tail = (fields[fields.length - 1] ?? '').replaceAll('"', '');
      return `${head},"${tail}\n`;
    }
    case 'stray_quote':
      return `${key.slice(0, 2)}"${key.slice(2)},${rest}`;
    case 'invalid_utf8':
      return Buffer.concat([
        Buffer.from(key.slice(0, 2)),
        INVALID_UTF8,
        Buffer.from(`${key.slice(2)},${rest}`),
      ]);
  }
}
