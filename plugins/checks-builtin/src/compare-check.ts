import {
  type CheckCompileContext,
  type CheckKind,
  type CompiledCheck,
  quoteIdent,
  type RuleDefinition,
} from '@dq/plugin-api';
import { tableName } from './schema-parts.js';

interface Side {
  table?: string;
  expression: string;
  where?: string;
}

const side = {
  type: 'object',
  additionalProperties: false,
  required: ['expression'],
  properties: {
    table: tableName,
    expression: { type: 'string', minLength: 1 },
    where: { type: 'string', minLength: 1 },
  },
};
const TOLERANCE = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/;

/**
 * `compare`: two aggregates agree within `tolerance`. Each side is `{ table, expression, where }`:
 * `expression` is an aggregate SQL expression (`sum(net_amount)`) over its table (default the
 * rule's), `where` its own filter (the rule's `where` is the left side's default). `tolerance` is
 * absolute (`0.01`) or relative to the right side (`1%`); default 0. Both sides NULL (nothing to
 * sum) agree; one NULL does not. Scope 1, failed 0 or 1.
 */
export class CompareCheck implements CheckKind {
  readonly name = 'compare';
  readonly description = 'Two aggregate expressions agree within a tolerance';
  readonly paramsSchema = {
    required: ['left', 'right'],
    properties: {
      left: side,
      right: side,
      tolerance: { type: ['number', 'string'], minimum: 0, pattern: TOLERANCE.source },
    },
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const { left, right, tolerance } = rule.params as {
      left: Side;
      right: Side;
      tolerance?: number | string;
    };
    const aggregate = (s: Side, defaultWhere: string) =>
      `(SELECT (${s.expression})::numeric FROM ${s.table ? quoteIdent(s.table, 'table') : ctx.table} WHERE ${s.where ? `(${s.where})` : defaultWhere})`;
    const match = TOLERANCE.exec(String(tolerance ?? 0));
    const amount = `${ctx.bind(match?.[1] ?? '0')}::numeric`;
    const allowed = match?.[2] === '%' ? `(abs(dq_c.r) * ${amount} / 100)` : amount;
    // OFFSET 0 keeps the planner from pulling the subquery up: it would paste each aggregate into
    // every place dq_c.l and dq_c.r are used, and scan both tables three times over.
    const values = `(SELECT ${aggregate(left, ctx.where)} AS l, ${aggregate(right, 'TRUE')} AS r OFFSET 0) AS dq_c`;
    return {
      mode: 'query',
      measure: `SELECT 1 AS scope, CASE WHEN dq_c.l IS NULL AND dq_c.r IS NULL THEN 0
          WHEN dq_c.l IS NULL OR dq_c.r IS NULL OR abs(dq_c.l - dq_c.r) > ${allowed} THEN 1 ELSE 0 END AS failed
        FROM ${values}`,
      violations: `SELECT ${ctx.bind(`${left.expression} vs ${right.expression}`)}::text AS record_identifier,
          dq_c.l::text AS failed_value, dq_c.r::text || ' ± ' || ${allowed}::text AS expected_value
        FROM ${values}`,
    };
  }
}
