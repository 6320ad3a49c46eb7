import type { GeneratedFile } from '@dq/plugin-api';
import { formatTimestamp, SECONDS_PER_DAY } from './calendar.js';
import { type CampaignSchedule, CHANNELS, type Channel } from './campaigns.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { writeFeeds } from './feed-writer.js';
import { IdFormat } from './ids.js';
import { formatCents } from './money.js';
import { Random, Weighted } from './random.js';

/** Share of the customers a campaign reaches who respond to it, by channel (the seed's rates). */
export const RESPONSE_RATE: Record<Channel, number> = {
  Email: 0.2,
  'Social Media': 0.1,
  'Display Ads': 0.05,
  'Search Ads': 0.05,
};
type ResponseType = 'Opened' | 'Clicked' | 'Converted';
const RESPONSE_TYPE = new Weighted<ResponseType>([
  ['Opened', 70],
  ['Clicked', 20],
  ['Converted', 10],
]);
const CONVERSION_CENTS: [number, number] = [5_000, 50_000];

export interface ResponseInputs {
  schedule: CampaignSchedule;
  campaignIds: IdFormat;
  customerIds: IdFormat;
  /** Registration day of each customer, by index: nobody responds before registering. */
  registrationDay: Int32Array;
  /**
   * Share of all customers each campaign reaches: 1 up to scale 1 (every campaign reaches every
   * customer, as in the seed); above it campaigns multiply and each reaches fewer, so every
   * customer is reached by as many campaigns at every scale and responses grow linearly.
   */
  reach: number;
}

/** One response, before it is given a key and written. */
export interface ResponseEvent {
  campaign: number;
  customer: number;
  /** Seconds since the epoch. */
  second: number;
  type: ResponseType;
  /** The conversion value, or -1 for a response that did not convert. */
  conversionCents: number;
}

/**
 * The responses to every campaign, in campaign order, then customer order. A customer can
 * respond to a campaign only if registered by its last day (its end, or `lastDay` for one still
 * running), and responds no earlier than both the campaign's start and the registration, so no
 * response falls outside its customer's first SCD2 window. Responses before `firstDay` are
 * drawn (the streams stay the same) but not returned.
 */
export function* responseEvents(
  seed: number,
  input: ResponseInputs,
  lastDay: number,
  firstDay = Number.NEGATIVE_INFINITY,
): Generator<ResponseEvent> {
  const audience = new Random(seed, 'responses:audience');
  const details = new Random(seed, 'responses');
  const { schedule, registrationDay } = input;
  const customers = registrationDay.length;
  const firstSecond = firstDay * SECONDS_PER_DAY;
  for (let campaign = 0; campaign < schedule.startDay.length; campaign++) {
    const rate = RESPONSE_RATE[CHANNELS[schedule.channel[campaign] as number] as Channel];
    const probability = rate * input.reach;
    const start = schedule.startDay[campaign] as number;
    const last = Math.min(schedule.endDay[campaign] as number, lastDay);
    if (last < start) continue;
    const lastSecond = (last + 1) * SECONDS_PER_DAY - 1;
    for (
      let customer = audience.gap(probability);
      customer < customers;
      customer += 1 + audience.gap(probability)
    ) {
      const registered = registrationDay[customer] as number;
      if (registered > last) continue;
      const second = details.between(Math.max(start, registered) * SECONDS_PER_DAY, lastSecond);
      const type = RESPONSE_TYPE.draw(details);
      const conversionCents = type === 'Converted' ? details.between(...CONVERSION_CENTS) : -1;
      if (second < firstSecond) continue;
      yield { campaign, customer, second, type, conversionCents };
    }
  }
}

/** The feed row of a response. */
export function responseRow(event: ResponseEvent, key: string, input: ResponseInputs): string[] {
  return [
    key,
    input.campaignIds.format(event.campaign + 1),
    input.customerIds.format(event.customer + 1),
    formatTimestamp(event.second),
    event.type,
    event.conversionCents < 0 ? '' : formatCents(event.conversionCents),
  ];
}

/**
 * Keys of one width for every response of a run: counting first costs one replay of the
 * streams (a few draws per response), not the file.
 */
export function responseIds(events: Iterable<ResponseEvent>): IdFormat {
  let count = 0;
  for (const _ of events) count++;
  return new IdFormat('RESP', 6, count);
}

export async function generateResponses(ctx: FeedContext, input: ResponseInputs): Promise<GeneratedFile[]> {
  const ids = responseIds(responseEvents(ctx.seed, input, ctx.feedDay));
  const out = openFeed(ctx, 'responses');
  let responseNumber = 0;
  return writeFeeds([out], async () => {
    for (const event of responseEvents(ctx.seed, input, ctx.feedDay)) {
      out.write(responseRow(event, ids.format(++responseNumber), input));
      if (out.needsDrain) await out.drain();
    }
  });
}
