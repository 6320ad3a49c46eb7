import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePlugin, tokens } from '@dq/plugin-api';
import { retailGlossary } from './docs/glossary.js';
import { retailKpis } from './docs/kpis.js';
import { campaignDimension, customerDimension, productDimension } from './warehouse/dimensions.js';
import { retailDistribution } from './warehouse/distribution.js';
import {
  AggCustomerMonthlyLoader,
  CustomerLifetimeMetricsLoader,
  FactCampaignResponsesLoader,
  FactTransactionsLoader,
} from './warehouse/loaders.js';

export { retailFeeds, stagingTableOf } from '@dq/retail-feeds';
export { retailGlossary } from './docs/glossary.js';
export { retailKpis } from './docs/kpis.js';
export { campaignDimension, customerDimension, productDimension } from './warehouse/dimensions.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export default definePlugin({
  id: 'retail',
  apiVersion: 1,
  description:
    'The retail model: six staging tables, dim_customer (SCD2), dim_product, dim_campaign, dim_date, facts and aggregates',
  register(reg) {
    reg.migrations(migrationsDir);
    for (const spec of [customerDimension, productDimension, campaignDimension])
      reg.provideValue(tokens.dimensionSpec, spec);
    reg.provide(tokens.factLoader, FactTransactionsLoader);
    reg.provide(tokens.factLoader, FactCampaignResponsesLoader);
    reg.provide(tokens.factLoader, CustomerLifetimeMetricsLoader);
    reg.provide(tokens.factLoader, AggCustomerMonthlyLoader);
    for (const table of retailDistribution) reg.provideValue(tokens.tableDistribution, table);
    for (const kpi of retailKpis) reg.provideValue(tokens.kpi, kpi);
    for (const term of retailGlossary) reg.provideValue(tokens.glossaryTerm, term);
  },
});
