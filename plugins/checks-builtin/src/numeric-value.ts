const NUMERIC_TYPE = /^(smallint|integer|bigint|numeric|decimal|real|double precision)\b/;

/** A plain decimal number as text: what a safe cast to numeric accepts. */
const NUMBER_TEXT = '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$';

/** True when a column of this PostgreSQL type compares as a number without a cast. */
export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && NUMERIC_TYPE.test(type);
}

/**
 * The column as numeric, or NULL when its text is not a number. Staging columns are text, and a
 * plain `::numeric` cast would abort the whole scan on the first 'N/A'; the CASE guards the cast
 * (PostgreSQL evaluates a CASE branch only when its condition holds).
 */
export function numericValue(column: string, type: string | undefined): string {
  if (isNumericType(type)) return `${column}::numeric`;
  return `(CASE WHEN ${column}::text ~ '${NUMBER_TEXT}' THEN ${column}::text::numeric END)`;
}
