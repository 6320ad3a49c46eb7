import { describe, expect, it } from 'vitest';
import { fakerSeed, Random, Weighted } from './random.js';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.next());

describe('Random', () => {
  it('repeats a stream for the same seed and label, and differs across seeds and labels', () => {
    const a = draws(new Random(42, 'customers'), 20);
    expect(draws(new Random(42, 'customers'), 20)).toEqual(a);
    expect(draws(new Random(43, 'customers'), 20)).not.toEqual(a);
    expect(draws(new Random(42, 'products'), 20)).not.toEqual(a);
    expect(fakerSeed(42, 'customers')).toBe(fakerSeed(42, 'customers'));
    expect(fakerSeed(42, 'customers')).not.toBe(fakerSeed(42, 'products'));
  });

  it('draws integers within inclusive bounds, reaching both ends', () => {
    const rng = new Random(1, 'bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = rng.between(7, 12);
      expect(Number.isInteger(value)).toBe(true);
      seen.add(value);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it('follows weights', () => {
    const rng = new Random(1, 'weights');
    const status = new Weighted([
      ['Completed', 95],
      ['Pending', 3],
      ['Failed', 2],
    ] as const);
    const counts = { Completed: 0, Pending: 0, Failed: 0 };
    for (let i = 0; i < 20_000; i++) counts[status.draw(rng)]++;
    expect(counts.Completed / 20_000).toBeCloseTo(0.95, 1);
    expect(counts.Pending).toBeGreaterThan(400);
    expect(counts.Failed).toBeGreaterThan(250);
  });
});

describe('Random.gap', () => {
  it('picks each member of a walked population with the given probability', () => {
    const rng = new Random(3, 'gaps');
    const size = 200_000;
    for (const probability of [0.05, 0.2, 0.5]) {
      let picked = 0;
      for (let i = rng.gap(probability); i < size; i += 1 + rng.gap(probability)) picked++;
      expect(picked / size).toBeGreaterThan(probability * 0.97);
      expect(picked / size).toBeLessThan(probability * 1.03);
    }
    expect(rng.gap(1)).toBe(0);
    expect(rng.gap(0)).toBe(Number.POSITIVE_INFINITY);
  });
});
