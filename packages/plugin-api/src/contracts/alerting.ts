import type { Severity } from './quality.js';
import type { ReportRuleStatus } from './reporting.js';
import type { RunDiff } from './run-diff.js';

/**
 * Why an alert goes out: an issue opened (or first reaches this destination), escalated
 * (WARNING to FAILED or ERROR, or a new kind of change), is still open after the route's
 * suppression interval, or resolved; `test` is `dq alerts test`.
 */
export type AlertKind = 'new_failure' | 'escalation' | 'reminder' | 'resolved' | 'test';

/** Who owns a rule, as config maps its `owner` (alerting.owners). */
export interface AlertOwner {
  /** The rule's `owner` value. */
  name: string;
  /** A Slack user (`U…`/`W…`) or user group (`S…`) id, mentioned in Slack messages. */
  slack?: string;
  /** An e-mail address, shown (and mentioned in Teams) as the contact. */
  email?: string;
}

/** One alert about one issue. */
export interface Alert {
  kind: AlertKind;
  /** `rule:column:kind of change`: what de-duplication keys on. */
  fingerprint: string;
  /** dq_issues.issue_id (absent for a test alert). */
  issueId?: number;
  rule: string;
  table: string;
  column?: string;
  category: string;
  severity: Severity;
  tags: string[];
  /** The rule's status in the run (PASSED for a resolved alert). */
  status: ReportRuleStatus;
  /** The status last alerted, or seen, before this one. */
  previousStatus?: ReportRuleStatus;
  failed: number | null;
  scope: number | null;
  failurePct: number | null;
  thresholdPct: number;
  /** The rule's result message. */
  message: string;
  /** When the issue was first seen (ISO 8601) and whole days since. */
  firstSeenAt?: string;
  daysFailing?: number;
  /** Sampled failing records new in this run / fixed in this run. */
  newRecords?: number;
  fixedRecords?: number;
  owner?: AlertOwner;
}

/** A configured alert destination (alerting.destinations). Its url and secret are secrets. */
export interface AlertDestination {
  name: string;
  /** The reporter that delivers it: `webhook`, `slack`, `teams`, or a plugin's. */
  kind: string;
  /** Where to deliver; carries a token: never print it. */
  url: string;
  /** The HMAC-SHA256 key of a webhook's signature. */
  secret?: string;
  /** Extra HTTP headers (e.g. an authorization header); their values are secrets. */
  headers?: Record<string, string>;
  /** One attempt's limit, in milliseconds. */
  timeoutMs: number;
  /** Further attempts after a connection error, a timeout, 429 or 5xx. */
  retries: number;
}

/** What one destination receives for one run: the alerts routed to it and the run's news. */
export interface AlertBatch {
  /**
   * The same for every attempt of this delivery (and a repeat of it): a receiver that has seen
   * it drops the repeat, so a retry after a lost response is not delivered twice.
   */
  idempotencyKey: string;
  route: string;
  destination: AlertDestination;
  project: string;
  environment: string;
  run: {
    runId: string;
    reportDate: string;
    finishedAt: string;
    overall: number | null;
    partial: boolean;
  };
  /** The run's diff against the previous comparable run. */
  diff: RunDiff | null;
  alerts: Alert[];
  /** A link to the run's HTML report, when reporting.html.baseUrl is set. */
  reportUrl?: string;
  /** `dq alerts test`: a sample, not about real issues. */
  test: boolean;
}

/** What a destination reporter reports back in ReportOutput.details. */
export interface AlertDeliveryDetails {
  attempts: number;
  httpStatus?: number;
}
