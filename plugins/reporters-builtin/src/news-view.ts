import type { RunDiff, RunDiffEntry } from '@dq/plugin-api';
import { count, pct, STATUS_COLORS, when } from './format.js';

/** One group of the diff as the templates show it (new failures, escalations, ...). */
export interface NewsGroup {
  label: string;
  cls: string;
  items: Array<{
    rule: string;
    where: string;
    status: string;
    statusColor: string;
    counts: string;
    detail: string;
  }>;
}

function item(e: RunDiffEntry, detail: string) {
  const records: string[] = [];
  if ((e.newRecords ?? 0) > 0)
    records.push(`${count(e.newRecords!)} new failing record${e.newRecords === 1 ? '' : 's'}`);
  if ((e.fixedRecords ?? 0) > 0) records.push(`${count(e.fixedRecords!)} fixed`);
  return {
    rule: e.rule,
    where: e.column ? `${e.table}.${e.column}` : e.table,
    status: e.status,
    statusColor: STATUS_COLORS[e.status] ?? '#9aa5b1',
    counts: e.failed === null ? '–' : `${count(e.failed)} / ${count(e.scope)} (${pct(e.failurePct)})`,
    detail: [detail, ...records, e.owner ? `owner ${e.owner}` : ''].filter(Boolean).join(' · '),
  };
}

/** The diff as the HTML report and the e-mail lead with it; undefined when the run has none. */
export function newsView(diff: RunDiff | undefined) {
  if (!diff) return undefined;
  const was = (e: RunDiffEntry) => (e.previousStatus ? `was ${e.previousStatus}` : 'new rule');
  const groups: NewsGroup[] = [
    { label: 'New failures', cls: 'new', items: diff.newFailures.map((e) => item(e, was(e))) },
    { label: 'Escalated', cls: 'escalated', items: diff.escalations.map((e) => item(e, was(e))) },
    { label: 'Recovered', cls: 'recovered', items: diff.recoveries.map((e) => item(e, was(e))) },
    {
      label: 'Still failing',
      cls: 'still',
      items: diff.stillFailing.map((e) =>
        item(
          e,
          e.daysFailing === undefined
            ? ''
            : `failing for ${e.daysFailing} day${e.daysFailing === 1 ? '' : 's'}`,
        ),
      ),
    },
  ].filter((g) => g.items.length > 0);
  const { records } = diff;
  const moved = diff.categories.filter((c) => c.change !== null && Math.abs(c.change) >= 0.05);
  return {
    headline: diff.headline,
    since: diff.previous
      ? `since the previous ${diff.partial ? 'run of the same selection' : 'full run'} (${when(diff.previous.finishedAt)})`
      : `the first ${diff.partial ? 'run of this selection' : 'full run'}: nothing to compare with`,
    groups,
    records:
      records.new > 0 || records.fixed > 0
        ? `${records.exact ? '' : 'at least '}${count(records.new)} new failing record${records.new === 1 ? '' : 's'} since the previous run, ${count(records.fixed)} fixed`
        : '',
    categories: moved
      .map((c) => `${c.category} ${c.now?.toFixed(1)} (${c.change! > 0 ? '+' : ''}${c.change!.toFixed(1)})`)
      .join(', '),
  };
}

/** The diff as plain text lines, for the e-mail's text part. */
export function newsText(diff: RunDiff | undefined): string[] {
  const view = newsView(diff);
  if (!view) return [];
  const lines = [`What changed ${view.since}: ${view.headline}`];
  for (const g of view.groups) {
    lines.push(`${g.label}:`);
    for (const i of g.items)
      lines.push(
        `  ${i.status.padEnd(8)} ${i.rule} on ${i.where}: ${i.counts}${i.detail ? ` (${i.detail})` : ''}`,
      );
  }
  if (view.records) lines.push(view.records);
  if (view.categories) lines.push(`Categories: ${view.categories}`);
  return [...lines, ''];
}
