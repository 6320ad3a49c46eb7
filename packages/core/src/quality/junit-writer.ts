import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { xmlEscape } from '@dq/plugin-api';
import type { CheckRun, RuleResult } from './check-run.js';

export { xmlEscape };

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The run as JUnit XML: a testsuite per category, a testcase per rule (classname = category,
 * name = rule). FAILED is a <failure>, ERROR an <error>; PASSED and WARNING pass (a WARNING is
 * within its threshold by definition) and WARNING says so in <system-out>. Counts and up to 10
 * sample record identifiers go in the body.
 */
export function renderJunit(run: CheckRun): string {
  const byCategory = new Map<string, RuleResult[]>();
  for (const r of run.results) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  const count = (rs: RuleResult[], status: string) => rs.filter((r) => r.status === status).length;
  const total = (rs: RuleResult[]) => rs.reduce((sum, r) => sum + r.durationMs, 0);
  const suites = [...byCategory].map(([category, rs]) => {
    const cases = rs.map(testcase).join('\n');
    return `  <testsuite name="${xmlEscape(category)}" tests="${rs.length}" failures="${count(rs, 'FAILED')}" errors="${count(rs, 'ERROR')}" skipped="0" time="${seconds(total(rs))}" timestamp="${run.startedAt}">\n${cases}\n  </testsuite>`;
  });
  const all = run.results;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dq check ${xmlEscape(run.runId)}" tests="${all.length}" failures="${count(all, 'FAILED')}" errors="${count(all, 'ERROR')}" time="${seconds(run.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(r: RuleResult): string {
  const open = `    <testcase classname="${xmlEscape(r.category)}" name="${xmlEscape(r.rule)}" time="${seconds(r.durationMs)}">`;
  const body = xmlEscape(details(r));
  if (r.status === 'FAILED') {
    return `${open}\n      <failure message="${xmlEscape(r.message)}" type="FAILED">${body}</failure>\n    </testcase>`;
  }
  if (r.status === 'ERROR') {
    return `${open}\n      <error message="${xmlEscape(r.message)}" type="ERROR">${body}</error>\n    </testcase>`;
  }
  if (r.status === 'WARNING')
    return `${open}\n      <system-out>WARNING: ${body}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

function details(r: RuleResult): string {
  const lines = [
    `rule: ${r.rule} (${r.check} on ${r.table}${r.column ? `.${r.column}` : ''})`,
    `severity: ${r.severity}, threshold: ${r.thresholdPct}%`,
    `status: ${r.status}: ${r.message}`,
  ];
  if (r.status !== 'ERROR') lines.push(`failed: ${r.failed} of ${r.scope} (${r.failurePct}%)`);
  if (r.sampleIds.length > 0) lines.push(`sample records: ${r.sampleIds.join(', ')}`);
  return lines.join('\n');
}

/** Writes the run's JUnit XML to `file` (folders created). */
export function writeJunit(file: string, run: CheckRun): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderJunit(run));
}
