import type {
  CheckCompileContext,
  EvaluateCheck,
  EvaluateContext,
  EvaluateResult,
  ExceptionSample,
  RuleDefinition,
  SqlExecutor,
} from '@dq/plugin-api';
import { isValidIdent } from '@dq/plugin-api';
import jsonLogic from 'json-logic-js';

const BATCH_ROWS = 2000;

/**
 * Evaluates json-logic with json-logic-js over the rows in scope, streamed through a cursor in
 * batches: only the referenced columns travel, as one jsonb object per row (numbers arrive as
 * numbers), and at most `sampleLimit` violations are kept. A row where a column the logic reads
 * is NULL is skipped (in scope, not failed), as the other column checks skip nulls.
 */
export function evaluateJsonLogic(rule: RuleDefinition, ctx: CheckCompileContext): EvaluateCheck {
  const logic = rule.params.logic as Record<string, unknown>;
  const names = referencedColumns(logic, rule.column);
  const row = names
    ? `jsonb_build_object(${names.map((n) => `${ctx.bind(n)}::text, ${ctx.column(n)}`).join(', ')})`
    : `to_jsonb(${ctx.alias})`;
  const query = `SELECT ${ctx.recordId} AS dq_id, ${row} AS dq_row FROM ${ctx.from} WHERE ${ctx.where}`;
  const expected = `satisfies ${JSON.stringify(logic)}`.slice(0, 1000);
  return {
    mode: 'evaluate',
    async run(tx: SqlExecutor, run: EvaluateContext): Promise<EvaluateResult> {
      const { text, values } = run.statement(query);
      const samples: ExceptionSample[] = [];
      let scope = 0;
      let failed = 0;
      for await (const batch of tx.stream<{ dq_id: unknown; dq_row: Record<string, unknown> }>(text, values, {
        batchSize: BATCH_ROWS,
      })) {
        run.checkTimeout();
        for (const { dq_id, dq_row } of batch) {
          scope++;
          // A null is missing, not invalid: a row where the logic reads one is skipped.
          if (names ? names.some((n) => dq_row[n] == null) : rule.column && dq_row[rule.column] == null)
            continue;
          if (jsonLogic.truthy(jsonLogic.apply(logic, dq_row))) continue;
          failed++;
          if (samples.length < run.sampleLimit) {
            samples.push({
              recordIdentifier: String(dq_id),
              columnName: rule.column ?? (names ?? []).join(', '),
              failedValue: JSON.stringify(dq_row).slice(0, 1000),
              expectedValue: expected,
            });
          }
        }
      }
      return { scope, failed, samples };
    },
  };
}

/** The columns a logic reads (first segment of each var path), or undefined to send whole rows. */
function referencedColumns(logic: Record<string, unknown>, column: string | undefined): string[] | undefined {
  const vars = jsonLogic.uses_data(logic).map((v) => String(v).split('.')[0]!);
  if (column) vars.push(column);
  if (vars.some((v) => !isValidIdent(v))) return undefined;
  return [...new Set(vars)];
}
