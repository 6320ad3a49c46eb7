import { expect, it } from 'vitest';
import { failurePercentage, ruleStatus } from './rule-status.js';

it('PASSED at 0 failed, WARNING up to the threshold exactly, FAILED above it', () => {
  expect(ruleStatus(100, 0, 0)).toBe('PASSED');
  expect(ruleStatus(100, 5, 5)).toBe('WARNING');
  expect(ruleStatus(100, 6, 5)).toBe('FAILED');
  expect(ruleStatus(3, 1, 33.33)).toBe('FAILED');
  expect(ruleStatus(3, 1, 33.34)).toBe('WARNING');
  expect(ruleStatus(0, 1, 100)).toBe('FAILED');
});

it('failure percentage is rounded to 4 decimals and capped at 100', () => {
  expect(failurePercentage(3, 1)).toBe(33.3333);
  expect(failurePercentage(0, 0)).toBe(0);
  expect(failurePercentage(10, 25)).toBe(100);
});
