import { DqError, isDqError } from '@dq/plugin-api';

/** A missing dq_* table means the database was never migrated: say so instead of a raw 42P01. */
export function missingTablesHint(err: unknown): unknown {
  if (isDqError(err)) return err;
  const code = (err as { code?: string }).code;
  const message = (err as Error).message ?? '';
  if (code === '42P01' && /"dq_/.test(message)) {
    return new DqError('DQ_DB_QUERY_FAILED', `The quality tables are missing: ${message}.`, {
      cause: err,
      hint: 'Run `dq db migrate` first.',
    });
  }
  return err;
}
