import { retailFeeds, stagingTableOf } from '@dq/retail-feeds';
import { stagingTable } from './staging-table.js';

export const stgCrmCustomers = stagingTable(stagingTableOf.crm_customers, retailFeeds.crm_customers);
export const stgProducts = stagingTable(stagingTableOf.products, retailFeeds.products);
export const stgEcomTransactions = stagingTable(
  stagingTableOf.ecom_transactions,
  retailFeeds.ecom_transactions,
);
export const stgEcomTransactionItems = stagingTable(
  stagingTableOf.ecom_transaction_items,
  retailFeeds.ecom_transaction_items,
);
export const stgMarketingCampaigns = stagingTable(
  stagingTableOf.marketing_campaigns,
  retailFeeds.marketing_campaigns,
);
export const stgCampaignResponses = stagingTable(
  stagingTableOf.campaign_responses,
  retailFeeds.campaign_responses,
);
export * from './warehouse.js';
