import { describe, expect, it } from 'vitest';
import type { RuleResult } from './check-run.js';
import { computeScorecard } from './scorecard.js';

const result = (
  category: string,
  scope: number,
  failed: number,
  status: RuleResult['status'],
): RuleResult => ({
  rule: `${category}_${scope}_${failed}`,
  ruleId: 1,
  resultId: 1,
  category,
  table: 't',
  check: 'not_null',
  severity: 'warning',
  thresholdPct: 0,
  tags: [],
  status,
  scope,
  failed,
  passed: scope - failed,
  failurePct: 0,
  durationMs: 1,
  message: '',
  sampleIds: [],
});

describe('computeScorecard', () => {
  it('weights by records, not by rules; overall is the mean of categories that ran; no rules is n/a', () => {
    const card = computeScorecard(
      [
        result('completeness', 1000, 100, 'FAILED'), // 900 of 1000
        result('completeness', 1, 1, 'FAILED'), // a table-level check barely moves it
        result('validity', 200, 50, 'FAILED'),
        result('validity', 0, 0, 'ERROR'),
      ],
      ['completeness', 'validity', 'timeliness'],
    );
    expect(card.categories).toEqual([
      {
        category: 'completeness',
        score: 89.91,
        rulesExecuted: 2,
        rulesErrored: 0,
        recordsChecked: 1001,
        failedRecords: 101,
      },
      {
        category: 'validity',
        score: 75,
        rulesExecuted: 2,
        rulesErrored: 1,
        recordsChecked: 200,
        failedRecords: 50,
      },
      {
        category: 'timeliness',
        score: null,
        rulesExecuted: 0,
        rulesErrored: 0,
        recordsChecked: 0,
        failedRecords: 0,
      },
    ]);
    expect(card.overall).toBe(82.46);
    expect(card).toMatchObject({ rulesExecuted: 4, rulesFailed: 3, rulesErrored: 1, rulesPassed: 0 });
  });

  it('a category whose only rule is ERROR, or that measured no row, is n/a; nothing measured at all is n/a overall', () => {
    const card = computeScorecard([result('a', 0, 0, 'ERROR'), result('b', 0, 0, 'PASSED')], ['a', 'b']);
    expect(card.categories.map((c) => c.score)).toEqual([null, null]);
    expect(card.overall).toBeNull();
  });

  it('caps failed at scope per result (an sql rule may return more rows than its scope)', () => {
    const card = computeScorecard([result('a', 10, 25, 'FAILED'), result('a', 10, 0, 'PASSED')], ['a']);
    expect(card.categories[0]!.score).toBe(50);
  });
});
