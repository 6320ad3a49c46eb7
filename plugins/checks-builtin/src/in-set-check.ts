import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';

/**
 * `in_set`: the column's value is one of `values`. Values are bound as one array parameter that
 * PostgreSQL reads as the column's type, so `1` matches a numeric 1.00. NULL is skipped.
 */
export class InSetCheck implements CheckKind {
  readonly name = 'in_set';
  readonly description = 'The column is one of the listed values';
  readonly paramsSchema = {
    required: ['column', 'values'],
    properties: {
      values: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
    },
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const column = ctx.column(rule.column!);
    const values = (rule.params.values as (string | number | boolean)[]).map(String);
    return {
      mode: 'predicate',
      violation: `(${column} IS NOT NULL AND NOT (${column} = ANY(${ctx.bind(values)})))`,
      expected: `one of ${values.join(', ')}`.slice(0, 1000),
    };
  }
}
