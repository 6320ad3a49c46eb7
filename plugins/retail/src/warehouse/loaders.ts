import {
  type FactLoader,
  type LoadCounts,
  quoteIdent,
  type SqlExecutor,
  type WarehouseContext,
} from '@dq/plugin-api';
import { withIndexesBuiltAfter } from './bulk-load.js';
import { sqlFile } from './sql-file.js';

/**
 * A loader that is one SQL file, sql/<name>.sql, whose row count is rows updated (metrics on a
 * dimension), or that reports nothing (a script of statements).
 */
abstract class SqlFileLoader implements FactLoader {
  abstract readonly name: string;
  abstract readonly dependsOn: string[];
  abstract readonly phase: 'fact' | 'post';
  abstract readonly description: string;
  protected abstract readonly reports: 'updated' | 'nothing';

  async load(tx: SqlExecutor): Promise<LoadCounts> {
    if (this.reports === 'nothing') {
      await tx.exec(sqlFile(this.name));
      return { inserted: 0, updated: 0 };
    }
    const { rowCount } = await tx.query(sqlFile(this.name));
    return { inserted: 0, updated: rowCount };
  }
}

/** The result row of a fact loader's SQL file. */
interface FactCounts {
  inserted: number;
  updated: number;
  missing?: number;
  missing_sample?: string[] | null;
}

/**
 * A fact loaded by sql/<name>.sql, a script that inserts new rows, updates corrected ones and
 * leaves its counts in the temporary table dq_fact_counts (statements in the forms Citus runs
 * too: DESIGN section 12). sql/<name>.sources.sql sums up what it reads (staging row counts and load
 * ids, its own row count); when that is what the last run saw, nothing can have changed and the
 * comparison is skipped, so a transform after loading other feeds costs nothing here.
 */
abstract class FactSqlLoader implements FactLoader {
  abstract readonly name: string;
  abstract readonly dependsOn: string[];
  abstract readonly table: string;
  readonly phase = 'fact' as const;
  abstract readonly description: string;
  /** Whether its SQL reports rows missing from the feed. */
  protected readonly reportsMissing: boolean = false;

  async load(tx: SqlExecutor, ctx: WarehouseContext): Promise<LoadCounts> {
    const sources = async () =>
      (await tx.query<{ sources: string }>(sqlFile(`${this.name}.sources`))).rows[0]!.sources;
    const seen = await tx.query<{ sources: string }>(
      'SELECT sources FROM dq_fact_sources_seen WHERE loader = $1',
      [this.name],
    );
    if (seen.rows[0]?.sources === (await sources())) {
      ctx.logger.debug({ loader: this.name }, 'nothing loaded since the last transform: no facts to compare');
      return { inserted: 0, updated: 0, ...(this.reportsMissing ? { missing: 0 } : {}) };
    }
    // An empty table (a first transform, a rebuild) takes the bulk path: sql/<name>.bulk.sql
    // builds the same rows without comparing them with rows that are not there, indexes after.
    // On Citus the comparing script runs always (its forms are the ones Citus plans; the bulk
    // statement inserts into a sharded table from local staging in a data-modifying CTE).
    const empty = await tx.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM ${quoteIdent(this.table, 'table')})
              AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS empty`,
    );
    let rows: FactCounts[];
    if (empty.rows[0]!.empty) {
      ({ rows } = await withIndexesBuiltAfter(tx, this.table, () =>
        tx.query<FactCounts>(sqlFile(`${this.name}.bulk`)),
      ));
    } else {
      await tx.exec(sqlFile(this.name));
      ({ rows } = await tx.query<FactCounts>('SELECT * FROM dq_fact_counts'));
      await tx.exec('DROP TABLE dq_fact_counts');
    }
    const { inserted, updated, missing, missing_sample } = rows[0]!;
    await tx.query(
      `INSERT INTO dq_fact_sources_seen (loader, sources) VALUES ($1, $2)
       ON CONFLICT (loader) DO UPDATE SET sources = EXCLUDED.sources`,
      [this.name, await sources()],
    );
    if (updated > 0)
      ctx.logger.info({ loader: this.name, updated }, `${this.name}: ${updated} rows corrected`);
    if (missing === undefined) return { inserted, updated };
    if (missing > 0) {
      ctx.logger.warn(
        { loader: this.name, missing, sample: missing_sample },
        `${this.name}: ${missing} rows are no longer in the feed that sent their group again; kept as they were (e.g. ${missing_sample?.join(', ')})`,
      );
    }
    return { inserted, updated, missing };
  }
}

/**
 * fact_transactions at line-item grain, incremental by change: new items inserted, corrected items
 * updated in place; items a re-sent transaction no longer has are reported as missing.
 */
export class FactTransactionsLoader extends FactSqlLoader {
  readonly name = 'fact_transactions';
  readonly dependsOn = ['dim:customer', 'dim:product'];
  readonly table = 'fact_transactions';
  readonly unknownKeyColumns = ['customer_key', 'product_key', 'transaction_date_key'];
  readonly description = 'Sales line items with customer (SCD2 window), product and date keys';
  protected override readonly reportsMissing = true;
}

/** fact_campaign_responses at event grain, incremental by change (new inserted, corrected updated). */
export class FactCampaignResponsesLoader extends FactSqlLoader {
  readonly name = 'fact_campaign_responses';
  readonly dependsOn = ['dim:customer', 'dim:campaign'];
  readonly table = 'fact_campaign_responses';
  readonly unknownKeyColumns = ['campaign_key', 'customer_key', 'response_date_key'];
  readonly description = 'Campaign responses with campaign, customer (SCD2 window) and date keys';
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
