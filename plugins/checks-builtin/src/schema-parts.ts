/** JSON Schema pieces the built-in check kinds share. */
type Schema = Record<string, unknown>;

/** A plain column or table name (optionally schema.table for tables), as quoteIdent accepts. */
export const COLUMN_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';
export const TABLE_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$';

export const columnName: Schema = { type: 'string', pattern: COLUMN_PATTERN };
export const tableName: Schema = { type: 'string', pattern: TABLE_PATTERN };

/** A kind that checks one column: `column` becomes required. */
export const requiresColumn: Schema = { required: ['column'] };
