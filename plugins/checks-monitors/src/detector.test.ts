import { describe, expect, it } from 'vitest';
import { baselineOf } from './backtest.js';
import { assess, type Judging } from './detector.js';

const z: Judging = { method: 'zscore', direction: 'both', sensitivity: 3 };

describe('assess', () => {
  const normal = [100, 104, 97, 102, 99, 105, 96, 103, 98, 101, 95, 104, 97, 100];

  it('scores against a baseline without the point: a 5-sigma spike over 14 points scores above 5', () => {
    const b = baselineOf(normal);
    const spike = b.mean! + 5.5 * b.sd!;
    const a = assess(spike, b, z);
    expect(a.score).toBeCloseTo(5.5, 6);
    expect(a.level).toBe('failed');
    // With the point in its own baseline the score cannot pass (n - 1) / sqrt(n).
    const polluted = assess(spike, baselineOf([...normal, spike]), z);
    expect(polluted.score).toBeLessThan(14 / Math.sqrt(15));
  });

  it('a constant series: its value again is normal, any other value is infinitely far (floating noise aside)', () => {
    const b = baselineOf([3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8, 3.8000000000000003]);
    expect(assess(3.8, b, z)).toMatchObject({ score: 0, level: 'normal' });
    expect(assess(30, b, z)).toMatchObject({ score: Infinity, level: 'failed' });
  });

  it('direction, fail_sensitivity and ignore_small_changes decide the level', () => {
    const b = baselineOf(normal);
    const low = b.mean! - 4 * b.sd!;
    expect(assess(low, b, { ...z, direction: 'spike' }).level).toBe('normal');
    expect(assess(low, b, { ...z, direction: 'drop' }).level).toBe('failed');
    expect(assess(low, b, { ...z, failSensitivity: 5 }).level).toBe('warning');
    expect(assess(low, b, { ...z, ignoreSmallChangesPct: 20 }).level).toBe('normal');
  });

  it('MAD resists an outlier in training; change scores the step from the previous point', () => {
    const withOutlier = baselineOf([...normal, 400]);
    expect(assess(115, withOutlier, z).level).toBe('normal');
    expect(assess(115, withOutlier, { ...z, method: 'mad' }).level).toBe('failed');
    const trend = baselineOf([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(assess(90, trend, { ...z, method: 'change' }).level).toBe('normal');
    expect(assess(40, trend, { ...z, method: 'change' }).level).toBe('failed');
  });
});
