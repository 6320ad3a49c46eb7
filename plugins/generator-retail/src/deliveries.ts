/**
 * Which day's file carries what, for one feed of a window with late days. On a late day the
 * feed's file repeats the last delivery before it (the same rows: stale timestamps); the rows of
 * the late days arrive with the next day on time, beside that day's own rows, or never when no
 * day of the window is on time after them.
 */
export class Deliveries {
  /** The day whose delivery each day's file repeats: itself when on time. */
  private readonly sources: number[];
  /** The day whose file carries each day's own rows, or -1 when they never arrive. */
  private readonly arrivals: number[];
  /** For each on-time day, the late days that repeat its delivery. */
  private readonly repeats: number[][];

  constructor(days: number, late: ReadonlySet<number>) {
    if (late.has(0)) throw new Error('The first day of a window cannot be late');
    this.sources = [];
    this.repeats = Array.from({ length: days }, () => []);
    for (let day = 0; day < days; day++) {
      const source = late.has(day) ? (this.sources[day - 1] as number) : day;
      this.sources.push(source);
      if (source !== day) this.repeats[source]?.push(day);
    }
    this.arrivals = new Array<number>(days).fill(-1);
    let next = -1;
    for (let day = days - 1; day >= 0; day--) {
      if (!late.has(day)) next = day;
      this.arrivals[day] = next;
    }
  }

  /** The day whose delivery the file of `day` repeats (itself when the feed is on time). */
  source(day: number): number {
    return this.sources[day] as number;
  }

  /** The day whose file brings the rows of `day`, or -1 when they never arrive in the window. */
  arrival(day: number): number {
    return this.arrivals[day] as number;
  }

  /** Every file that carries the rows of `day`: the file of its arrival and the files repeating it. */
  targets(day: number): number[] {
    const arrival = this.arrival(day);
    return arrival < 0 ? [] : [arrival, ...(this.repeats[arrival] as number[])];
  }
}
