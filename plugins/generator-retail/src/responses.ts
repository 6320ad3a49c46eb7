import type { GeneratedFile } from '@dq/plugin-api';
import { formatTimestamp, SECONDS_PER_DAY } from './calendar.js';
import { type CampaignSchedule, CHANNELS, type Channel } from './campaigns.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { writeFeeds } from './feed-writer.js';
import { IdFormat } from './ids.js';
import { formatCents } from './money.js';
import { Random, Weighted } from './random.js';

/** Share of all customers who respond to a campaign, by channel. */
const RESPONSE_RATE: Record<Channel, number> = {
  Email: 0.2,
  'Social Media': 0.1,
  'Display Ads': 0.05,
  'Search Ads': 0.05,
};
const RESPONSE_TYPE = new Weighted([
  ['Opened', 70],
  ['Clicked', 20],
  ['Converted', 10],
] as const);
const CONVERSION_CENTS: [number, number] = [5_000, 50_000];

export interface ResponseInputs {
  schedule: CampaignSchedule;
  campaignIds: IdFormat;
  customerIds: IdFormat;
  customerCount: number;
}

export async function generateResponses(ctx: FeedContext, input: ResponseInputs): Promise<GeneratedFile[]> {
  const rng = new Random(ctx.seed, 'responses');
  const responseIds = new IdFormat('RESP', 6);
  const { schedule } = input;
  const out = openFeed(ctx, 'responses');
  let responseNumber = 0;
  return writeFeeds([out], async () => {
    for (let c = 0; c < schedule.startDay.length; c++) {
      const campaignId = input.campaignIds.format(c + 1);
      const rate = RESPONSE_RATE[CHANNELS[schedule.channel[c] as number] as Channel];
      // A campaign still running on the feed date has responses only up to that day.
      const firstSecond = (schedule.startDay[c] as number) * SECONDS_PER_DAY;
      const lastDay = Math.min(schedule.endDay[c] as number, ctx.feedDay);
      const lastSecond = (lastDay + 1) * SECONDS_PER_DAY - 1;
      for (let customer = 0; customer < input.customerCount; customer++) {
        if (!rng.chance(rate)) continue;
        const type = RESPONSE_TYPE.draw(rng);
        out.write([
          responseIds.format(++responseNumber),
          campaignId,
          input.customerIds.format(customer + 1),
          formatTimestamp(rng.between(firstSecond, lastSecond)),
          type,
          type === 'Converted' ? formatCents(rng.between(...CONVERSION_CENTS)) : '',
        ]);
        if (out.needsDrain) await out.drain();
      }
    }
  });
}
