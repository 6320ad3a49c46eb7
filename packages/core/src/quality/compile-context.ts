import { type CheckCompileContext, quoteIdent, quoteLiteral } from '@dq/plugin-api';
import type { StatementBinder } from './statement-binder.js';
import { ROW_ALIAS, type TableInfo } from './table-catalog.js';

/** The scope expression of a `where` (a rule author's SQL fragment, parenthesised). */
export function scopeOf(where: string | undefined): string {
  return where ? `(${where})` : 'TRUE';
}

/** The context a check kind compiles a rule in, for statements built with `binder`. */
export function compileContext(
  table: TableInfo,
  where: string | undefined,
  binder: StatementBinder,
  rowEstimates: ReadonlyMap<string, number> = new Map(),
  asOf?: Date,
  key?: readonly string[],
): CheckCompileContext {
  const column = (name: string) => `${ROW_ALIAS}.${quoteIdent(name, 'column')}`;
  // A staging row is named by file:line, and by the key too when the rule names one.
  const recordId =
    table.lineRecordId && key?.length
      ? `concat(${table.recordId}, ' ', ${key.map((k) => `${quoteLiteral(`${k}=`)} || coalesce(${column(k)}::text, 'NULL')`).join(` || ', ' || `)})`
      : table.recordId;
  return {
    table: table.quoted,
    alias: ROW_ALIAS,
    from: `${table.quoted} AS ${ROW_ALIAS}`,
    where: scopeOf(where),
    recordId,
    bind: (value) => binder.bind(value),
    column,
    columnType: (name) => table.types.get(name),
    rowEstimate: (name) => rowEstimates.get(name),
    // A bound value is dropped from a statement that does not use it (StatementBinder).
    now: asOf ? `${binder.bind(asOf.toISOString())}::timestamptz` : 'now()',
  };
}
