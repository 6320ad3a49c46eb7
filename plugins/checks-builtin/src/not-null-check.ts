import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';
import { requiresColumn } from './schema-parts.js';

/** `not_null`: the column has a value. The one check where NULL is the violation. */
export class NotNullCheck implements CheckKind {
  readonly name = 'not_null';
  readonly description = 'The column is not NULL';
  readonly paramsSchema = requiresColumn;

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    return { mode: 'predicate', violation: `${ctx.column(rule.column!)} IS NULL`, expected: 'NOT NULL' };
  }
}
