import { type DqErrorCode, ExitCode, errorCatalog, isDqError } from '@dq/plugin-api';

/** An error as the CLI shows it. */
export interface MappedError {
  code: DqErrorCode | 'DQ_USAGE';
  exitCode: number;
  message: string;
  hint: string;
  details?: unknown;
  /** The command's result, when it failed after producing one. */
  data?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The one place where errors become messages and exit codes. DqError carries its own; oclif's
 * parse errors are usage errors (2); a raw database error is an execution error (3); anything
 * else is a bug (3). `redact` scrubs secrets from every message.
 */
export function mapError(err: unknown, redact: (text: string) => string = (t) => t): MappedError {
  if (isDqError(err)) {
    return {
      code: err.code,
      exitCode: err.exitCode,
      message: redact(err.message),
      hint: redact(err.hint),
      ...(err.details === undefined ? {} : { details: err.details }),
      ...(err.data === undefined ? {} : { data: err.data }),
    };
  }
  const error = err instanceof Error ? err : new Error(String(err));
  const oclifExit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  if (oclifExit !== undefined) {
    return {
      code: 'DQ_USAGE',
      exitCode: oclifExit,
      message: redact(error.message),
      hint: errorCatalog.DQ_USAGE.hint,
    };
  }
  const sqlState = (error as { code?: string }).code;
  if (sqlState && SQLSTATE.test(sqlState)) {
    return {
      code: 'DQ_DB_QUERY_FAILED',
      exitCode: ExitCode.Execution,
      message: redact(`Database error ${sqlState}: ${error.message}`),
      hint: errorCatalog.DQ_DB_QUERY_FAILED.hint,
    };
  }
  return {
    code: 'DQ_INTERNAL',
    exitCode: ExitCode.Execution,
    message: redact(error.message),
    hint: errorCatalog.DQ_INTERNAL.hint,
  };
}
