import { describe, expect, it } from 'vitest';
import { Deliveries } from './deliveries.js';

describe('Deliveries', () => {
  it('sends every day to its own file when the feed is on time', () => {
    const on = new Deliveries(4, new Set());
    expect([0, 1, 2, 3].map((d) => on.targets(d))).toEqual([[0], [1], [2], [3]]);
    expect([0, 1, 2, 3].map((d) => on.source(d))).toEqual([0, 1, 2, 3]);
  });

  it('repeats the last delivery on late days and brings their rows with the next day on time', () => {
    // Days 2 and 3 late: their files repeat day 1's; their rows arrive on day 4.
    const late = new Deliveries(6, new Set([2, 3]));
    expect([0, 1, 2, 3, 4, 5].map((d) => late.source(d))).toEqual([0, 1, 1, 1, 4, 5]);
    expect(late.targets(1)).toEqual([1, 2, 3]);
    expect(late.targets(2)).toEqual([4]);
    expect(late.targets(3)).toEqual([4]);
    expect(late.targets(4)).toEqual([4]);
    expect(late.arrival(2)).toBe(4);
  });

  it('repeats a catch-up delivery whole, and drops rows no day of the window brings', () => {
    // Day 1 late, day 2 brings days 1 and 2; day 3 late repeats day 2's file; day 4 late to the end.
    const chain = new Deliveries(5, new Set([1, 3, 4]));
    expect(chain.targets(1)).toEqual([2, 3, 4]);
    expect(chain.targets(2)).toEqual([2, 3, 4]);
    expect(chain.targets(3)).toEqual([]);
    expect(chain.arrival(4)).toBe(-1);
    expect(() => new Deliveries(3, new Set([0]))).toThrow();
  });
});
