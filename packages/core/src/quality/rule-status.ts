/** The outcome of one rule in one run. */
/** LEARNING: a monitor with too little history to judge yet; not a failure, not scored. */
export type RuleStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'ERROR' | 'LEARNING';

/**
 * PASSED with no failed row; WARNING when the failing share is within the threshold; FAILED above
 * it. Compared as integers (failed × 100 ≤ threshold × scope), so 5 of 100 at 5% is a WARNING.
 */
export function ruleStatus(
  scope: number,
  failed: number,
  thresholdPct: number,
): Exclude<RuleStatus, 'ERROR' | 'LEARNING'> {
  if (failed <= 0) return 'PASSED';
  if (scope <= 0) return 'FAILED';
  return failed * 100 <= thresholdPct * scope ? 'WARNING' : 'FAILED';
}

/** failed / scope × 100, rounded to 4 decimals and capped at 100 (an sql rule may return more rows than its scope). */
export function failurePercentage(scope: number, failed: number): number {
  if (failed <= 0) return 0;
  if (scope <= 0) return 100;
  return Math.min(100, Math.round((failed / scope) * 100 * 10_000) / 10_000);
}
