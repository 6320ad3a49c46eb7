import type { Database, EvaluateCheck, ExceptionSample, MonitorVerdict, SqlExecutor } from '@dq/plugin-api';
import { scopeOf } from './compile-context.js';
import { readExceptions } from './exception-sampler.js';
import { compileRule, type PreparedRule } from './prepared-rule.js';
import { StatementBinder } from './statement-binder.js';
import { ROW_ALIAS } from './table-catalog.js';

const RULE_WORK_MEM = '64MB';

/**
 * Spots a subquery in a violation or scope: unique's duplicated keys, foreign_key's reference
 * list. PostgreSQL builds such a hashed subplan again in every parallel worker (three times the
 * work for one scan with two workers), so those scans run without parallel workers; on a server
 * dq already runs several units side by side. (A false positive only costs the parallel plan.)
 */
const SUBQUERY = /\bselect\b/i;

/**
 * A READ ONLY transaction still gets a transaction id when something writes: PostgreSQL lets a
 * read-only transaction create large objects (lo_create, lo_from_bytea). A rule that did is
 * ERROR, and its transaction is rolled back like every rule's.
 */
async function assertNothingWritten(tx: SqlExecutor): Promise<void> {
  const res = await tx.query<{ wrote: boolean }>(
    'SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote',
  );
  if (res.rows[0]?.wrote) {
    throw new Error(
      'the rule wrote to the database although its transaction was READ ONLY (a large object?); it was rolled back.',
    );
  }
}

/** What one rule measured, and up to the sample limit of its violations. */
export interface Measurement {
  scope: number;
  failed: number;
  samples: ExceptionSample[];
  /** A monitor's verdict: its status, message and what the dq_monitor_results row holds. */
  monitor?: MonitorVerdict;
}

/** A measure row as read: counts may arrive as strings (numeric) or numbers. */
type Raw = { scope?: unknown; failed?: unknown; samples?: ExceptionSample[] } & Record<string, unknown>;

/** A unit of work's value, or why it failed, and how long it took. */
type Timed<T> = { ok: true; value: T; durationMs: number } | { ok: false; error: string; durationMs: number };

/** How measuring a rule ended. */
export type Outcome =
  | { ok: true; measurement: Measurement; durationMs: number }
  | { ok: false; error: string; durationMs: number };

/** Options of a {@link RuleRunner}. */
export interface RunnerOptions {
  /** quality.statementTimeoutMs; 0 disables it. */
  timeoutMs: number;
  sampleLimit: number;
}

/**
 * Measures rules, each unit in its own READ ONLY transaction with the statement timeout, on the
 * rule database (the read-only rule role, its session reset after every transaction): a fused
 * scan of predicate rules (one `count(*) FILTER (WHERE ...)` per rule), a query check, or an
 * evaluate check. The violations of a failing rule are read in the same transaction (every pass
 * of a rule has the same guarantees); dq writes them afterwards. A fused scan that fails is rerun
 * rule by rule, so only the bad rule is ERROR.
 *
 * PGlite cannot cancel a statement (it runs synchronously in WASM and ignores
 * statement_timeout): there a unit that ran longer than the timeout is reported ERROR after the
 * fact, so a rule behaves alike on both engines except for the time it takes.
 */
export class RuleRunner {
  constructor(
    private readonly db: Database,
    private readonly options: RunnerOptions,
  ) {}

  /** Measures predicate rules sharing a table and scope in one scan (or alone, if that fails). */
  async measureScan(rules: readonly PreparedRule[]): Promise<Outcome[]> {
    if (rules.length === 1) return [await this.measure(rules[0]!)];
    const binder = new StatementBinder();
    const violations = rules.map((r) => {
      const { compiled } = compileRule(r, binder);
      if (compiled.mode !== 'predicate') throw new Error(`rule ${r.rule.name} is not a predicate`);
      return compiled.violation;
    });
    const first = rules[0]!;
    const sql = `SELECT count(*) AS scope, ${violations.map((v, i) => `count(*) FILTER (WHERE ${v}) AS f${i}`).join(', ')}
      FROM ${first.table.quoted} AS ${ROW_ALIAS} WHERE ${scopeOf(first.rule.where)}`;
    const serial = [...violations, scopeOf(first.rule.where)].some((v) => SUBQUERY.test(v));
    const outcome = await this.timed(async (tx) => {
      const row = await this.select(tx, binder, sql);
      const measured: Measurement[] = [];
      for (const [i, rule] of rules.entries()) {
        const failed = Number(row[`f${i}`]);
        measured.push({ scope: Number(row.scope), failed, samples: await this.sample(tx, rule, failed) });
      }
      return measured;
    }, serial);
    if (!outcome.ok) return Promise.all(rules.map((r) => this.measure(r)));
    // One scan for all: each rule is charged an equal share of its time.
    const durationMs = Math.round(outcome.durationMs / rules.length);
    return outcome.value.map((measurement) => ({ ok: true as const, measurement, durationMs }));
  }

