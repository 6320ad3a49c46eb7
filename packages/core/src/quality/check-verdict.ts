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
 * The error that ends `dq check`, if any: a rule in ERROR is an execution error (exit 3, it wins:
 * the run is incomplete); a FAILED rule at or above `failOn` fails the check (exit 1). The run
 * travels as `details`, so --json still carries it.
 */
export function checkVerdict(run: CheckRun, failOn: FailOn): DqError | undefined {
  const errored = run.results.filter((r) => r.status === 'ERROR');
  if (errored.length > 0) {
    return new DqError(
      'DQ_RULE_ERROR',
      `${errored.length} rule(s) could not run: ${errored.map((r) => `${r.rule} (${r.message})`).join('; ')}`,
      { details: run },
    );
  }
  const failing = run.results.filter((r) => r.status === 'FAILED' && failsCheck(r.severity, failOn));
  if (failing.length > 0) {
    return new DqError(
      'DQ_CHECK_FAILED',
      `${failing.length} rule(s) FAILED at or above --fail-on ${failOn}: ${failing.map((r) => r.rule).join(', ')}.`,
      { details: run },
    );
  }
  return undefined;
}
