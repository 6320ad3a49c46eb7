import type { FactLoader, LoadCounts, SqlExecutor } from '@dq/plugin-api';
import { sqlFile } from './sql-file.js';

/**
 * A loader that is one SQL file, sql/<name>.sql. `reports` says what its row count means: rows
 * inserted (a fact), rows updated (metrics on a dimension), or nothing (a script of statements).
 */
abstract class SqlFileLoader implements FactLoader {
  abstract readonly name: string;
  abstract readonly dependsOn: string[];
  abstract readonly phase: 'fact' | 'post';
  abstract readonly description: string;
  protected abstract readonly reports: 'inserted' | 'updated' | 'nothing';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    if (this.reports === 'nothing') {
      await tx.exec(sqlFile(this.name));
      return { inserted: 0, updated: 0 };
    }
    const { rowCount } = await tx.query(sqlFile(this.name));
    return this.reports === 'inserted'
      ? { inserted: rowCount, updated: 0 }
      : { inserted: 0, updated: rowCount };
  }
}

/** fact_transactions at line-item grain, incremental by transaction_item_id. */
export class FactTransactionsLoader extends SqlFileLoader {
  readonly name = 'fact_transactions';
  readonly dependsOn = ['dim:customer', 'dim:product'];
  readonly phase = 'fact' as const;
  readonly table = 'fact_transactions';
  readonly unknownKeyColumns = ['customer_key', 'product_key', 'transaction_date_key'];
  readonly description = 'Sales line items with customer (SCD2 window), product and date keys';
  protected readonly reports = 'inserted' as const;
}

/** fact_campaign_responses at event grain, incremental by response_id. */
export class FactCampaignResponsesLoader extends SqlFileLoader {
  readonly name = 'fact_campaign_responses';
  readonly dependsOn = ['dim:customer', 'dim:campaign'];
  readonly phase = 'fact' as const;
  readonly table = 'fact_campaign_responses';
  readonly unknownKeyColumns = ['campaign_key', 'customer_key', 'response_date_key'];
  readonly description = 'Campaign responses with campaign, customer (SCD2 window) and date keys';
  protected readonly reports = 'inserted' as const;
}

/** total_orders and total_spent on each customer's current version. */
export class CustomerLifetimeMetricsLoader extends SqlFileLoader {
  readonly name = 'customer_lifetime_metrics';
  readonly dependsOn = ['fact_transactions'];
  readonly phase = 'post' as const;
  readonly description = 'Lifetime orders and spend on the current customer version';
  protected readonly reports = 'updated' as const;
}

/** agg_customer_monthly, recomputed for the (customer, month) cells with new facts. */
export class AggCustomerMonthlyLoader extends SqlFileLoader {
  readonly name = 'agg_customer_monthly';
  readonly dependsOn = ['fact_transactions'];
  readonly phase = 'post' as const;
  readonly table = 'agg_customer_monthly';
  readonly description = 'Monthly revenue, orders and units per customer';
  protected readonly reports = 'nothing' as const;
}
