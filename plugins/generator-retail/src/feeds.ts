import { retailFeeds } from '@dq/retail-feeds';

/**
 * The six retail feeds the generator writes, in file order. The columns are the retail model's
 * (the staging tables are defined from the same lists), so a feed and its table cannot drift.
 */
export const feeds = {
  customers: { name: 'crm_customers', columns: retailFeeds.crm_customers },
  products: { name: 'products', columns: retailFeeds.products },
  transactions: { name: 'ecom_transactions', columns: retailFeeds.ecom_transactions },
  items: { name: 'ecom_transaction_items', columns: retailFeeds.ecom_transaction_items },
  campaigns: { name: 'marketing_campaigns', columns: retailFeeds.marketing_campaigns },
  responses: { name: 'campaign_responses', columns: retailFeeds.campaign_responses },
} as const satisfies Record<string, FeedSpec>;

export type FeedKey = keyof typeof feeds;

export interface FeedSpec {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The position of a column, checked at compile time against the feed's header. */
export function columnIndex<F extends FeedSpec>(feed: F, column: F['columns'][number]): number {
  return feed.columns.indexOf(column);
}
