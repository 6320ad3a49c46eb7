import type { ReportData, ReportResult } from '@dq/plugin-api';
import { xmlEscape } from '@dq/plugin-api';
import { expect, it } from 'vitest';
import { renderJunit } from './junit-xml.js';

const result = (
  rule: string,
  category: string,
  status: ReportResult['status'],
  extra: Partial<ReportResult> = {},
): ReportResult => ({
  rule,
  category,
  table: 't',
  check: 'regex',
  severity: 'warning',
  thresholdPct: 5,
  tags: [],
  status,
  scope: status === 'ERROR' ? null : 10,
  failed: status === 'ERROR' ? null : status === 'PASSED' ? 0 : 3,
  failurePct: status === 'ERROR' ? null : 30,
  durationMs: 12,
  message: status === 'ERROR' ? 'relation "t" does not exist' : 'msg <&>',
  exceptions:
    status === 'FAILED'
      ? ['1', '2', 'a"b'].map((id) => ({
          recordIdentifier: id,
          columnName: null,
          failedValue: null,
          expectedValue: null,
        }))
      : [],
  ...extra,
});

const data = (results: ReportResult[]): ReportData =>
  ({
    run: { runId: 'r1', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.500Z' },
    results,
  }) as ReportData;

it('escapes XML specials and drops characters XML cannot hold', () => {
  expect(xmlEscape(`a<b>&"c'\u0001d`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d');
});

it('writes a testcase per rule (classname = category), failure for FAILED, error for ERROR', () => {
  const xml = renderJunit(
    data([
      result('ok', 'completeness', 'PASSED'),
      result('warned', 'completeness', 'WARNING'),
      result('bad', 'validity', 'FAILED'),
      result('broken', 'validity', 'ERROR'),
    ]),
  );
  expect(xml.match(/<testcase /g)).toHaveLength(4);
  expect(xml).toContain('<testsuites name="dq check r1" tests="4" failures="1" errors="1" time="1.500">');
  expect(xml).toContain(
    '<testsuite name="validity" tests="2" failures="1" errors="1" skipped="0" time="0.024"',
  );
  expect(xml).toContain('<testcase classname="completeness" name="ok" time="0.012"></testcase>');
  expect(xml).toContain('<system-out>WARNING: ');
  expect(xml).toMatch(
    /<failure message="msg &lt;&amp;&gt;" type="FAILED">[^<]*failed: 3 of 10 \(30%\)\nsample records: 1, 2, a&quot;b<\/failure>/,
  );
  expect(xml).toContain('<error message="relation &quot;t&quot; does not exist" type="ERROR">');
  expect(xml).not.toMatch(/<error[^>]*>[^<]*failed:/);
});

it('a rule whose duration was not recorded takes 0 s', () => {
  const xml = renderJunit(data([result('old', 'validity', 'PASSED', { durationMs: null })]));
  expect(xml).toContain('<testcase classname="validity" name="old" time="0.000"></testcase>');
});
