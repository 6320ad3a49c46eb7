import type { Random } from './random.js';

/** Values that load into staging as text but that validity rules must flag. */
export const badDates = ['2024-13-45', 'not a date'] as const;
export const nonNumericAmounts = ['N/A', '12.5.3'] as const;

/** Which columns of a feed may carry which kind of dirty value. */
export interface DirtyPlan {
  badDate?: readonly string[];
  nonNumeric?: readonly string[];
  unknownCustomer?: string;
  orphanProduct?: string;
  negativeQuantity?: string;
}

/** Keys that look right but match no row, for integrity rules to find. */
export interface UnusedKeys {
  customer: string;
  product: string;
}

export type DirtyKind =
  | 'bad_date'
  | 'non_numeric'
  | 'unknown_customer'
  | 'orphan_product'
  | 'negative_quantity';

/** Rewrites one value of a row in place. */
export interface DirtyMutation {
  kind: DirtyKind;
  apply(fields: string[], rng: Random): void;
}

/** The in-place mutations a plan allows for a feed with these columns. */
export function dirtyMutations(
  columns: readonly string[],
  plan: DirtyPlan,
  keys: UnusedKeys,
): DirtyMutation[] {
  const at = (column: string): number => {
    const index = columns.indexOf(column);
    if (index < 0) throw new Error(`Defect plan names unknown column ${column}`);
    return index;
  };
  const mutations: DirtyMutation[] = [];
  const oneOf = (kind: DirtyKind, targets: readonly string[] | undefined, values: readonly string[]) => {
    if (!targets?.length) return;
    const indexes = targets.map(at);
    mutations.push({
      kind,
      apply: (fields, rng) => {
        fields[rng.pick(indexes)] = rng.pick(values);
      },
    });
  };
  oneOf('bad_date', plan.badDate, badDates);
  oneOf('non_numeric', plan.nonNumeric, nonNumericAmounts);
  if (plan.unknownCustomer) oneOf('unknown_customer', [plan.unknownCustomer], [keys.customer]);
  if (plan.orphanProduct) oneOf('orphan_product', [plan.orphanProduct], [keys.product]);
  if (plan.negativeQuantity) {
    const index = at(plan.negativeQuantity);
    mutations.push({
      kind: 'negative_quantity',
      apply: (fields) => {
        fields[index] = `-${fields[index]}`;
      },
    });
  }
  return mutations;
}
