import type { Database, QueryResult, Row, SqlExecutor } from '@dq/plugin-api';
import { exceptionQuery } from './exception-sampler.js';
import { compileRule, type PreparedRule } from './prepared-rule.js';
import { StatementBinder } from './statement-binder.js';

/** Why a rule cannot run, found without running it. */
export interface RulePlanProblem {
  rule: string;
  /** `file:line` of the field at fault (or of the rule). */
  location: string;
  /** The rule field at fault: `table`, `where`, `column`, `sql`, ... */
  field: string;
  /** The database's message (or the compiler's). */
  message: string;
}

/** A problem as one line: `rules/x.yaml:7: rule r: where: column "emial" does not exist`. */
export function formatPlanProblem(p: RulePlanProblem): string {
  return `${p.location}: rule ${p.rule}: ${p.field}: ${p.message}`;
}

/**
 * Asks the database to plan every statement a rule would run (EXPLAIN, no execution) as the rule
 * role, in one READ ONLY transaction that is rolled back, one savepoint per rule. Unknown tables
 * and columns, type errors and syntax errors in `where`, `sql`, `left`/`right` and compiled
 * `logic` come out here, before anything runs, with the field they are in. Evaluate checks run
 * against an executor that plans their statements and returns no rows.
 */
export class RulePlanner {
  constructor(
    private readonly db: Database,
    private readonly options: { timeoutMs: number; sampleLimit: number },
  ) {}

  async plan(rules: readonly PreparedRule[]): Promise<Map<PreparedRule, RulePlanProblem>> {
    const problems = new Map<PreparedRule, RulePlanProblem>();
    if (rules.length === 0) return problems;
    const { timeoutMs } = this.options;
    await this.db.transaction(
      async (tx) => {
        for (const rule of rules) {
          await tx.query('SAVEPOINT dq_plan');
          const problem = await this.planOne(tx, rule);
          await tx.query(problem ? 'ROLLBACK TO SAVEPOINT dq_plan' : 'RELEASE SAVEPOINT dq_plan');
          if (problem) problems.set(rule, problem);
        }
      },
      { readOnly: true, rollback: true, ...(timeoutMs > 0 ? { statementTimeoutMs: timeoutMs } : {}) },
    );
    return problems;
  }

  private async planOne(tx: SqlExecutor, prepared: PreparedRule): Promise<RulePlanProblem | undefined> {
    const { rule } = prepared;
    const problem = (field: string, err: unknown): RulePlanProblem => ({
      rule: rule.name,
      location: `${rule.source?.file ?? rule.name}:${rule.source?.fields?.[field] ?? rule.source?.line ?? 1}`,
      field,
      message: describe(err),
    });
    let compiled: ReturnType<typeof compileRule>;
    try {
      compiled = compileRule(prepared);
    } catch (err) {
      return problem(checkField(prepared, err), err);
    }
    const { ctx, compiled: check } = compiled;
    // A schema monitor reports a missing table as a change; it plans nothing.
    if (check.mode === 'monitor' && !check.metric) return undefined;
    const stages: [field: string, statements: () => Promise<void>][] = [
      ['table', () => explain(tx, `SELECT 1 FROM ${ctx.from}`)],
      ['where', () => explain(tx, `SELECT 1 FROM ${ctx.from} WHERE ${ctx.where}`)],
      ['', () => this.planCheck(tx, prepared)],
    ];
    for (const [field, stage] of stages) {
      try {
        await stage();
      } catch (err) {
        return problem(field || checkField(prepared, err), err);
      }
    }
    return undefined;
  }

  /** Plans the statements of the rule's check: its count, its sampling query, or what it streams. */
  private async planCheck(tx: SqlExecutor, prepared: PreparedRule): Promise<void> {
    const { compiled: check, binder, ctx } = compileRule(prepared);
    if (check.mode === 'monitor') {
      const time = check.time ? `, ${check.time} AS t` : '';
      await explain(
        tx,
        `SELECT ${check.metric!.aggregate} AS m${time} FROM ${ctx.from} WHERE ${ctx.where} GROUP BY ${check.time ? 2 : '()'}`,
        binder,
      );
      return;
    }
    if (check.mode === 'evaluate') {
      await check.run(new PlanningExecutor(tx), {
        statement: (sql) => binder.statement(sql),
        sampleLimit: this.options.sampleLimit,
        checkTimeout: () => {},
      });
      return;
    }
    const measure =
      check.mode === 'predicate'
        ? `SELECT count(*) AS scope, count(*) FILTER (WHERE ${check.violation}) AS failed FROM ${ctx.from} WHERE ${ctx.where}`
        : check.measure;
    await explain(tx, measure, binder);
    const sample = exceptionQuery(prepared, Math.max(1, this.options.sampleLimit));
    if (sample) await tx.query(`EXPLAIN ${sample.statement.text}`, sample.statement.values);
  }
}

/** EXPLAIN of a statement, always through the extended protocol (one statement, bound values). */
async function explain(tx: SqlExecutor, sql: string, binder = new StatementBinder()): Promise<void> {
  const { text, values } = binder.select(sql);
  await tx.query(`EXPLAIN ${text}`, values);
}

/** Plans every statement an evaluate check sends and answers with no rows. */
class PlanningExecutor implements SqlExecutor {
  constructor(private readonly tx: SqlExecutor) {}

  async query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    await this.tx.query(`EXPLAIN ${text}`, params);
    return { rows: [], rowCount: 0 };
  }

  async exec(): Promise<void> {
    throw new Error('a check may not run scripts');
  }

  async *stream<T extends object = Row>(text: string, params?: readonly unknown[]): AsyncIterable<T[]> {
    await this.tx.query(`EXPLAIN ${text}`, params);
    yield* [] as T[][];
  }

  async copyFrom(): Promise<number> {
    throw new Error('a check may not copy data');
  }
}

/** The field of the rule a check-level problem is in: the column it names, else the check's parameter naming it. */
function checkField(prepared: PreparedRule, err: unknown): string {
  const { rule } = prepared;
  const message = describe(err);
  const named = /"([^"]+)"/.exec(message)?.[1] ?? /column (?:\w+\.)?(\w+) does not exist/.exec(message)?.[1];
  if (rule.column && named === rule.column) return 'column';
  const own = Object.keys(rule.params);
  const mentioned = named ? own.find((k) => JSON.stringify(rule.params[k]).includes(named)) : undefined;
  return mentioned ?? own[0] ?? (rule.column ? 'column' : 'check');
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  return code && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message;
}
