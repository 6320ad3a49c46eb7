/**
 * Process exit codes, the same for every command (DESIGN section 6).
 * 0 success, 1 a check failed at or above --fail-on, 2 invalid usage/config/rule files,
 * 3 execution error (database unreachable, a rule in ERROR, a failed load).
 */
export const ExitCode = {
  Ok: 0,
  CheckFailed: 1,
  Invalid: 2,
  Execution: 3,
} as const;
/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The catalog of error codes: each with its exit code and a default hint telling the user what to
 * do. Plugins use these codes too; add new codes here rather than inventing strings elsewhere.
 */
export const errorCatalog = {
  DQ_USAGE: { exitCode: ExitCode.Invalid, hint: 'Run the command with --help to see its flags.' },
  DQ_CONFIG_NOT_FOUND: {
    exitCode: ExitCode.Invalid,
    hint: 'Pass --config FILE, or run from a directory that has config/dq.config.yaml.',
  },
  DQ_CONFIG_INVALID: {
    exitCode: ExitCode.Invalid,
    hint: 'Fix the listed keys; config/dq.config.yaml in the repository shows every key with its default.',
  },
  DQ_PLUGIN_LOAD_FAILED: {
    exitCode: ExitCode.Invalid,
    hint: 'Check the plugins: list in your config: each entry is a package name or a path to a package whose entry default-exports definePlugin({...}).',
  },
  DQ_PLUGIN_API_MISMATCH: {
    exitCode: ExitCode.Invalid,
    hint: 'Install a version of the plugin written for this dq, or a dq whose @dq/plugin-api the plugin supports.',
  },
  DQ_PLUGIN_CONFLICT: {
    exitCode: ExitCode.Invalid,
    hint: 'Two plugins provide the same name for one extension point; remove one of them from plugins:.',
  },
  DQ_RULE_INVALID: {
    exitCode: ExitCode.Invalid,
    hint: 'Run `dq rules validate` to see every problem with its file and line.',
  },
  DQ_INPUT_INVALID: { exitCode: ExitCode.Invalid, hint: 'Check the value and try again.' },
  DQ_DB_UNREACHABLE: {
    exitCode: ExitCode.Execution,
    hint: 'Is the server running and reachable? Check DATABASE_URL (or database.url); unset it to use the embedded database.',
  },
  DQ_DB_LOCKED: {
    exitCode: ExitCode.Execution,
    hint: 'Another dq process is using the embedded database. Wait for it to finish, or point this one at another directory (DQ_DATABASE__EMBEDDED__DIR).',
  },
  DQ_DB_QUERY_FAILED: { exitCode: ExitCode.Execution, hint: 'See the database error above.' },
  DQ_MIGRATION_FAILED: {
    exitCode: ExitCode.Execution,
    hint: 'The migration was rolled back; fix the cause and run `dq db migrate` again.',
  },
  DQ_DISTRIBUTION_FAILED: {
    exitCode: ExitCode.Execution,
    hint: 'database.distribution is citus: DATABASE_URL must be a Citus coordinator with its workers added (citus_add_node); see the README, Scale-out.',
  },
  DQ_RUN_LOCKED: {
    exitCode: ExitCode.Execution,
    hint: 'Another pipeline run holds the lock. Wait for it, or pass --wait to queue behind it.',
  },
  DQ_RUN_LOCK_LOST: {
    exitCode: ExitCode.Execution,
    hint: 'The database session holding the run lock ended (a failover, an idle-session timeout, pg_terminate_backend). This run stopped before writing more; run it again once no other run is going.',
  },
  DQ_LOAD_FAILED: { exitCode: ExitCode.Execution, hint: 'See stg_audit_log and stg_rejects for details.' },
  DQ_LOAD_HEADER_MISMATCH: {
    exitCode: ExitCode.Execution,
    hint: 'The feed lacks columns its staging table has; nothing was staged and the table keeps the previous data. Fix the feed, or drop the columns with a migration if it changed for good.',
  },
  DQ_LOAD_LOCKED: {
    exitCode: ExitCode.Execution,
    hint: 'Another dq process is loading the same staging table. Run again when it is done, or pass --wait to queue behind it.',
  },
  DQ_TRANSFORM_FAILED: { exitCode: ExitCode.Execution, hint: 'The failing step was rolled back.' },
  DQ_RULE_ERROR: { exitCode: ExitCode.Execution, hint: 'See the rule error in the results.' },
  DQ_RULE_ROLE_UNAVAILABLE: {
    exitCode: ExitCode.Execution,
    hint: 'Run `dq db migrate`: it creates the read-only role rules run as (quality.ruleRole).',
  },
  DQ_CHECK_FAILED: { exitCode: ExitCode.CheckFailed, hint: 'See the failed rules in the summary.' },
  DQ_REPORT_FAILED: { exitCode: ExitCode.Execution, hint: 'The report files that were written are kept.' },
  DQ_ALERT_FAILED: {
    exitCode: ExitCode.Execution,
    hint: 'Results, issues and reports are kept; the alert is sent again on the next run. Check the destination (alerting.destinations) and `dq alerts test ROUTE`.',
  },
  DQ_INTERNAL: {
    exitCode: ExitCode.Execution,
    hint: 'This is a bug in dq or a plugin; run with DQ_LOGGING__LEVEL=debug and report it.',
  },
} as const satisfies Record<string, { exitCode: ExitCode; hint: string }>;

/** A code from the {@link errorCatalog}. */
export type DqErrorCode = keyof typeof errorCatalog;

/** Options of a {@link DqError}. */
export interface DqErrorOptions {
  /** What the user should do; defaults to the catalog's hint for the code. */
  hint?: string;
  /** The foreign error this one wraps. */
  cause?: unknown;
  /** Overrides the catalog's exit code (rarely needed). */
  exitCode?: ExitCode;
  /** Extra structured detail, printed with --json (e.g. a list of problems). */
  details?: unknown;
  /**
   * The command's result when it ends in this error after producing one (a check run with a
   * FAILED rule, a load with a failed source): --json prints it as `data`, as on success.
   */
  data?: unknown;
}

/**
 * The one error type of dq. It carries a catalog code, the process exit code and a hint. The CLI
 * maps it to a message and exit code in one place; foreign errors are wrapped with `cause`.
 */
export class DqError extends Error {
  /** The catalog code, e.g. `DQ_CONFIG_INVALID`. */
  readonly code: DqErrorCode;
  /** The process exit code this error maps to. */
  readonly exitCode: ExitCode;
  /** What the user should do about it. */
  readonly hint: string;
  /** Structured detail for machine-readable output. */
  readonly details: unknown;
  /** The command's result, when there is one (see {@link DqErrorOptions.data}). */
  readonly data: unknown;

  constructor(code: DqErrorCode, message: string, options: DqErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DqError';
    this.code = code;
    this.exitCode = options.exitCode ?? errorCatalog[code].exitCode;
    this.hint = options.hint ?? errorCatalog[code].hint;
    this.details = options.details;
    this.data = options.data;
  }
}

/** True when `err` is a {@link DqError}, even one thrown by another copy of this package. */
export function isDqError(err: unknown): err is DqError {
  return (
    err instanceof DqError ||
    (err instanceof Error && err.name === 'DqError' && typeof (err as DqError).code === 'string')
  );
}
