import {
  type CheckCompileContext,
  type CheckKind,
  type CompiledCheck,
  quoteIdent,
  type RuleDefinition,
} from '@dq/plugin-api';
import { columnName, tableName } from './schema-parts.js';

/** `foreign_key`: the column's value exists in `references.table`.`references.column`. NULL is skipped. */
export class ForeignKeyCheck implements CheckKind {
  readonly name = 'foreign_key';
  readonly description = 'The column references an existing row of another table';
  readonly paramsSchema = {
    required: ['column', 'references'],
    properties: {
      references: {
        type: 'object',
        additionalProperties: false,
        required: ['table', 'column'],
        properties: { table: tableName, column: columnName },
      },
    },
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const column = ctx.column(rule.column!);
    const ref = rule.params.references as { table: string; column: string };
    const refTable = quoteIdent(ref.table, 'table');
    const refColumn = `dq_r.${quoteIdent(ref.column, 'column')}`;
    return {
      mode: 'predicate',
      // NOT IN over the non-null keys becomes a hashed subplan: one pass over the reference
      // table. A correlated NOT EXISTS inside a fused count(*) FILTER rescans it per row
      // (200k x 50k rows: past the 60 s timeout at scale 1).
      violation: `(${column} IS NOT NULL AND ${column} NOT IN (SELECT ${refColumn} FROM ${refTable} AS dq_r WHERE ${refColumn} IS NOT NULL))`,
      expected: `exists in ${ref.table}.${ref.column}`,
    };
  }
}
