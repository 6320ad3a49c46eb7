import type { DirtyPlan } from './dirty-values.js';
import type { FeedKey } from './feeds.js';

/**
 * The dirty values each feed may carry, besides duplicate keys (every feed) and malformed lines
 * (every feed). Orphans reference keys that exist in no file: `CUST999999`, `PROD99999`.
 */
export const defectPlans: Record<FeedKey, DirtyPlan> = {
  customers: { badDate: ['date_of_birth', 'registration_date'] },
  products: { nonNumeric: ['unit_cost', 'retail_price'] },
  transactions: {
    badDate: ['transaction_date'],
    nonNumeric: ['total_amount', 'discount_amount', 'tax_amount', 'shipping_amount'],
    unknownCustomer: 'customer_id',
  },
  items: {
    nonNumeric: ['unit_price', 'line_total', 'discount_amount'],
    orphanProduct: 'product_id',
    negativeQuantity: 'quantity',
  },
  campaigns: { badDate: ['start_date', 'end_date'], nonNumeric: ['budget_amount'] },
  responses: { badDate: ['response_date'], nonNumeric: ['conversion_value'], unknownCustomer: 'customer_id' },
};
