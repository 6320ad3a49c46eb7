import type { GeneratedFile } from '@dq/plugin-api';
import { SECONDS_PER_DAY } from './calendar.js';
import { campaignPlan, START_LEAD_DAYS } from './campaigns.js';
import { CustomerChanges } from './customer-changes.js';
import { CustomerRows } from './customers.js';
import { DayFeed, type DayWindow, writeDayFeeds } from './day-feed.js';
import type { FeedContext } from './feed-context.js';
import type { IdFormat } from './ids.js';
import type { PlannedIncident } from './incidents.js';
import { productCatalog } from './products.js';
import { Random } from './random.js';
import { responseEvents, responseIds, responseRow } from './responses.js';
import { TransactionMaker } from './transactions.js';

/** Campaigns of a window start up to this long before its first day, so some already run on it. */
const CAMPAIGN_LEAD_DAYS = 30;
/** A day's share of the window's transactions varies by up to this much either way. */
const DAILY_VOLUME_SPREAD = 0.1;

export interface DailyInputs {
  window: DayWindow;
  incidents: readonly PlannedIncident[];
  ids: { customers: IdFormat; products: IdFormat; transactions: IdFormat; campaigns: IdFormat };
  counts: { customers: number; products: number; transactions: number; campaigns: number };
  /** Share of customers each campaign reaches (see ResponseInputs.reach). */
  reach: number;
  /** Percent of customers that change from one day's snapshot to the next. */
  changes?: number;
}

/** The files of every feed, and the feeds by key for the manifest. */
export interface DailyResult {
  files: GeneratedFile[];
  feeds: DayFeed[];
}

/**
 * One set of feeds per day of the window: the customers, products and campaigns as known that
 * day (snapshots) and that day's transactions, items and responses (events). The scaled volumes
 * of transactions and responses are spread over the window; every day's rows come from streams
 * of their own, and incidents only reshape the files of their day (and a late feed the file that
 * brings its rows), so every other file is byte for byte the same as in a run without incidents.
 */
export async function generateDailyFeeds(ctx: FeedContext, input: DailyInputs): Promise<DailyResult> {
  const { window, incidents } = input;
  const customers = new DayFeed(ctx, 'customers', window, incidents);
  let registrationDay: Int32Array = new Int32Array(0);
  const files = await writeDayFeeds([customers], async () => {
    registrationDay = await writeCustomers(ctx, input, customers);
  });

  const products = new DayFeed(ctx, 'products', window, incidents);
  const catalog = productCatalog(ctx.seed, input.ids.products, input.counts.products);
  const campaigns = new DayFeed(ctx, 'campaigns', window, incidents);
  const first = window.days[0] as number;
  const plan = campaignPlan(
    ctx.seed,
    input.ids.campaigns,
    input.counts.campaigns,
    first - CAMPAIGN_LEAD_DAYS,
    ctx.feedDay - START_LEAD_DAYS,
  );
  const started = (asOf: number) => plan.rows.filter((_, i) => (plan.schedule.startDay[i] as number) <= asOf);
  files.push(
    ...(await writeDayFeeds([products, campaigns], async () => {
      for (let day = 0; day < window.days.length; day++) {
        // The same catalogue every day; campaigns once they have started (as of the day delivered).
        for (const row of catalog.rows) products.writers[day]?.write([...row]);
        products.produced[day] = catalog.rows.length;
        const delivered = window.days[campaigns.deliveries.source(day)] as number;
        for (const row of started(delivered)) campaigns.writers[day]?.write([...row]);
        campaigns.produced[day] = started(window.days[day] as number).length;
        if (products.needsDrain) await products.drain();
        if (campaigns.needsDrain) await campaigns.drain();
      }
    })),
  );

  const transactions = new DayFeed(ctx, 'transactions', window, incidents);
  const items = new DayFeed(ctx, 'items', window, incidents);
  files.push(
    ...(await writeDayFeeds([transactions, items], () =>
      writeTransactions(ctx, input, registrationDay, catalog.retailCents, transactions, items),
    )),
  );

  const responses = new DayFeed(ctx, 'responses', window, incidents);
  const responseInput = {
    schedule: plan.schedule,
    campaignIds: input.ids.campaigns,
    customerIds: input.ids.customers,
    registrationDay,
    reach: input.reach,
  };
  const events = () => responseEvents(ctx.seed, responseInput, ctx.feedDay, first);
  const keys = responseIds(events());
  let responseNumber = 0;
  files.push(
    ...(await writeDayFeeds([responses], async () => {
      for (const event of events()) {
        const day = Math.floor(event.second / SECONDS_PER_DAY) - first;
        responses.emit(day, responseRow(event, keys.format(++responseNumber), responseInput));
        if (responses.needsDrain) await responses.drain();
      }
    })),
  );

  return { files, feeds: [customers, products, transactions, items, campaigns, responses] };
}

