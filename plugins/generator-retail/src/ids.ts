/**
 * Business keys: a prefix and a zero-padded number. The width grows with the count so that every
 * key of one file has the same length and sorts in generation order.
 */
export class IdFormat {
  readonly width: number;

  constructor(
    readonly prefix: string,
    minWidth: number,
    count = 0,
  ) {
    this.width = Math.max(minWidth, String(count).length);
  }

  /** The key of the n-th row, counting from 1. */
  format(n: number): string {
    return this.prefix + String(n).padStart(this.width, '0');
  }

  /**
   * A well-formed key that no row carries (`CUST999999`), for orphan references. When the count
   * reaches the all-nines key, one more digit keeps it unused.
   */
  unused(count: number): string {
    const nines = '9'.repeat(this.width);
    return this.prefix + (Number(nines) > count ? nines : `${nines}9`);
  }
}
