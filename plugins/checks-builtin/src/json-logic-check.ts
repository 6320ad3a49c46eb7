import type {
  CheckCompileContext,
  CheckKind,
  CheckProblem,
  CompiledCheck,
  RuleDefinition,
} from '@dq/plugin-api';
import { evaluateJsonLogic } from './json-logic-evaluator.js';
import { JSON_LOGIC_OPERATORS, unknownOperators } from './json-logic-operators.js';
import { jsonLogicToSql } from './json-logic-sql.js';

/**
 * `json_logic`: every row in scope satisfies `logic`. Logic built from ==, !=, <, <=, >, >=, and,
 * or, !, !!, in, var and missing, with +, - and * over numeric columns (exact numeric arithmetic),
 * compiles to SQL and fuses with the table's other rules (a comparison made unknown by a NULL
 * counts as satisfied). Anything else is evaluated by
 * json-logic-js over a server-side cursor, with JavaScript semantics, except that a row where a
 * column the logic reads is NULL is skipped, so both paths treat a null as missing, not invalid.
 * With `column` set, rows where that column is NULL are skipped too.
 */
export class JsonLogicCheck implements CheckKind {
  readonly name = 'json_logic';
  readonly description = 'Every row in scope satisfies a json-logic expression';
  readonly paramsSchema = {
    required: ['logic'],
    properties: { logic: { type: 'object', minProperties: 1, maxProperties: 1 } },
  };

  validate(rule: RuleDefinition): CheckProblem[] {
    return unknownOperators(rule.params.logic).map(({ path, op }) => ({
      path: ['logic', ...path],
      message: `"${op}" is not a json-logic operator. Allowed: ${JSON_LOGIC_OPERATORS.join(', ')}`,
    }));
  }

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const sql = jsonLogicToSql(rule.params.logic, ctx);
    if (sql === undefined) return evaluateJsonLogic(rule, ctx);
    const skipNull = rule.column ? `${ctx.column(rule.column)} IS NOT NULL AND ` : '';
    return {
      mode: 'predicate',
      violation: `(${skipNull}NOT coalesce(${sql}, TRUE))`,
      failedValue: rule.column ? ctx.column(rule.column) : `to_jsonb(${ctx.alias})::text`,
      expected: `satisfies ${JSON.stringify(rule.params.logic)}`.slice(0, 1000),
    };
  }
}
