import type { RunDiff, RunDiffEntry } from '@dq/plugin-api';

const counts = (e: RunDiffEntry) =>
  e.failed === null
    ? e.status
    : `${e.failed.toLocaleString('en-US')}/${(e.scope ?? 0).toLocaleString('en-US')}`;

function records(e: RunDiffEntry): string {
  if (e.newRecords === undefined) return '';
  const parts = [];
  if (e.newRecords > 0) parts.push(`${e.newRecords} new failing record(s)`);
  if ((e.fixedRecords ?? 0) > 0) parts.push(`${e.fixedRecords} fixed`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

/**
 * What changed since the previous comparable run, the first thing `dq check` prints: the
 * headline, then new failures, escalations, recoveries and what is still failing (with days).
 */
export function renderDiffSummary(diff: RunDiff): string {
  const out = [
    diff.previous
      ? `What changed since run ${diff.previous.runId} (${diff.previous.finishedAt.slice(0, 16).replace('T', ' ')} UTC): ${diff.headline}`
      : `What changed: ${diff.headline} (the first ${diff.partial ? 'run of this selection' : 'full run'}: nothing to compare with)`,
  ];
  const line = (label: string, e: RunDiffEntry, extra = '') =>
    `  ${label.padEnd(10)} ${e.status.padEnd(7)} ${e.rule} on ${e.column ? `${e.table}.${e.column}` : e.table}: ${counts(e)}${extra}${records(e)}`;
  for (const e of diff.newFailures) out.push(line('new', e));
  for (const e of diff.escalations) out.push(line('escalated', e, ` (was ${e.previousStatus})`));
  for (const e of diff.recoveries) out.push(line('recovered', e, ` (was ${e.previousStatus})`));
  for (const e of diff.stillFailing) {
    const days = e.daysFailing === undefined ? '' : `, failing for ${e.daysFailing} day(s)`;
    out.push(line('still', e, days));
  }
  const { records: r } = diff;
  if (r.new > 0 || r.fixed > 0) {
    out.push(
      `  records: ${r.exact ? '' : 'at least '}${r.new} new failing, ${r.fixed} fixed (sampled records of rules with a key)`,
    );
  }
  const moved = diff.categories.filter((c) => c.change !== null && Math.abs(c.change) >= 0.05);
  if (moved.length > 0) {
    out.push(
      `  categories: ${moved.map((c) => `${c.category} ${c.now?.toFixed(1)} (${c.change! > 0 ? '+' : ''}${c.change!.toFixed(1)})`).join(', ')}`,
    );
  }
  return out.join('\n');
}