  /** Up to the sample limit of a failing rule's violations (evaluate checks bring their own). */
  private async sample(tx: SqlExecutor, rule: PreparedRule, failed: number): Promise<ExceptionSample[]> {
    if (failed <= 0 || this.options.sampleLimit <= 0) return [];
    try {
      return await readExceptions(tx, rule, this.options.sampleLimit);
    } catch (err) {
      throw Object.assign(err as Error, { pass: 'while sampling its exceptions' });
    }
  }

  /** Measures one rule alone. */
  async measure(prepared: PreparedRule): Promise<Outcome> {
    let compiled: ReturnType<typeof compileRule>;
    try {
      compiled = compileRule(prepared);
    } catch (err) {
      return { ok: false, error: `cannot compile: ${(err as Error).message}`, durationMs: 0 };
    }
    const { compiled: check, binder, ctx } = compiled;
    if (check.mode === 'monitor') {
      return { ok: false, error: 'a monitor runs in the monitor pass, not alone', durationMs: 0 };
    }
    let outcome: Timed<Measurement>;
    if (check.mode === 'evaluate') {
      outcome = await this.timed((tx, deadline) => this.evaluate(tx, check, binder, deadline));
    } else {
      const sql =
        check.mode === 'predicate'
          ? `SELECT count(*) AS scope, count(*) FILTER (WHERE ${check.violation}) AS failed FROM ${ctx.from} WHERE ${ctx.where}`
          : check.measure;
      outcome = await this.timed(
        async (tx) => {
          const row = await this.select(tx, binder, sql);
          const failed = Number(row.failed);
          return { scope: Number(row.scope), failed, samples: await this.sample(tx, prepared, failed) };
        },
        check.mode === 'predicate' && SUBQUERY.test(`${check.violation} ${ctx.where}`),
      );
    }
    if (!outcome.ok) return outcome;
    return { ok: true, measurement: outcome.value, durationMs: outcome.durationMs };
  }

  private async select(tx: SqlExecutor, binder: StatementBinder, sql: string): Promise<Raw> {
    const { text, values } = binder.select(sql);
    const res = await tx.query(text, values);
    const row = res.rows[0];
    if (!row || row.scope === undefined || row.scope === null) {
      throw new Error('the measure query returned no row with a scope column');
    }
    return row;
  }

  private async evaluate(
    tx: SqlExecutor,
    check: EvaluateCheck,
    binder: StatementBinder,
    deadline: number,
  ): Promise<Measurement> {
    const result = await check.run(tx, {
      statement: (sql) => binder.statement(sql),
      sampleLimit: this.options.sampleLimit,
      checkTimeout: () => {
        if (performance.now() > deadline) throw new Error(this.timeoutMessage());
      },
    });
    return {
      scope: Number(result.scope),
      failed: Number(result.failed),
      samples: result.samples.slice(0, this.options.sampleLimit),
    };
  }

  /** Runs `fn` in a READ ONLY transaction with the timeout (`serial`: no parallel workers), and times it. */
  private async timed<T>(
    fn: (tx: SqlExecutor, deadline: number) => Promise<T>,
    serial = false,
  ): Promise<Timed<T>> {
    const { timeoutMs } = this.options;
    const started = performance.now();
    const deadline = timeoutMs > 0 ? started + timeoutMs : Number.POSITIVE_INFINITY;
    try {
      const value = await this.db.transaction(
        async (tx) => {
          const value = await fn(tx, deadline);
          await assertNothingWritten(tx);
          return value;
        },
        {
          readOnly: true,
          // Nothing a rule did may outlive it, even what READ ONLY lets through.
          rollback: true,
          ...(timeoutMs > 0 ? { statementTimeoutMs: timeoutMs } : {}),
          // Room for hashed subplans (foreign_key's NOT IN over a 50k-row reference table): with
          // the default 4 MB PostgreSQL falls back to rescanning the list per row.
          settings: { work_mem: RULE_WORK_MEM, ...(serial ? { max_parallel_workers_per_gather: '0' } : {}) },
        },
      );
      const durationMs = Math.round(performance.now() - started);
      if (this.db.kind === 'pglite' && performance.now() > deadline) {
        return {
          ok: false,
          error: `${this.timeoutMessage()} The embedded database cannot cancel a running statement, so it ran to the end (${durationMs} ms).`,
          durationMs,
        };
      }
      return { ok: true, value, durationMs };
    } catch (err) {
      return { ok: false, error: this.describe(err), durationMs: Math.round(performance.now() - started) };
    }
  }

  private timeoutMessage(): string {
    return `timed out after ${this.options.timeoutMs} ms (quality.statementTimeoutMs).`;
  }

  private describe(err: unknown): string {
    const { code, pass } = err as { code?: string; pass?: string };
    const message = err instanceof Error ? err.message : String(err);
    // 57014 is statement_timeout, or the watchdog cancelling a statement that outlived it.
    const text =
      code === '57014'
        ? this.timeoutMessage()
        : code && /^[0-9A-Z]{5}$/.test(code)
          ? `${message} (SQLSTATE ${code})`
          : message;
    return pass ? `${pass}: ${text}` : text;
  }
}
