import type { CategoryScore, RuleResult, Scorecard } from './check-run.js';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The scorecard of a set of results. Per category, the record-weighted pass rate
 * 100 × (Σ scope − Σ failed) / Σ scope over its measured results (ERROR results have no
 * measurement: they count in rulesErrored only; failed is capped at scope per result). A category
 * whose rules measured no row, or that has no rule, is n/a (null), never 100. Overall = mean of
 * the category scores that are not n/a. A monitor still LEARNING is not scored at all.
 */
export function computeScorecard(all: readonly RuleResult[], categories: readonly string[]): Scorecard {
  const results = all.filter((r) => r.status !== 'LEARNING');
  const names = [...new Set([...categories, ...results.map((r) => r.category)])];
  const perCategory: CategoryScore[] = names.map((category) => {
    const mine = results.filter((r) => r.category === category);
    const measured = mine.filter((r) => r.status !== 'ERROR');
    const scope = measured.reduce((sum, r) => sum + r.scope, 0);
    const failed = measured.reduce((sum, r) => sum + Math.min(r.failed, r.scope), 0);
    return {
      category,
      score: scope > 0 ? round2((100 * (scope - failed)) / scope) : null,
      rulesExecuted: mine.length,
      rulesErrored: mine.length - measured.length,
      recordsChecked: scope,
      failedRecords: measured.reduce((sum, r) => sum + r.failed, 0),
    };
  });
  const scored = perCategory.filter((c) => c.score !== null).map((c) => c.score!);
  const count = (status: RuleResult['status']) => results.filter((r) => r.status === status).length;
  return {
    overall: scored.length > 0 ? round2(scored.reduce((a, b) => a + b, 0) / scored.length) : null,
    categories: perCategory,
    rulesExecuted: results.length,
    rulesPassed: count('PASSED'),
    rulesWarned: count('WARNING'),
    rulesFailed: count('FAILED'),
    rulesErrored: count('ERROR'),
    recordsChecked: perCategory.reduce((sum, c) => sum + c.recordsChecked, 0),
    failedRecords: perCategory.reduce((sum, c) => sum + c.failedRecords, 0),
  };
}
