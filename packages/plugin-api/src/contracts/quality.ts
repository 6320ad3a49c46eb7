import type { SqlExecutor } from './database.js';

/** A rule category (quality dimension) such as completeness. */
export interface RuleCategory {
  /** Lower-case name used in rule files, e.g. `completeness`. */
  readonly name: string;
  readonly description: string;
}

/** Rule severity: decides which failures fail `dq check` under --fail-on. */
export type Severity = 'critical' | 'warning' | 'info';

/** A rule as read from a rule file and validated (DESIGN section 7). */
export interface RuleDefinition {
  name: string;
  description?: string;
  category: string;
  table: string;
  column?: string;
  check: string;
  where?: string;
  severity: Severity;
  /** Failing share allowed before FAILED, in percent (0-100). */
  thresholdPct: number;
  tags: string[];
  owner?: string;
  /** Check-kind parameters (everything not common to all rules). */
  params: Record<string, unknown>;
  /** The file it came from, for messages. */
  sourceFile?: string;
}

/** A SQL fragment with bound values; `$n` placeholders count from 1 within the fragment. */
export interface SqlFragment {
  text: string;
  values: readonly unknown[];
}

/**
 * What a check kind compiles a rule into. `predicate` checks are fused with the other rules on
 * the same table and scope into one scan; `query` checks run alone; `evaluate` checks run code.
 */
export type CompiledCheck =
  | {
      mode: 'predicate';
      /** Boolean SQL over the scanned row that is true when the row violates the rule. */
      violation: SqlFragment;
      /** Expression for dq_exceptions.failed_value (defaults to the rule's column). */
      failedValue?: string;
      /** Text for dq_exceptions.expected_value. */
      expected: string;
    }
  | {
      mode: 'query';
      /** A query returning one row `{ scope: number }`. */
      scope: SqlFragment;
      /** A query returning the violating rows (record_identifier, column_name, failed_value, expected_value optional). */
      violations: SqlFragment;
    }
  | {
      mode: 'evaluate';
      run(tx: SqlExecutor): Promise<{ scope: number; failed: number; samples: ExceptionSample[] }>;
    };

/** One sampled violation. */
export interface ExceptionSample {
  recordIdentifier: string;
  columnName?: string;
  failedValue?: string;
  expectedValue?: string;
}

/** A check kind usable as `check:` in rule files. */
export interface CheckKind {
  /** snake_case name used in rule files, e.g. `not_null`. */
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the kind's parameters (validated by `dq rules validate`). */
  readonly paramsSchema: Record<string, unknown>;
  compile(rule: RuleDefinition): CompiledCheck;
}
