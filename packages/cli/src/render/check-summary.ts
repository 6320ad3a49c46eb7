import type { CheckRun, FailOn, RuleResult } from '@dq/core';
import { renderDiffSummary } from './diff-summary.js';
import { renderTable } from './table.js';

const fmt = (n: number | null) => (n === null ? 'n/a' : n.toFixed(2));

/** The news first (the diff), then the scorecard, a table of results, the errors and notes: what a person reads after `dq check`. */
export function renderCheckSummary(run: CheckRun, failOn: FailOn): string {
  const { scorecard: card } = run;
  const out: string[] = [
    renderDiffSummary(run.diff),
    '',
    `Check run ${run.runId} on ${run.database}: ${card.rulesExecuted} rule(s) in ${(run.durationMs / 1000).toFixed(1)} s, as ${run.ruleRole}`,
    '',
    renderTable(
      ['category', 'score', 'rules', 'errored', 'records', 'failed'],
      card.categories.map((c) => [
        c.category,
        fmt(c.score),
        c.rulesExecuted,
        c.rulesErrored,
        c.recordsChecked,
        c.failedRecords,
      ]),
    ),
    `overall score: ${fmt(card.overall)}  (passed ${card.rulesPassed}, warned ${card.rulesWarned}, failed ${card.rulesFailed}, errored ${card.rulesErrored})`,
  ];
  if (run.results.length > 0) {
    out.push(
      '',
      renderTable(
        ['status', 'severity', 'rule', 'table', 'failed/scope', 'failure %', 'threshold'],
        run.results.map((r) => [
          r.invalid ? 'INVALID' : r.status,
          r.severity,
          r.rule,
          r.table,
          r.status === 'ERROR'
            ? '-'
            : `${r.failed.toLocaleString('en-US')}/${r.scope.toLocaleString('en-US')}`,
          r.status === 'ERROR' ? '-' : `${r.failurePct}%`,
          `${r.thresholdPct}%`,
        ]),
      ),
    );
  } else {
    out.push('', 'No rule ran: the rule files hold none.');
  }
  const monitors = run.results.filter((x: RuleResult) => x.monitor);
  if (monitors.length > 0) {
    out.push('', 'Monitors:');
    for (const r of monitors) out.push(`  ${r.status.padEnd(8)} ${r.rule}: ${r.message}`);
  }
  for (const r of run.results.filter((x: RuleResult) => x.status === 'ERROR'))
    out.push(r.invalid ? `INVALID ${r.invalid}` : `ERROR ${r.rule}: ${r.message}`);
  if (run.partial) {
    out.push(
      '',
      `partial run (${Object.entries(run.selection)
        .map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`)
        .join('; ')}): kept out of trends and diffs`,
    );
  }
  out.push('', `fail-on: ${failOn}`);
  for (const note of run.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
