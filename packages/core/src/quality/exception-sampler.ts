import type { ExceptionSample, SqlExecutor } from '@dq/plugin-api';
import { compileRule, type PreparedRule } from './prepared-rule.js';

const COLUMNS =
  'result_id, rule_id, table_name, record_identifier, column_name, failed_value, expected_value';

/** Tables the recording transaction may write; any other write means a rule's SQL wrote. */
const RECORD_TABLES = ['dq_test_results', 'dq_exceptions', 'dq_metric_history'];

/**
 * Writes up to `limit` violations of a rule into dq_exceptions with one INSERT ... SELECT, inside
 * the database: the rows never travel through Node. Evaluate checks, whose rows were already in
 * Node, insert their collected samples in one statement.
 */
export async function sampleExceptions(
  tx: SqlExecutor,
  prepared: PreparedRule,
  ids: { resultId: number; ruleId: number },
  limit: number,
  collected: ExceptionSample[] | undefined,
): Promise<void> {
  const { compiled, binder, ctx } = compileRule(prepared);
  const { rule } = prepared;
  const head = `${binder.bind(ids.resultId)}::bigint, ${binder.bind(ids.ruleId)}::int, ${binder.bind(rule.table)}::text`;
  let sql: string;
  if (compiled.mode === 'predicate') {
    const failedValue = compiled.failedValue ?? (rule.column ? ctx.column(rule.column) : 'NULL');
    sql = `INSERT INTO dq_exceptions (${COLUMNS})
      SELECT ${head}, ${ctx.recordId}, ${binder.bind(compiled.columnName ?? rule.column ?? null)}::text,
             left((${failedValue})::text, 1000), ${binder.bind(compiled.expected)}::text
        FROM ${ctx.from} WHERE ${ctx.where} AND (${compiled.violation})
       LIMIT ${binder.bind(limit)}::bigint`;
  } else if (compiled.mode === 'query') {
    if (!compiled.violations) return;
    sql = `INSERT INTO dq_exceptions (${COLUMNS})
      SELECT ${head}, left(coalesce(j->>'record_identifier', j::text), 1000),
             coalesce(j->>'column_name', ${binder.bind(rule.column ?? null)}::text),
             left(j->>'failed_value', 1000), left(j->>'expected_value', 1000)
        FROM (SELECT to_jsonb(dq_v) AS j FROM (${compiled.violations}\n) AS dq_v
               LIMIT ${binder.bind(limit)}::bigint) AS dq_s`;
  } else {
    const samples = (collected ?? []).slice(0, limit);
    if (samples.length === 0) return;
    const column = (pick: (s: ExceptionSample) => string | undefined) =>
      `${binder.bind(samples.map((s) => pick(s) ?? null))}::text[]`;
    sql = `INSERT INTO dq_exceptions (${COLUMNS})
      SELECT ${head}, u.r, u.c, u.f, u.e
        FROM unnest(${column((s) => s.recordIdentifier)}, ${column((s) => s.columnName)},
                    ${column((s) => s.failedValue)}, ${column((s) => s.expectedValue)}) AS u(r, c, f, e)`;
  }
  const { text, values } = binder.statement(sql);
  await tx.query(text, values);
}

/** Row changes so far per table other than the result tables, as pg_stat_xact_user_tables counts them. */
export async function tableWrites(tx: SqlExecutor): Promise<Map<string, number>> {
  const res = await tx.query<{ relname: string; n: number }>(
    `SELECT relname::text AS relname, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS n FROM pg_stat_xact_user_tables
      WHERE relid NOT IN (${RECORD_TABLES.map((t) => `'${t}'::regclass`).join(', ')})
        AND (n_tup_ins + n_tup_upd + n_tup_del) > 0`,
  );
  return new Map(res.rows.map((r) => [r.relname, Number(r.n)]));
}

/**
 * Sampling re-runs the rule's scope and violation in a transaction that can write. Before it
 * commits, this compares the row changes per table with those counted before sampling (the
 * counters also hold earlier transactions not yet reported): any growth outside the result
 * tables means the rule's SQL wrote, and the transaction is rolled back.
 */
export async function assertOnlyResultsWritten(tx: SqlExecutor, before: Map<string, number>): Promise<void> {
  const after = await tableWrites(tx);
  const written = [...after].filter(([table, n]) => n > (before.get(table) ?? 0)).map(([table]) => table);
  if (written.length > 0) {
    throw new Error(
      `the rule's SQL wrote to ${written.sort().join(', ')} while its exceptions were sampled; nothing was kept.`,
    );
  }
}
