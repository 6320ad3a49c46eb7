import { type DirtyMutation, type DirtyPlan, dirtyMutations, type UnusedKeys } from './dirty-values.js';
import { malformedKinds, malformedLine } from './malformed-lines.js';
import type { Random } from './random.js';

/** Share of rows made dirty (still loadable) and share followed by a malformed line. */
export const DIRTY_RATE = 0.005;
export const MALFORMED_RATE = 0.001;

/** What to write after a row: a further (dirty) row, or a line a strict reader rejects. */
export type ExtraLine = { row: string[] } | { malformed: string | Buffer };

/**
 * Decides the defects of one feed, row by row, from its own random stream so that the clean rows
 * are the same with and without `--defects`. Dirty values replace values in place; duplicate keys
 * and malformed lines are extra lines, so no real row is lost.
 */
export class DefectInjector {
  dirtyRows = 0;
  malformedLines = 0;
  private readonly mutations: DirtyMutation[];
  private earlierKey: string | undefined;
  private seen = 0;

  constructor(
    columns: readonly string[],
    plan: DirtyPlan,
    keys: UnusedKeys,
    private readonly rng: Random,
  ) {
    this.mutations = dirtyMutations(columns, plan, keys);
  }

  /** Called before `fields` is written; may change it and returns the lines to write after it. */
  inspect(fields: string[]): ExtraLine[] | undefined {
    const u = this.rng.next();
    let extra: ExtraLine[] | undefined;
    if (u < DIRTY_RATE) {
      this.dirtyRows++;
      // One kind in (mutations + 1) is a duplicate key; the first row has no earlier key to repeat.
      const choice = this.rng.below(this.mutations.length + (this.earlierKey === undefined ? 0 : 1));
      const mutation = this.mutations[choice];
      if (mutation) mutation.apply(fields, this.rng);
      else extra = [{ row: this.duplicate(fields, this.earlierKey as string) }];
    } else if (u < DIRTY_RATE + MALFORMED_RATE) {
      extra = [{ malformed: this.malformed(fields) }];
    }
    this.rememberKey(fields[0] as string);
    return extra;
  }

  /**
   * Small feeds (a few dozen campaigns) would often get no defect at all by chance; one of each
   * after the last row guarantees every feed exercises the dirty and the reject path.
   */
  finish(last: readonly string[] | undefined): ExtraLine[] {
    const extra: ExtraLine[] = [];
    if (!last) return extra;
    if (this.dirtyRows === 0) {
      this.dirtyRows++;
      // A copy with its own key and a dirty value, so it is never byte-identical to the row.
      const row = [...last];
      const mutation = this.mutations[this.rng.below(this.mutations.length)];
      mutation?.apply(row, this.rng);
      extra.push({ row });
    }
    if (this.malformedLines === 0) extra.push({ malformed: this.malformed(last) });
    return extra;
  }

  /** An earlier row's key on this row's values: a conflicting duplicate, not a byte-identical one. */
  private duplicate(fields: readonly string[], key: string): string[] {
    const row = [...fields];
    row[0] = key;
    return row;
  }

  private malformed(fields: readonly string[]): string | Buffer {
    this.malformedLines++;
    return malformedLine(this.rng.pick(malformedKinds), fields);
  }

  /** Reservoir sampling: a uniformly chosen earlier key without keeping the keys. */
  private rememberKey(key: string): void {
    this.seen++;
    if (this.rng.below(this.seen) === 0) this.earlierKey = key;
  }
}
