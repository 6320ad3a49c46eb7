import { describe, expect, it } from 'vitest';
import { IdFormat } from './ids.js';

describe('IdFormat', () => {
  it('pads to the minimum width and widens for larger counts', () => {
    expect(new IdFormat('CUST', 6, 50_000).format(1)).toBe('CUST000001');
    expect(new IdFormat('CUST', 6, 1_500_000).format(42)).toBe('CUST0000042');
  });

  it('names an unused key that no row of the count can carry', () => {
    expect(new IdFormat('CUST', 6, 50_000).unused(50_000)).toBe('CUST999999');
    expect(new IdFormat('PROD', 5, 500).unused(500)).toBe('PROD99999');
    expect(new IdFormat('CUST', 6, 999_999).unused(999_999)).toBe('CUST9999999');
  });
});
