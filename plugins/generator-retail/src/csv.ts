const NEEDS_QUOTES = /[",\r\n]/;
const LINE_BREAKS = /[\r\n]+/g;

/** One CSV field: quoted only when it holds the delimiter, a quote or a line break. */
export function encodeField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, `\n`-terminated. */
export function encodeRow(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += encodeField(fields[i] as string);
  }
  return `${line}\n`;
}

/**
 * Folds line breaks into spaces. Loaders and reject tables count physical lines, so every row must
 * be exactly one line even if a faker locale ever returns multi-line text.
 */
export function oneLine(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(LINE_BREAKS, ' ') : text;
}
