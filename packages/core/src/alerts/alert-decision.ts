import type { AlertKind } from '@dq/plugin-api';
import { statusRank } from '../issues/change-kind.js';

/** An issue the run touched, as de-duplication sees it. */
export interface IssueState {
  issueId: number;
  fingerprint: string;
  status: string;
  /** Closed by this run. */
  resolved: boolean;
  /** Opened by this run. */
  opened: boolean;
  firstSeenAt: string;
}

/** The last alert sent about the issue to one destination. */
export interface LastSent {
  fingerprint: string;
  alertKind: string;
  ruleStatus: string | null;
  sentAt: Date;
}

/** What to do about one issue for one destination, and why (dq_alert_log.reason). */
export type AlertDecision =
  | { send: true; kind: AlertKind; reason: string }
  | { send: false; kind: AlertKind; reason: string };

const at = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/**
 * De-duplication: an open issue alerts once (new_failure), then again only when it escalates
 * (a higher status than last alerted, or a new kind of change), when the suppression interval
 * has passed since the last alert (reminder), or when it is resolved; a resolved message goes
 * only where the issue was alerted.
 */
export function decideAlert(
  issue: IssueState,
  last: LastSent | undefined,
  suppressMs: number,
  now: Date,
): AlertDecision {
  if (issue.resolved) {
    if (!last || last.alertKind === 'resolved') {
      return { send: false, kind: 'resolved', reason: 'resolved, but never alerted to this destination' };
    }
    return {
      send: true,
      kind: 'resolved',
      reason: `resolved; alerted as ${last.alertKind} at ${at(last.sentAt)}`,
    };
  }
  if (!last || last.alertKind === 'resolved') {
    return {
      send: true,
      kind: 'new_failure',
      reason: issue.opened
        ? 'issue opened in this run'
        : `open since ${issue.firstSeenAt.slice(0, 16)}, not yet alerted here`,
    };
  }
  if (last.fingerprint !== issue.fingerprint) {
    return {
      send: true,
      kind: 'escalation',
      reason: `new kind of change: ${last.fingerprint} is now ${issue.fingerprint}`,
    };
  }
  if (statusRank(issue.status) > statusRank(last.ruleStatus)) {
    return { send: true, kind: 'escalation', reason: `escalated from ${last.ruleStatus} to ${issue.status}` };
  }
  const next = new Date(last.sentAt.getTime() + suppressMs);
  if (now >= next) {
    return {
      send: true,
      kind: 'reminder',
      reason: `still ${issue.status}; last alerted at ${at(last.sentAt)}, suppression interval passed`,
    };
  }
  return {
    send: false,
    kind: 'reminder',
    reason: `already alerted (${last.alertKind} at ${at(last.sentAt)}); suppressed until ${at(next)} unless it escalates or resolves`,
  };
}
