import type { AlertRunReport } from '@dq/core';

/** One line per destination: what was sent, suppressed (and why) or failed. */
export function renderAlertSummary(report: AlertRunReport): string {
  if (report.deliveries.length === 0) return 'alerts: no route covers an issue of this run; nothing sent.';
  const out: string[] = [];
  for (const d of report.deliveries) {
    const where = `${d.destination} (${d.kind}, ${d.host})`;
    const sent = d.alerts.map((a) => `${a.kind} ${a.rule}`).join(', ');
    if (d.status === 'sent')
      out.push(`alerts: ${where}: sent ${d.alerts.length} (${sent}) in ${d.attempts} attempt(s)`);
    else if (d.status === 'failed')
      out.push(`alerts: ${where}: FAILED after ${d.attempts} attempt(s): ${d.error}`);
    else out.push(`alerts: ${where}: nothing new to send`);
    for (const s of d.suppressed) out.push(`  suppressed ${s.rule}: ${s.reason}`);
  }
  return out.join('\n');
}
