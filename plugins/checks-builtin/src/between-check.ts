import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';
import { numericValue } from './numeric-value.js';

/**
 * `between`: the column lies within `min` and/or `max` (inclusive; `exclusive: true` for strict
 * bounds). It compares numerically: on a text column a value that is not a number (`N/A`,
 * `12.5.3`) is a violation, because it is not within any range. NULL is skipped.
 */
export class BetweenCheck implements CheckKind {
  readonly name = 'between';
  readonly description = 'The column is a number within min and/or max';
  readonly paramsSchema = {
    required: ['column'],
    properties: {
      min: { type: 'number' },
      max: { type: 'number' },
      exclusive: { type: 'boolean' },
    },
    anyOf: [{ required: ['min'] }, { required: ['max'] }],
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const column = ctx.column(rule.column!);
    const value = numericValue(column, ctx.columnType(rule.column!));
    const { min, max, exclusive } = rule.params as { min?: number; max?: number; exclusive?: boolean };
    const outside: string[] = [`${value} IS NULL`];
    if (min !== undefined) outside.push(`${value} ${exclusive ? '<=' : '<'} ${ctx.bind(min)}::numeric`);
    if (max !== undefined) outside.push(`${value} ${exclusive ? '>=' : '>'} ${ctx.bind(max)}::numeric`);
    return {
      mode: 'predicate',
      violation: `(${column} IS NOT NULL AND (${outside.join(' OR ')}))`,
      expected: describeRange(min, max, exclusive ?? false),
    };
  }
}

function describeRange(min: number | undefined, max: number | undefined, exclusive: boolean): string {
  const [lo, hi] = exclusive ? ['>', '<'] : ['>=', '<='];
  if (min !== undefined && max !== undefined) return `${lo} ${min} and ${hi} ${max}`;
  return min !== undefined ? `${lo} ${min}` : `${hi} ${max}`;
}
