import type { BoundStatement, ExceptionSample, SqlExecutor } from '@dq/plugin-api';
import { compileRule, type PreparedRule } from './prepared-rule.js';

/** dq_exceptions' text columns are cut to this many characters. */
const VALUE_CHARS = 1000;

/**
 * Reads up to `limit` violations of a rule inside the rule's own READ ONLY transaction (`tx` runs
 * as the rule role): the rule's SQL never runs where it could write. What it returns is small
 * (at most `limit` rows of values cut to 1000 characters); dq writes it afterwards with
 * {@link insertExceptions}, from Node, with bound values.
 */
export async function readExceptions(
  tx: SqlExecutor,
  prepared: PreparedRule,
  limit: number,
): Promise<ExceptionSample[]> {
  const query = exceptionQuery(prepared, limit);
  if (!query) return [];
  const res = await tx.query<Record<string, string | null>>(query.statement.text, query.statement.values);
  return res.rows.map((r) => ({
    recordIdentifier: r.record_identifier ?? '',
    ...optional('columnName', r.column_name ?? query.columnName),
    ...optional('failedValue', r.failed_value),
    ...optional('expectedValue', r.expected_value ?? query.expected),
  }));
}

/**
 * The statement that reads a rule's violations (undefined for checks that collect their own),
 * with the column name and expected value every row shares. `dq rules validate --db` plans it.
 */
export function exceptionQuery(
  prepared: PreparedRule,
  limit: number,
): { statement: BoundStatement; columnName?: string; expected?: string } | undefined {
  const { compiled, binder, ctx } = compileRule(prepared);
  const { rule } = prepared;
  const cut = (sql: string) => `left((${sql})::text, ${VALUE_CHARS})`;
  if (compiled.mode === 'evaluate' || compiled.mode === 'monitor') return undefined;
  if (compiled.mode === 'predicate') {
    const failedValue = compiled.failedValue ?? (rule.column ? ctx.column(rule.column) : 'NULL');
    const sql = `SELECT ${cut(ctx.recordId)} AS record_identifier, ${cut(failedValue)} AS failed_value
        FROM ${ctx.from} WHERE ${ctx.where} AND (${compiled.violation})
       LIMIT ${binder.bind(limit)}::bigint`;
    const columnName = compiled.columnName ?? rule.column;
    return {
      statement: binder.select(sql),
      ...(columnName ? { columnName } : {}),
      expected: compiled.expected,
    };
  }
  if (!compiled.violations) return undefined;
  const sql = `SELECT ${cut("coalesce(j->>'record_identifier', j::text)")} AS record_identifier,
           ${cut("j->>'column_name'")} AS column_name, ${cut("j->>'failed_value'")} AS failed_value,
           ${cut("j->>'expected_value'")} AS expected_value
      FROM (SELECT to_jsonb(dq_v) AS j FROM (${compiled.violations}\n) AS dq_v
             LIMIT ${binder.bind(limit)}::bigint) AS dq_s`;
  return { statement: binder.select(sql), ...(rule.column ? { columnName: rule.column } : {}) };
}

function optional<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value === null || value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Writes a rule's sampled violations into dq_exceptions in one statement (bound arrays). */
export async function insertExceptions(
  tx: SqlExecutor,
  ids: { resultId: number; ruleId: number; table: string },
  samples: readonly ExceptionSample[],
): Promise<void> {
  if (samples.length === 0) return;
  const column = (pick: (s: ExceptionSample) => string | undefined) =>
    samples.map((s) => pick(s)?.slice(0, VALUE_CHARS) ?? null);
  await tx.query(
    `INSERT INTO dq_exceptions (result_id, rule_id, table_name, record_identifier, column_name, failed_value, expected_value)
     SELECT $1, $2, $3, u.r, u.c, u.f, u.e
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(r, c, f, e, n)
      ORDER BY u.n`,
    [
      ids.resultId,
      ids.ruleId,
      ids.table,
      column((s) => s.recordIdentifier),
      column((s) => s.columnName),
      column((s) => s.failedValue),
      column((s) => s.expectedValue),
    ],
  );
}
