import { expect, it } from 'vitest';
import type { CheckRun } from './check-run.js';
import { checkVerdict, failsCheck } from './check-verdict.js';

const run = (...results: { status: string; severity: string }[]) =>
  ({ results: results.map((r, i) => ({ rule: `r${i}`, message: 'm', ...r })) }) as unknown as CheckRun;

it('fails on FAILED rules at or above the fail-on severity; never never fails', () => {
  expect(failsCheck('critical', 'critical')).toBe(true);
  expect(failsCheck('warning', 'critical')).toBe(false);
  expect(failsCheck('warning', 'warning')).toBe(true);
  expect(failsCheck('info', 'warning')).toBe(false);
  expect(failsCheck('info', 'info')).toBe(true);
  expect(failsCheck('critical', 'never')).toBe(false);
});

it('exit 0 without failing rules, 1 with one, 3 (winning) with an ERROR', () => {
  expect(
    checkVerdict(
      run({ status: 'FAILED', severity: 'warning' }, { status: 'WARNING', severity: 'critical' }),
      'critical',
    ),
  ).toBeUndefined();
  expect(checkVerdict(run({ status: 'FAILED', severity: 'warning' }), 'warning')?.exitCode).toBe(1);
  expect(
    checkVerdict(
      run({ status: 'FAILED', severity: 'critical' }, { status: 'ERROR', severity: 'info' }),
      'never',
    )?.exitCode,
  ).toBe(3);
});
