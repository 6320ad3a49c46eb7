import { type CheckCompileContext, quoteIdent } from '@dq/plugin-api';
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
): CheckCompileContext {
  return {
    table: table.quoted,
    alias: ROW_ALIAS,
    from: `${table.quoted} AS ${ROW_ALIAS}`,
    where: scopeOf(where),
    recordId: table.recordId,
    bind: (value) => binder.bind(value),
    column: (name) => `${ROW_ALIAS}.${quoteIdent(name, 'column')}`,
    columnType: (name) => table.types.get(name),
    rowEstimate: (name) => rowEstimates.get(name),
    // A bound value is dropped from a statement that does not use it (StatementBinder).
    now: asOf ? `${binder.bind(asOf.toISOString())}::timestamptz` : 'now()',
  };
}
