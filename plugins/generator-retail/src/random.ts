/**
 * A small seeded PRNG (sfc32). Faker's Mersenne Twister is slower and its sequence depends on the
 * faker version, so every high-volume numeric choice goes through this instead.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** One independent stream per label, so adding a feed or a defect never shifts another feed's data. */
  constructor(seed: number, label: string) {
    [this.a, this.b, this.c, this.d] = hash128(`${seed}|${label}`);
    // The first outputs of sfc32 are poorly mixed.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  /**
   * How many independent trials of `probability` fail before the next success (a geometric
   * draw): walking a population by these gaps picks each member with that probability at the
   * cost of one draw per pick instead of one per member.
   */
  gap(probability: number): number {
    if (probability >= 1) return 0;
    if (probability <= 0) return Number.POSITIVE_INFINITY;
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - probability));
  }
}

/** A 32-bit seed for faker, derived like a {@link Random} stream. */
export function fakerSeed(seed: number, label: string): number {
  return hash128(`${seed}|faker|${label}`)[0] >>> 0;
}

/** cyrb128: spreads a short string over four 32-bit words. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A fixed weighted choice, its cumulative weights computed once rather than per draw. */
export class Weighted<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(table: ReadonlyArray<readonly [T, number]>) {
    this.values = table.map(([value]) => value);
    this.cumulative = new Float64Array(table.length);
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let running = 0;
    table.forEach(([, weight], i) => {
      running += weight / total;
      this.cumulative[i] = running;
    });
  }

  draw(rng: Random): T {
    const u = rng.next();
    const last = this.values.length - 1;
    for (let i = 0; i < last; i++) if (u < (this.cumulative[i] as number)) return this.values[i] as T;
    return this.values[last] as T;
  }
}
