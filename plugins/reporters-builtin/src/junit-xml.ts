import { type ReportData, type ReportResult, xmlEscape } from '@dq/plugin-api';

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const durationOf = (r: ReportResult) => r.durationMs ?? 0;

/**
 * The run as JUnit XML: a testsuite per category, a testcase per rule (classname = category,
 * name = rule). FAILED is a <failure>, ERROR an <error>; PASSED and WARNING pass (a WARNING is
 * within its threshold by definition) and WARNING says so in <system-out>. Counts and up to 10
 * sample record identifiers go in the body. CI servers read this, so the shape is kept as it was
 * when `dq check --junit` wrote it from the check run itself.
 */
export function renderJunit(data: ReportData): string {
  const { run } = data;
  const byCategory = new Map<string, ReportResult[]>();
  for (const r of data.results) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  const count = (rs: ReportResult[], status: string) => rs.filter((r) => r.status === status).length;
  const total = (rs: ReportResult[]) => rs.reduce((sum, r) => sum + durationOf(r), 0);
  const suites = [...byCategory].map(([category, rs]) => {
    const cases = rs.map(testcase).join('\n');
    return `  <testsuite name="${xmlEscape(category)}" tests="${rs.length}" failures="${count(rs, 'FAILED')}" errors="${count(rs, 'ERROR')}" skipped="0" time="${seconds(total(rs))}" timestamp="${run.startedAt}">\n${cases}\n  </testsuite>`;
  });
  const all = data.results;
  const runMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dq check ${xmlEscape(run.runId)}" tests="${all.length}" failures="${count(all, 'FAILED')}" errors="${count(all, 'ERROR')}" time="${seconds(runMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(r: ReportResult): string {
  const open = `    <testcase classname="${xmlEscape(r.category)}" name="${xmlEscape(r.rule)}" time="${seconds(durationOf(r))}">`;
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

function details(r: ReportResult): string {
  const lines = [
    `rule: ${r.rule} (${r.check} on ${r.table}${r.column ? `.${r.column}` : ''})`,
    `severity: ${r.severity}, threshold: ${r.thresholdPct}%`,
    `status: ${r.status}: ${r.message}`,
  ];
  if (r.status !== 'ERROR') lines.push(`failed: ${r.failed} of ${r.scope} (${r.failurePct}%)`);
  const samples = r.exceptions.flatMap((e) => (e.recordIdentifier === null ? [] : [e.recordIdentifier]));
  if (samples.length > 0) lines.push(`sample records: ${samples.slice(0, 10).join(', ')}`);
  return lines.join('\n');
}