/**
 * Every day's customers snapshot in one pass over the customers: each row is generated once and
 * carried from day to day, changed by `changes`, into the files of the days it is registered by.
 * Returns the registration days.
 */
async function writeCustomers(ctx: FeedContext, input: DailyInputs, feed: DayFeed): Promise<Int32Array> {
  const { days } = input.window;
  const count = input.counts.customers;
  const rows = new CustomerRows(ctx, input.ids.customers, days[0]);
  const changer = input.changes === undefined ? undefined : new CustomerChanges(ctx.seed, input.changes);
  const registrationDay = new Int32Array(count);
  const versions: string[][] = new Array(days.length);
  for (let i = 0; i < count; i++) {
    versions[0] = rows.next(i);
    const registered = rows.lastRegistrationDay;
    registrationDay[i] = registered;
    for (let day = 1; day < days.length; day++) {
      const before = versions[day - 1] as string[];
      versions[day] = changer ? changer.apply(before) : before;
    }
    for (let day = 0; day < days.length; day++) {
      if (registered <= (days[day] as number)) feed.produced[day] = (feed.produced[day] as number) + 1;
      const source = feed.deliveries.source(day);
      if (registered <= (days[source] as number))
        feed.writers[day]?.write([...(versions[source] as string[])]);
    }
    if (feed.needsDrain) await feed.drain();
  }
  return registrationDay;
}

/** Each day's transactions, by customers registered by that day, timed within the day. */
async function writeTransactions(
  ctx: FeedContext,
  input: DailyInputs,
  registrationDay: Int32Array,
  retailCents: Int32Array,
  transactions: DayFeed,
  items: DayFeed,
): Promise<void> {
  const { days, stamps } = input.window;
  const perDay = splitOverDays(input.counts.transactions, days.length, new Random(ctx.seed, 'daily-volume'));
  const maker = new TransactionMaker({
    transactionIds: input.ids.transactions,
    customerIds: input.ids.customers,
    productIds: input.ids.products,
    count: input.counts.transactions,
    registrationDay,
    retailCents,
  });
  const registered = Int32Array.from(registrationDay).sort();
  let t = 0;
  for (let day = 0; day < days.length; day++) {
    const date = days[day] as number;
    // Nobody registered yet (a window before the first registrations): no sales that day.
    if (registeredBy(registered, date) === 0) continue;
    const rng = new Random(ctx.seed, `transactions:${stamps[day]}`);
    for (let n = 0; n < (perDay[day] as number); n++) {
      let customer = rng.below(registrationDay.length);
      while ((registrationDay[customer] as number) > date) customer = rng.below(registrationDay.length);
      const made = maker.make(
        rng,
        ++t,
        customer,
        rng.between(date * SECONDS_PER_DAY, (date + 1) * SECONDS_PER_DAY - 1),
      );
      items.produced[day] = (items.produced[day] as number) + made.items.length;
      for (const kept of transactions.emit(day, made.header)) {
        for (const item of made.items) items.writers[kept]?.write([...item]);
      }
      if (transactions.needsDrain) await transactions.drain();
      if (items.needsDrain) await items.drain();
    }
  }
}

/** How many of the sorted registration days fall on or before `day`. */
function registeredBy(sorted: Int32Array, day: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= day) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `total` split over `days` with a little day-to-day variation (as real daily volumes have, so a
 * volume monitor sees a spread, not a flat line), the parts summing to `total` exactly.
 */
export function splitOverDays(total: number, days: number, rng: Random): number[] {
  const weights = Array.from(
    { length: days },
    () => 1 - DAILY_VOLUME_SPREAD + 2 * DAILY_VOLUME_SPREAD * rng.next(),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}
