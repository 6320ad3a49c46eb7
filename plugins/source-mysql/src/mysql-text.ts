import type { TypeCast } from 'mysql2';

/** Column types whose wire form is their text form already (numbers, decimals, dates, times). */
const AS_SENT = new Set([
  'TINY',
  'SHORT',
  'LONG',
  'INT24',
  'LONGLONG',
  'YEAR',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'NEWDECIMAL',
  'DATE',
  'NEWDATE',
  'TIME',
  'TIME2',
]);
const DATETIME = new Set(['DATETIME', 'DATETIME2', 'TIMESTAMP', 'TIMESTAMP2']);

/**
 * Every value as its text form, straight off the text protocol: decimals exact, integers of any
 * size, dates and times as the server wrote them with datetimes in ISO form (`T` between date and
 * time; TIMESTAMP columns in UTC, the session's zone), JSON as its text, binary values as
 * PostgreSQL's bytea text (`\x` and hex), BIT as its number. NULL stays null.
 */
export const asText: TypeCast = (field, next) => {
  if (AS_SENT.has(field.type)) return field.string('ascii');
  if (DATETIME.has(field.type)) {
    const v = field.string('ascii');
    return v === null ? null : v.replace(' ', 'T');
  }
  if (field.type === 'JSON') return field.string('utf8');
  if (field.type === 'BIT') {
    const b = field.buffer();
    return b === null ? null : BigInt(`0x${b.toString('hex') || '0'}`).toString();
  }
  if (field.type === 'GEOMETRY') return hex(field.buffer());
  const v: unknown = next();
  return Buffer.isBuffer(v) ? hex(v) : (v as string | null);
};

function hex(b: Buffer | null): string | null {
  return b === null ? null : `\\x${b.toString('hex')}`;
}
