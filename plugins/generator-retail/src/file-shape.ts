import type { Random } from './random.js';

/** How incidents reshape one file of one day. */
export interface FileShape {
  /** Percent of the rows left out (a volume drop). */
  dropPercent?: number;
  /** Columns each emptied in a percent of the rows (null spikes). */
  blank?: { column: number; percent: number }[];
  /** Columns missing from the header and from every row (dropped columns). */
  dropColumns?: number[];
}

/**
 * Applies a {@link FileShape} row by row, from its own random stream, and counts what it did so
 * the manifest can say how many rows an incident touched.
 */
export class RowShaper {
  dropped = 0;
  /** Values emptied, by column index. */
  readonly blanked = new Map<number, number>();

  constructor(
    readonly shape: FileShape,
    private readonly rng: Random,
  ) {}

  /** The columns of the file as written. */
  columns(columns: readonly string[]): string[] {
    return this.project(columns);
  }

  /** The row as written, or undefined when the volume drop leaves it out. */
  apply(fields: string[]): string[] | undefined {
    const { dropPercent, blank } = this.shape;
    if (dropPercent !== undefined && this.rng.chance(dropPercent / 100)) {
      this.dropped++;
      return undefined;
    }
    for (const { column, percent } of blank ?? []) {
      if (this.rng.chance(percent / 100) && fields[column] !== '') {
        fields[column] = '';
        this.blanked.set(column, (this.blanked.get(column) ?? 0) + 1);
      }
    }
    return this.project(fields);
  }

  private project<T>(values: readonly T[]): T[] {
    const dropped = this.shape.dropColumns;
    return dropped?.length ? values.filter((_, i) => !dropped.includes(i)) : [...values];
  }
}
