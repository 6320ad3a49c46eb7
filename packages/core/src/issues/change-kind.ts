import type { ReportRuleStatus } from '@dq/plugin-api';

/** What a fingerprint is made of: the rule, its column and what the result says changed. */
export interface FingerprintSource {
  rule: string;
  column?: string | undefined;
  status: ReportRuleStatus;
  /** Set by check kinds whose results name a kind of change (a schema monitor's `column_added`). */
  change?: string | undefined;
}

/**
 * The kind of change a failing result reports: the result's own `change` when its check kind
 * names one, `error` when the rule could not run, else `violation` (rows broke the rule).
 */
export function changeKindOf(result: FingerprintSource): string {
  if (result.change) return result.change;
  return result.status === 'ERROR' ? 'error' : 'violation';
}

/** `rule:column:kind`, the key alerts are de-duplicated by (`*` for a table-level rule). */
export function fingerprintOf(result: FingerprintSource): string {
  return `${result.rule}:${result.column ?? '*'}:${changeKindOf(result)}`;
}

/** WARNING < FAILED = ERROR: an escalation is a move up this scale. */
export function statusRank(status: string | undefined | null): number {
  switch (status) {
    case 'WARNING':
      return 1;
    case 'FAILED':
    case 'ERROR':
      return 2;
    default:
      return 0;
  }
}

/** True for the statuses that open or continue an issue. */
export function isFailing(status: string | undefined | null): boolean {
  return status === 'WARNING' || status === 'FAILED' || status === 'ERROR';
}
