import type { FactLoader, LoadCounts, SqlExecutor } from '@dq/plugin-api';
import { sqlFile } from './sql-file.js';

/** fact_transactions at line-item grain, incremental by transaction_item_id. */
export class FactTransactionsLoader implements FactLoader {
  readonly name = 'fact_transactions';
  readonly dependsOn = ['dim:customer', 'dim:product'];
  readonly phase = 'fact' as const;
  readonly table = 'fact_transactions';
  readonly unknownKeyColumns = ['customer_key', 'product_key', 'transaction_date_key'];
  readonly description = 'Sales line items with customer (SCD2 window), product and date keys';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    const res = await tx.query(sqlFile('fact_transactions'));
    return { inserted: res.rowCount, updated: 0 };
  }
}

/** fact_campaign_responses at event grain, incremental by response_id. */
export class FactCampaignResponsesLoader implements FactLoader {
  readonly name = 'fact_campaign_responses';
  readonly dependsOn = ['dim:customer', 'dim:campaign'];
  readonly phase = 'fact' as const;
  readonly table = 'fact_campaign_responses';
  readonly unknownKeyColumns = ['campaign_key', 'customer_key', 'response_date_key'];
  readonly description = 'Campaign responses with campaign, customer (SCD2 window) and date keys';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    const res = await tx.query(sqlFile('fact_campaign_responses'));
    return { inserted: res.rowCount, updated: 0 };
  }
}

/** total_orders and total_spent on each customer's current version. */
export class CustomerLifetimeMetricsLoader implements FactLoader {
  readonly name = 'customer_lifetime_metrics';
  readonly dependsOn = ['fact_transactions'];
  readonly phase = 'post' as const;
  readonly description = 'Lifetime orders and spend on the current customer version';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    const res = await tx.query(sqlFile('customer_lifetime_metrics'));
    return { inserted: 0, updated: res.rowCount };
  }
}

/** agg_customer_monthly, recomputed for the (customer, month) cells with new facts. */
export class AggCustomerMonthlyLoader implements FactLoader {
  readonly name = 'agg_customer_monthly';
  readonly dependsOn = ['fact_transactions'];
  readonly phase = 'post' as const;
  readonly table = 'agg_customer_monthly';
  readonly description = 'Monthly revenue, orders and units per customer';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    await tx.exec(sqlFile('agg_customer_monthly'));
    return { inserted: 0, updated: 0 };
  }
}
