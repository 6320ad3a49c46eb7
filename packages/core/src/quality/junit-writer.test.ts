import { expect, it } from 'vitest';
import type { CheckRun, RuleResult } from './check-run.js';
import { renderJunit, xmlEscape } from './junit-writer.js';

const result = (
  rule: string,
  category: string,
  status: RuleResult['status'],
  extra: Partial<RuleResult> = {},
): RuleResult => ({
  rule,
  ruleId: 1,
  resultId: 1,
  category,
  table: 't',
  check: 'regex',
  severity: 'warning',
  thresholdPct: 5,
  tags: [],
  status,
  scope: 10,
  failed: status === 'PASSED' ? 0 : 3,
  passed: 7,
  failurePct: 30,
  durationMs: 12,
  message: status === 'ERROR' ? 'relation "t" does not exist' : 'msg <&>',
  sampleIds: status === 'FAILED' ? ['1', '2', 'a"b'] : [],
  ...extra,
});

it('escapes XML specials and drops characters XML cannot hold', () => {
  expect(xmlEscape(`a<b>&"c'\u0001d`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d');
});

it('writes a testcase per rule (classname = category), failure for FAILED, error for ERROR', () => {
  const run = {
    runId: 'r1',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1500,
    results: [
      result('ok', 'completeness', 'PASSED'),
      result('warned', 'completeness', 'WARNING'),
      result('bad', 'validity', 'FAILED'),
      result('broken', 'validity', 'ERROR'),
    ],
  } as CheckRun;
  const xml = renderJunit(run);
  expect(xml.match(/<testcase /g)).toHaveLength(4);
  expect(xml).toContain('<testsuites name="dq check r1" tests="4" failures="1" errors="1" time="1.500">');
  expect(xml).toContain('<testsuite name="validity" tests="2" failures="1" errors="1"');
  expect(xml).toContain('<testcase classname="completeness" name="ok" time="0.012"></testcase>');
  expect(xml).toContain('<system-out>WARNING: ');
  expect(xml).toMatch(
    /<failure message="msg &lt;&amp;&gt;" type="FAILED">[^<]*sample records: 1, 2, a&quot;b<\/failure>/,
  );
  expect(xml).toContain('<error message="relation &quot;t&quot; does not exist" type="ERROR">');
});
