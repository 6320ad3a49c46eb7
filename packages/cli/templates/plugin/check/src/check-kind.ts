import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';

/**
 * `check: {{snake}}`: a row violates when its `column` has fewer than `min_length` characters
 * (default 1: empty text). NULL is missing, not short: it does not violate. A predicate, so dq
 * fuses it with the other rules on the same table into one scan.
 */
export class {{Class}}Check implements CheckKind {
  readonly name = '{{snake}}';
  readonly description = 'Text values shorter than min_length characters (default 1); NULL skipped';
  readonly paramsSchema = {
    required: ['column'],
    properties: { min_length: { type: 'integer', minimum: 1 } },
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const min = typeof rule.params.min_length === 'number' ? rule.params.min_length : 1;
    const column = ctx.column(rule.column!);
    // The value is bound as a parameter, never written into the SQL.
    return {
      mode: 'predicate',
      violation: `char_length(${column}::text) < ${ctx.bind(min)}::int`,
      expected: `at least ${min} characters`,
    };
  }
}
