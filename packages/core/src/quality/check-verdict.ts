import { DqError, type Severity } from '@dq/plugin-api';
import type { CheckRun } from './check-run.js';

/** `--fail-on`: the lowest severity whose FAILED rules fail the check, or never. */
export type FailOn = Severity | 'never';

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** True when a FAILED rule of this severity fails the check under `failOn`. */
export function failsCheck(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}

/**
 * The error that ends `dq check`, if any: an invalid rule (one the database cannot plan) is a
 * usage error (exit 2: fix the rule file); a rule in ERROR is an execution error (exit 3: the run
 * is incomplete); a FAILED rule at or above `failOn` fails the check (exit 1). The first that
 * applies wins. The run travels as `data`, so --json prints it as on success.
 */
export function checkVerdict(run: CheckRun, failOn: FailOn): DqError | undefined {
  const invalid = run.results.filter((r) => r.invalid);
  if (invalid.length > 0) {
    return new DqError(
      'DQ_RULE_INVALID',
      `${invalid.length} rule(s) are invalid for this database:\n  ${invalid.map((r) => r.invalid).join('\n  ')}`,
      {
        data: run,
        hint: 'Fix the field named in each line (a misspelled column or table, a syntax error); `dq rules validate --db` checks every rule without running any.',
      },
    );
  }
  const errored = run.results.filter((r) => r.status === 'ERROR');
  if (errored.length > 0) {
    return new DqError(
      'DQ_RULE_ERROR',
      `${errored.length} rule(s) could not run: ${errored.map((r) => `${r.rule} (${r.message})`).join('; ')}`,
      { data: run },
    );
  }
  const failing = run.results.filter((r) => r.status === 'FAILED' && failsCheck(r.severity, failOn));
  if (failing.length > 0) {
    return new DqError(
      'DQ_CHECK_FAILED',
      `${failing.length} rule(s) FAILED at or above --fail-on ${failOn}: ${failing.map((r) => r.rule).join(', ')}.`,
      { data: run },
    );
  }
  return undefined;
}
