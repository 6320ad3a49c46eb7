import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';

/**
 * `regex`: the column's text matches `pattern` (PostgreSQL `~` syntax, bound as a parameter;
 * `ignore_case: true` uses `~*`). NULL is skipped.
 */
export class RegexCheck implements CheckKind {
  readonly name = 'regex';
  readonly description = 'The column matches a regular expression (PostgreSQL ~)';
  readonly paramsSchema = {
    required: ['column', 'pattern'],
    properties: { pattern: { type: 'string', minLength: 1 }, ignore_case: { type: 'boolean' } },
  };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const column = ctx.column(rule.column!);
    const { pattern, ignore_case } = rule.params as { pattern: string; ignore_case?: boolean };
    return {
      mode: 'predicate',
      violation: `(${column} IS NOT NULL AND ${column}::text !${ignore_case ? '~*' : '~'} ${ctx.bind(pattern)})`,
      expected: `matches ${pattern}`,
    };
  }
}
