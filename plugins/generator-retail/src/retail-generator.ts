import { mkdir } from 'node:fs/promises';
import { DqError, type GeneratedFile, type GenerateOptions, type Generator } from '@dq/plugin-api';
import { parseFeedDate } from './calendar.js';
import { generateCampaigns } from './campaigns.js';
import { generateCustomers } from './customers.js';
import type { FeedContext } from './feed-context.js';
import { IdFormat } from './ids.js';
import { generateProducts } from './products.js';
import { generateResponses } from './responses.js';
import { generateTransactions } from './transactions.js';

type Volumes = GenerateOptions['volumes'];

/** What generate() gets besides its options (the Generator contract's second parameter). */
export type GenerateContext = Parameters<Generator['generate']>[1];

/**
 * The seed's retail model as six CSV feeds. Output depends only on the options: every random
 * choice comes from streams seeded by `seed`, and files are streamed so memory stays flat as
 * `scale` grows (only per-customer and per-product typed arrays are kept).
 */
export async function generateRetailFeeds(
  options: GenerateOptions,
  ctx: GenerateContext,
): Promise<GeneratedFile[]> {
  const feedDay = parseFeedDate(options.date);
  const counts = scaledVolumes(options.volumes, options.scale);
  const changes = checkedChanges(options.changes);
  await mkdir(options.outDir, { recursive: true });

  const ids = {
    customers: new IdFormat('CUST', 6, counts.customers),
    products: new IdFormat('PROD', 5, counts.products),
    transactions: new IdFormat('TXN', 7, counts.transactions),
    campaigns: new IdFormat('CAMP', 4, counts.campaigns),
  };
  const feedCtx: FeedContext = {
    seed: options.seed,
    feedDay,
    date: options.date,
    outDir: options.outDir,
    defects: options.defects,
    unusedKeys: {
      customer: ids.customers.unused(counts.customers),
      product: ids.products.unused(counts.products),
    },
    onProgress: ctx.onProgress,
  };

  const customers = await generateCustomers(feedCtx, ids.customers, counts.customers, changes);
  const products = await generateProducts(feedCtx, ids.products, counts.products);
  const transactions = await generateTransactions(feedCtx, {
    transactionIds: ids.transactions,
    customerIds: ids.customers,
    productIds: ids.products,
    count: counts.transactions,
    registrationDay: customers.registrationDay,
    retailCents: products.retailCents,
  });
  const campaigns = await generateCampaigns(feedCtx, ids.campaigns, counts.campaigns);
  const responses = await generateResponses(feedCtx, {
    schedule: campaigns.schedule,
    campaignIds: ids.campaigns,
    customerIds: ids.customers,
    registrationDay: customers.registrationDay,
    reach: Math.min(1, Math.max(1, options.volumes.campaigns) / counts.campaigns),
  });

  const files = [...customers.files, ...products.files, ...transactions, ...campaigns.files, ...responses];
  for (const file of files) ctx.logger.info({ ...file }, `Generated ${file.feed}: ${file.rows} rows`);
  return files;
}

function scaledVolumes(volumes: Volumes, scale: number): Volumes {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new DqError('DQ_USAGE', `The scale ${scale} is not a positive number.`, {
      hint: 'Pass --scale as a positive number, e.g. --scale 0.1 for a tenth of the seed volumes.',
    });
  }
  const scaled = (base: number, by = scale) => Math.max(1, Math.round(base * by));
  return {
    customers: scaled(volumes.customers),
    products: scaled(volumes.products),
    transactions: scaled(volumes.transactions),
    // Responses grow with customers x campaigns: below scale 1 the seed's campaigns each reach
    // the fewer customers, above it there are more campaigns each reaching the seed's number of
    // customers (see ResponseInputs.reach), so responses stay proportional to the scale.
    campaigns: scaled(volumes.campaigns, Math.max(1, scale)),
  };
}

function checkedChanges(changes: number | undefined): number | undefined {
  if (changes === undefined) return undefined;
  if (!Number.isFinite(changes) || changes < 0 || changes > 100) {
    throw new DqError('DQ_USAGE', `The share of changed customers ${changes} is not between 0 and 100.`, {
      hint: 'Pass --changes as a percentage, e.g. --changes 5.',
    });
  }
  return changes;
}
