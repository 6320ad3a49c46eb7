import type { CheckCompileContext, CheckKind, CompiledCheck, RuleDefinition } from '@dq/plugin-api';

/**
 * `sql`: a query returning the violating rows, optionally with the columns record_identifier,
 * column_name, failed_value and expected_value. Scope = rows of `table` matching `where`; failed
 * = rows the query returns. The query runs as a subquery of a READ ONLY statement: a second
 * statement, a data-modifying CTE or a write through a function is refused by PostgreSQL.
 */
export class SqlCheck implements CheckKind {
  readonly name = 'sql';
  readonly description = 'A query returning the violating rows';
  readonly paramsSchema = { required: ['sql'], properties: { sql: { type: 'string', minLength: 1 } } };

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    // A trailing semicolon is a habit, not a second statement.
    const query = (rule.params.sql as string).trim().replace(/;\s*$/, '');
    return {
      mode: 'query',
      measure: `SELECT (SELECT count(*) FROM ${ctx.from} WHERE ${ctx.where}) AS scope,
          (SELECT count(*) FROM (${query}\n) AS dq_v) AS failed`,
      violations: `SELECT * FROM (${query}\n) AS dq_v`,
    };
  }
}
