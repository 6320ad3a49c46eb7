import type { TableDistribution } from '@dq/plugin-api';

/**
 * Where the retail warehouse lives on Citus (database.distribution: citus). The facts and the
 * monthly aggregate are sharded by customer_key in one colocation group, so a customer's facts,
 * its aggregate cells and the joins between them stay on one node. The dimensions are small and
 * joined by every shard: reference tables, a copy on each node. Staging and dq_* stay local.
 */
export const retailDistribution: readonly TableDistribution[] = [
  { name: 'dim_date', placement: 'reference' },
  { name: 'dim_customer', placement: 'reference' },
  { name: 'dim_product', placement: 'reference' },
  { name: 'dim_campaign', placement: 'reference' },
  { name: 'fact_transactions', placement: 'sharded', column: 'customer_key' },
  {
    name: 'fact_campaign_responses',
    placement: 'sharded',
    column: 'customer_key',
    colocateWith: 'fact_transactions',
  },
  {
    name: 'agg_customer_monthly',
    placement: 'sharded',
    column: 'customer_key',
    colocateWith: 'fact_transactions',
  },
  {
    name: 'agg_customer_monthly_pending',
    placement: 'sharded',
    column: 'customer_key',
    colocateWith: 'fact_transactions',
  },
];
