import { mkdir } from 'node:fs/promises';
import {
  DqError,
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  type Generator,
} from '@dq/plugin-api';
import { parseFeedDate } from './calendar.js';
import { generateCampaigns } from './campaigns.js';
import { generateCustomers } from './customers.js';
import { generateDailyFeeds } from './daily-feeds.js';
import { dayWindow } from './day-feed.js';
import type { FeedContext } from './feed-context.js';
import { IdFormat } from './ids.js';
import { planIncidents } from './incidents.js';
import { writeManifest } from './manifest.js';
import { generateProducts } from './products.js';
import { generateResponses } from './responses.js';
import { generateTransactions } from './transactions.js';

type Volumes = GenerateOptions['volumes'];

/** What generate() gets besides its options (the Generator contract's second parameter). */
export type GenerateContext = Parameters<Generator['generate']>[1];

/** The most days one run writes: a year, leap day included (every day's files stay open at once). */
export const MAX_DAYS = 366;

/**
 * The seed's retail model as six CSV feeds: one set holding the whole history up to the feed
 * date, or with `days` one set per day. Output depends only on the options: every random choice
 * comes from streams seeded by `seed`, and files are streamed so memory stays flat as `scale`
 * grows (only per-customer and per-product typed arrays, and the small catalogues, are kept).
 */
export async function generateRetailFeeds(
  options: GenerateOptions,
  ctx: GenerateContext,
): Promise<GenerateResult> {
  const feedDay = parseFeedDate(options.date);
  const counts = scaledVolumes(options.volumes, options.scale);
  const changes = checkedChanges(options.changes);
  const days = checkedDays(options.days, options.incidents);
  const window = days === undefined ? undefined : dayWindow(feedDay, days);
  // Parsed before anything is written: a bad --incident leaves no half-written folder.
  const incidents = window ? planIncidents(options.incidents ?? [], window.days) : [];
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
  const reach = Math.min(1, Math.max(1, options.volumes.campaigns) / counts.campaigns);

  let result: GenerateResult;
  if (window) {
    const daily = await generateDailyFeeds(feedCtx, {
      window,
      incidents,
      ids,
      counts,
      reach,
      ...(changes === undefined ? {} : { changes }),
    });
    const manifest = await writeManifest(options.outDir, {
      seed: options.seed,
      scale: options.scale,
      defects: options.defects,
      ...(changes === undefined ? {} : { changes }),
      window,
      incidents,
      feeds: daily.feeds,
    });
    result = { files: daily.files, manifest };
  } else {
    result = { files: await generateOneSet(feedCtx, ids, counts, reach, changes) };
  }
  for (const file of result.files) ctx.logger.info({ ...file }, `Generated ${file.feed}: ${file.rows} rows`);
  return result;
}

/** The six feeds of one feed date, each holding its whole history. */
async function generateOneSet(
  feedCtx: FeedContext,
  ids: Record<keyof Volumes, IdFormat>,
  counts: Volumes,
  reach: number,
  changes: number | undefined,
): Promise<GeneratedFile[]> {
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
    reach,
  });
  return [...customers.files, ...products.files, ...transactions, ...campaigns.files, ...responses];
}

function checkedDays(days: number | undefined, incidents: readonly string[] | undefined): number | undefined {
  if (days === undefined) {
    if (incidents?.length) {
      throw new DqError('DQ_USAGE', 'An incident needs a window of days to fall on.', {
        hint: 'Add --days N, e.g. --days 28 --incident 12:volume_drop.',
      });
    }
    return undefined;
  }
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new DqError('DQ_USAGE', `The number of days ${days} is not a whole number from 1 to ${MAX_DAYS}.`, {
      hint: 'Pass --days as the number of daily feed sets, e.g. --days 28.',
    });
  }
  return days;
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
