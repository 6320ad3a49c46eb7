import { describe, expect, it } from 'vitest';
import { formatCents } from './money.js';

describe('money', () => {
  it('writes cents with exactly two decimals', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(30241)).toBe('302.41');
    expect(formatCents(-1250)).toBe('-12.50');
  });
});
