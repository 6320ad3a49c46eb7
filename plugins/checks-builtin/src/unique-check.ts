import {
  type CheckCompileContext,
  type CheckKind,
  type CompiledCheck,
  quoteIdent,
  type RuleDefinition,
} from '@dq/plugin-api';
import { columnName } from './schema-parts.js';

/**
 * `unique`: no two rows in scope share the key (`column`, or `columns` for a composite key).
 * Every row of a duplicated key counts as failed; rows with a NULL key part are skipped, as in a
 * unique constraint. The duplicated keys are found by a hashed subquery over the same scope, so the
 * check stays a row predicate and fuses with the others on the table.
 */
export class UniqueCheck implements CheckKind {
  readonly name = 'unique';
  readonly description = 'No two rows in scope share the key (column or columns)';
  readonly paramsSchema = {
    properties: { columns: { type: 'array', items: columnName, minItems: 1, uniqueItems: true } },
    oneOf: [{ required: ['column'] }, { required: ['columns'] }],
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const names = keyColumns(rule);
    const outer = names.map((c) => ctx.column(c));
    const inner = names.map((c) => `dq_u.${quoteIdent(c, 'column')}`);
    // The scope is repeated inside: its unqualified columns resolve to the inner row.
    const duplicated = `SELECT ${inner.join(', ')} FROM ${ctx.table} AS dq_u WHERE ${ctx.where}
        AND ${inner.map((c) => `${c} IS NOT NULL`).join(' AND ')}
      GROUP BY ${inner.join(', ')} HAVING count(*) > 1`;
    return {
      mode: 'predicate',
      violation: `(${outer.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND (${outer.join(', ')}) IN (${duplicated}))`,
      failedValue:
        outer.length === 1 ? outer[0] : `concat_ws(', ', ${outer.map((c) => `${c}::text`).join(', ')})`,
      expected: 'unique',
      columnName: names.join(', '),
    };
  }
}

function keyColumns(rule: RuleDefinition): string[] {
  const columns = rule.params.columns as string[] | undefined;
  return columns && columns.length > 0 ? columns : [rule.column!];
}
