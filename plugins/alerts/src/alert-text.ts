import type { Alert, AlertBatch, AlertKind } from '@dq/plugin-api';

/** What each kind of alert is called in a message. */
export const KIND_LABEL: Record<AlertKind, string> = {
  new_failure: 'New failure',
  escalation: 'Escalated',
  reminder: 'Still failing',
  resolved: 'Resolved',
  test: 'Test alert',
};

/** `rule on table.column`. */
export const target = (a: Alert) => `${a.table}${a.column ? `.${a.column}` : ''}`;

const n = (v: number) => v.toLocaleString('en-US');

/** `3 of 10 rows failed (30%), threshold 0%` or the result's message when it could not run. */
export function countsLine(a: Alert): string {
  if (a.status === 'ERROR' || a.failed === null) return a.message;
  if (a.kind === 'resolved') return `passes again: ${n(a.scope ?? 0)} row(s) checked, none failed`;
  const records: string[] = [];
  if ((a.newRecords ?? 0) > 0) records.push(`${n(a.newRecords!)} new failing record(s)`);
  if ((a.fixedRecords ?? 0) > 0) records.push(`${n(a.fixedRecords!)} fixed`);
  return `${n(a.failed)} of ${n(a.scope ?? 0)} row(s) failed (${a.failurePct ?? 0}%), threshold ${a.thresholdPct}%${records.length > 0 ? `; ${records.join(', ')}` : ''}`;
}

/** `WARNING → FAILED`, `FAILED`, or `FAILED → PASSED`. */
export function statusLine(a: Alert): string {
  return a.previousStatus && a.previousStatus !== a.status ? `${a.previousStatus} → ${a.status}` : a.status;
}

/** `first seen 2026-11-29 (3 days)` for an open issue. */
export function ageLine(a: Alert): string {
  if (!a.firstSeenAt || a.kind === 'test') return '';
  const days = a.daysFailing ?? 0;
  return `first seen ${a.firstSeenAt.slice(0, 10)}${days > 0 ? ` (${days} day${days === 1 ? '' : 's'})` : ''}`;
}

/** `dq · Retail DW (production): 2 new failures, 1 resolved`. */
export function batchTitle(batch: AlertBatch): string {
  if (batch.test) return `dq · ${batch.project}: test alert (route ${batch.route})`;
  const counts = new Map<AlertKind, number>();
  for (const a of batch.alerts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${KIND_LABEL[kind].toLowerCase()}`);
  return `dq · ${batch.project} (${batch.environment}): ${parts.join(', ')}`;
}
