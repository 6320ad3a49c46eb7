import { DqError } from './errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates and double-quotes a SQL identifier from config or a rule file (`table`, `column`).
 * Accepts `name` or `schema.name`; anything else is a DQ_INPUT_INVALID error, so user input is
 * never spliced into SQL unchecked.
 */
export function quoteIdent(name: string, what = 'identifier'): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new DqError('DQ_INPUT_INVALID', `Invalid ${what} "${name}".`, {
      hint: 'Use letters, digits and underscores (optionally schema.name), starting with a letter or underscore.',
    });
  }
  return parts.map((p) => `"${p}"`).join('.');
}

/** True when `name` is a valid (optionally schema-qualified) identifier. */
export function isValidIdent(name: string): boolean {
  const parts = name.split('.');
  return parts.length <= 2 && parts.every((p) => IDENTIFIER.test(p));
}

/** Quotes a string as a SQL literal (for DDL, where parameters cannot be bound). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The audit columns every staging table carries after its data columns. */
export const STAGING_AUDIT_COLUMNS = [
  'load_id',
  'source_file',
  'row_hash',
  'load_timestamp',
  'source_line',
] as const;
