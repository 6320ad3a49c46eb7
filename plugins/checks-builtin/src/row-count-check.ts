import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';

/** `row_count`: the number of rows in scope is within `min` and/or `max`. Scope 1, failed 0 or 1. */
export class RowCountCheck implements CheckKind {
  readonly name = 'row_count';
  readonly description = 'The number of rows in scope is within min and/or max';
  readonly paramsSchema = {
    properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 } },
    anyOf: [{ required: ['min'] }, { required: ['max'] }],
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const { min, max } = rule.params as { min?: number; max?: number };
    const outside: string[] = [];
    if (min !== undefined) outside.push(`count(*) < ${ctx.bind(min)}::bigint`);
    if (max !== undefined) outside.push(`count(*) > ${ctx.bind(max)}::bigint`);
    const expected = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : '']
      .filter(Boolean)
      .join(' and ');
    return {
      mode: 'query',
      measure: `SELECT 1 AS scope, CASE WHEN ${outside.join(' OR ')} THEN 1 ELSE 0 END AS failed
        FROM ${ctx.from} WHERE ${ctx.where}`,
      violations: `SELECT 'count(*)'::text AS record_identifier, count(*)::text AS failed_value,
          ${ctx.bind(`row count ${expected}`)}::text AS expected_value
        FROM ${ctx.from} WHERE ${ctx.where}`,
    };
  }
}
