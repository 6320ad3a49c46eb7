import type { SqlExecutor } from './database.js';
import type { MonitorCheck } from './monitors.js';

/** A rule category (quality dimension) such as completeness. */
export interface RuleCategory {
  /** Lower-case name used in rule files, e.g. `completeness`. */
  readonly name: string;
  /** One sentence shown in reports and stored in dq_rule_categories. */
  readonly description: string;
}

/** Rule severity: decides which failures fail `dq check` under --fail-on. */
export type Severity = 'critical' | 'warning' | 'info';

/** Where a rule was written: for messages and dq_rules.source_file. */
export interface RuleSource {
  /** The file, as given (absolute, or relative to the working directory). */
  file: string;
  /** 1-based line of the rule's first key. */
  line: number;
  /** 1-based line of each of the rule's fields (`where`, `sql`, ...), for messages about one field. */
  fields?: Readonly<Record<string, number>>;
}

/** A rule as read from a rule file and validated (DESIGN section 7). */
export interface RuleDefinition {
  /** Unique, stable name: the key in dq_rules. */
  name: string;
  description?: string;
  /** A registered {@link RuleCategory} name. */
  category: string;
  /** The table the rule scans (scope = its rows matching `where`). */
  table: string;
  /** The checked column, for column checks. */
  column?: string;
  /** A registered {@link CheckKind} name. */
  check: string;
  /** SQL boolean over the table's rows: the scope (numerator and denominator). */
  where?: string;
  severity: Severity;
  /** Failing share allowed before FAILED, in percent (0-100). */
  thresholdPct: number;
  tags: string[];
  owner?: string;
  /** Check-kind parameters: every field of the rule that is not common to all rules. */
  params: Record<string, unknown>;
  /** The file and line it came from. */
  source?: RuleSource;
}

/**
 * What a check kind gets when compiling a rule for one statement. Values are never spliced into
 * SQL: `bind` returns an opaque placeholder the engine turns into `$n` when the statement is built.
 * Identifiers from the rule go through `quoteIdent` (or {@link CheckCompileContext.column}).
 */
export interface CheckCompileContext {
  /** The rule's table, validated and quoted: `"dim_customer"`. */
  readonly table: string;
  /** The rule's table with the alias its rows are scanned under, e.g. `"dim_customer" AS dq_t`. */
  readonly from: string;
  /** The alias of the scanned row (`dq_t`): qualify columns with it inside subqueries. */
  readonly alias: string;
  /** The rule's scope as a parenthesised boolean SQL expression (`TRUE` when it has no `where`). */
  readonly where: string;
  /** Text SQL expression identifying a scanned row: its primary key, else its ctid. */
  readonly recordId: string;
  /** Binds a value as a statement parameter; returns the placeholder to put in the SQL text. */
  bind(value: unknown): string;
  /** A column of the scanned row, validated, quoted and qualified: `dq_t."email"`. */
  column(name: string): string;
  /**
   * The column's PostgreSQL type as `format_type` prints it (`text`, `numeric(12,2)`,
   * `timestamp without time zone`), or undefined when the table or column is unknown.
   */
  columnType(name: string): string | undefined;
  /**
   * The planner's estimate of another table's rows (as the rule names it: `t` or `schema.t`),
   * or undefined when unknown. Lets a check pick a plan that stays safe on large tables.
   */
  rowEstimate?(table: string): number | undefined;
  /**
   * The run's "now" as a SQL `timestamptz` expression: the bound `--as-of` instant when the run
   * replays a date, else `now()`. Checks that depend on the time use it.
   */
  readonly now?: string;
}

/**
 * A row-level check: a boolean over one scanned row. The engine fuses every predicate check on the
 * same table and scope into one scan (`count(*) FILTER (WHERE violation)` per rule) and samples
 * exceptions with `INSERT INTO dq_exceptions ... SELECT ... WHERE scope AND violation LIMIT n`.
 */
export interface PredicateCheck {
  mode: 'predicate';
  /** SQL true when the row violates the rule. NULL counts as no violation. */
  violation: string;
  /** SQL for dq_exceptions.failed_value (default: the rule's column). */
  failedValue?: string;
  /** Text for dq_exceptions.expected_value, e.g. `NOT NULL`. */
  expected: string;
  /** Text for dq_exceptions.column_name (default: the rule's column). */
  columnName?: string;
}

/** A table-level check that runs its own statements, alone (not fused). */
export interface QueryCheck {
  mode: 'query';
  /** A SELECT returning one row with the numeric columns `scope` and `failed`. */
  measure: string;
  /**
   * A SELECT whose rows are violations, with the optional columns record_identifier,
   * column_name, failed_value and expected_value. The engine inserts up to the sample limit into
   * dq_exceptions inside the database.
   */
  violations?: string;
}

/** A statement ready to run: text with `$n` placeholders and its values. */
export interface BoundStatement {
  text: string;
  values: unknown[];
}

/** What an {@link EvaluateCheck} gets while it runs. */
export interface EvaluateContext {
  /** Turns SQL text holding placeholders from `bind` into a statement to run. */
  statement(sql: string): BoundStatement;
  /** At most this many samples are kept; return no more. */
  readonly sampleLimit: number;
  /**
   * Throws when the rule has run longer than quality.statementTimeoutMs. Call it between batches:
   * it bounds work done in Node, which no statement timeout sees.
   */
  checkTimeout(): void;
}

/** The outcome of an {@link EvaluateCheck}. */
export interface EvaluateResult {
  scope: number;
  failed: number;
  samples: ExceptionSample[];
}

/**
 * A check evaluated in Node over rows streamed from the database in batches (never the whole
 * table in memory). `tx` is the rule's READ ONLY transaction.
 */
export interface EvaluateCheck {
  mode: 'evaluate';
  run(tx: SqlExecutor, ctx: EvaluateContext): Promise<EvaluateResult>;
}

/**
 * What a check kind compiles a rule into: a `predicate` the engine fuses with the other rules on
 * the same table and scope, a `query` it runs alone, code that `evaluate`s streamed rows, or a
 * `monitor` (metrics measured per bucket into dq_metric_history, then judged against them).
 */
export type CompiledCheck = PredicateCheck | QueryCheck | EvaluateCheck | MonitorCheck;

/** One sampled violation (evaluate checks return these; the engine stores them). */
export interface ExceptionSample {
  recordIdentifier: string;
  columnName?: string;
  failedValue?: string;
  expectedValue?: string;
}

/** A problem a check kind finds in a rule beyond its JSON Schema. */
export interface CheckProblem {
  /** The rule field at fault, as a path (`['logic', 'and', 0]`). */
  path: (string | number)[];
  /** What is wrong and what is allowed. */
  message: string;
}

/** A check kind usable as `check:` in rule files. */
export interface CheckKind {
  /** snake_case name used in rule files, e.g. `not_null`. */
  readonly name: string;
  /** One sentence for `dq plugins` and docs. */
  readonly description?: string;
  /**
   * JSON Schema (2020-12) of the fields this kind adds to a rule, and of requirements on common
   * ones (e.g. `required: ['column']`). It is applied together with the common rule schema; any
   * key neither declares is an error, so do not set `additionalProperties` here.
   */
  readonly paramsSchema: Record<string, unknown>;
  /** Checks what JSON Schema cannot express; no database. Returns no problem when valid. */
  validate?(rule: RuleDefinition): CheckProblem[];
  /** Compiles a validated rule. Pure: the engine may call it more than once per run. */
  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck;
}
