import type { ReportData, ReportResult } from '@dq/plugin-api';
import { BAND_COLORS, band, count, pct, STATUS_COLORS, score, when } from './format.js';
import { newsText, newsView } from './news-view.js';

/** The view both templates share: every value already formatted as text. */
export function reportView(data: ReportData) {
  const { run } = data;
  return {
    title: `Data quality report: ${run.reportDate}${run.partial ? ' (partial run: selected rules only)' : ''}`,
    project: data.project,
    environment: data.environment,
    news: newsView(data.diff),
    runId: run.runId,
    runTime: when(run.finishedAt),
    generatedAt: when(data.generatedAt),
    overall: score(run.overall),
    overallBand: band(run.overall),
    overallColor: BAND_COLORS[band(run.overall)],
    cards: [
      { label: 'rules run', value: count(run.rulesExecuted), cls: 'run' },
      { label: 'passed', value: count(run.rulesPassed), cls: 'passed' },
      { label: 'warned', value: count(run.rulesWarned), cls: 'warned' },
      { label: 'failed', value: count(run.rulesFailed), cls: 'failed' },
      { label: 'errored', value: count(run.rulesErrored), cls: 'errored' },
      { label: 'records checked', value: count(run.recordsChecked), cls: 'records' },
    ],
    categories: data.categories.map((c) => ({
      category: c.category,
      description: c.description ?? '',
      score: score(c.score),
      band: band(c.score),
      rules: count(c.rulesExecuted),
      records: count(c.recordsChecked),
      failed: count(c.failedRecords),
    })),
    results: data.results.map(resultRow),
    attention: data.results.filter((r) => r.status !== 'PASSED').map(resultRow),
    exceptions: data.results
      .filter((r) => r.exceptions.length > 0)
      .map((r) => ({
        rule: r.rule,
        table: r.table,
        status: r.status,
        failed: count(r.failed),
        items: r.exceptions.map((e) => ({
          recordIdentifier: e.recordIdentifier ?? '',
          columnName: e.columnName ?? '',
          failedValue: e.failedValue ?? 'NULL',
          expectedValue: e.expectedValue ?? '',
        })),
      })),
  };
}

function resultRow(r: ReportResult) {
  return {
    status: r.status,
    statusColor: STATUS_COLORS[r.status] ?? '#9aa5b1',
    severity: r.severity,
    rule: r.rule,
    description: r.description ?? '',
    error: r.status === 'ERROR' ? r.message : '',
    note: r.monitor && r.status !== 'ERROR' ? r.message : '',
    table: r.table,
    column: r.column ?? '',
    failurePct: pct(r.failurePct),
    threshold: pct(r.thresholdPct),
    counts: r.scope === null ? '–' : `${count(r.failed)} / ${count(r.scope)}`,
    // The first sampled records (file:line on staging tables), for the e-mail.
    records: r.exceptions
      .slice(0, 3)
      .map((e) => e.recordIdentifier)
      .filter(Boolean)
      .join(', '),
  };
}

/**
 * `dq 2026-12-01: 97.9 (-0.9), 2 new failures, 1 recovered`: the news first. A run without a
 * diff (scored before issue tracking) keeps the older `93.4 overall, 2 failed rules`.
 */
export function scorecardSubject(data: ReportData): string {
  const partial = data.run.partial ? ' (partial)' : '';
  if (data.diff) return `dq ${data.run.reportDate}${partial}: ${data.diff.headline}`;
  const failed = data.run.rulesFailed;
  return `dq ${data.run.reportDate}${partial}: ${score(data.run.overall)} overall, ${failed} failed rule${failed === 1 ? '' : 's'}`;
}

/** The plain-text part of the scorecard e-mail. */
export function scorecardText(data: ReportData, attachmentName: string): string {
  const { run } = data;
  const lines = [
    scorecardSubject(data),
    `${data.project} (${data.environment}), run ${run.runId}, checked ${when(run.finishedAt)}`,
    '',
    ...newsText(data.diff),
    `Overall score: ${score(run.overall)}`,
    `Rules run ${run.rulesExecuted}: ${run.rulesPassed} passed, ${run.rulesWarned} warned, ${run.rulesFailed} failed, ${run.rulesErrored} errored; ${count(run.recordsChecked)} records checked.`,
    '',
    'Scores by category:',
    ...data.categories.map((c) => `  ${c.category.padEnd(16)} ${score(c.score).padStart(6)}`),
    '',
  ];
  const attention = data.results.filter((r) => r.status !== 'PASSED');
  if (attention.length === 0) lines.push('Every rule passed.');
  else {
    lines.push('Rules that need attention:');
    for (const r of attention) {
      const counts =
        r.scope === null || r.monitor
          ? r.message
          : `${count(r.failed)}/${count(r.scope)} (${pct(r.failurePct)})`;
      lines.push(`  ${r.status.padEnd(8)} ${r.severity.padEnd(9)} ${r.rule} on ${r.table}: ${counts}`);
    }
  }
  lines.push('', `The full report is attached (${attachmentName}).`);
  return `${lines.join('\n')}\n`;
}
