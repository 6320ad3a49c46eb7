import type { GeneratedFile } from '@dq/plugin-api';
import { civil, dayOf, formatDate } from './calendar.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { writeFeeds } from './feed-writer.js';
import type { IdFormat } from './ids.js';
import { formatCents } from './money.js';
import { Random } from './random.js';

export const CHANNELS = ['Email', 'Social Media', 'Display Ads', 'Search Ads'] as const;
export type Channel = (typeof CHANNELS)[number];

const FIRST_START = dayOf(2023, 1, 1);
/** Every campaign has run for at least this long on the feed date, so it can have responses. */
export const START_LEAD_DAYS = 7;
const EVENTS = ['Sale', 'Promotion', 'Event', 'Launch'] as const;
const AUDIENCES = ['All', 'VIP', 'Premium', 'New Customers'] as const;

/** Paid placements cost more than owned channels. */
const BUDGET_CENTS: Record<Channel, [number, number]> = {
  Email: [1_000_000, 5_000_000],
  'Social Media': [1_000_000, 5_000_000],
  'Display Ads': [5_000_000, 20_000_000],
  'Search Ads': [5_000_000, 20_000_000],
};

/** What responses need to know of each campaign, by index. */
export interface CampaignSchedule {
  startDay: Int32Array;
  endDay: Int32Array;
  /** Index into {@link CHANNELS}. */
  channel: Uint8Array;
}

export interface CampaignsResult {
  files: GeneratedFile[];
  schedule: CampaignSchedule;
}

export interface CampaignPlan {
  /** The feed rows, in key order. */
  rows: string[][];
  schedule: CampaignSchedule;
}

/** Campaigns starting between two days (inclusive), in memory: a few dozen rows per unit of scale. */
export function campaignPlan(
  seed: number,
  ids: IdFormat,
  count: number,
  earliestStart: number,
  latestStart: number,
): CampaignPlan {
  const rng = new Random(seed, 'campaigns');
  const schedule: CampaignSchedule = {
    startDay: new Int32Array(count),
    endDay: new Int32Array(count),
    channel: new Uint8Array(count),
  };
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const start = rng.between(earliestStart, latestStart);
    const end = start + rng.between(7, 90);
    const channel = rng.below(CHANNELS.length);
    const channelName = CHANNELS[channel] as Channel;
    const [minBudget, maxBudget] = BUDGET_CENTS[channelName];
    schedule.startDay[i] = start;
    schedule.endDay[i] = end;
    schedule.channel[i] = channel;
    const { year, month } = civil(start);
    rows.push([
      ids.format(i + 1),
      `${season(month)} ${rng.pick(EVENTS)} ${year}`,
      channelName,
      formatDate(start),
      formatDate(end),
      formatCents(rng.between(minBudget, maxBudget)),
      rng.pick(AUDIENCES),
    ]);
  }
  return { rows, schedule };
}

/** Every campaign has started at least a week before the feed date, the first in 2023. */
export async function generateCampaigns(
  ctx: FeedContext,
  ids: IdFormat,
  count: number,
): Promise<CampaignsResult> {
  const latestStart = ctx.feedDay - START_LEAD_DAYS;
  const plan = campaignPlan(ctx.seed, ids, count, Math.min(FIRST_START, latestStart), latestStart);
  const out = openFeed(ctx, 'campaigns');
  const files = await writeFeeds([out], async () => {
    for (const row of plan.rows) {
      out.write([...row]);
      if (out.needsDrain) await out.drain();
    }
  });
  return { files, schedule: plan.schedule };
}

/** Names follow the start date, so "Holiday Sale 2024" starts in November or December 2024. */
function season(month: number): string {
  if (month >= 11) return 'Holiday';
  if (month <= 2) return 'Winter';
  if (month <= 5) return 'Spring';
  if (month <= 8) return 'Summer';
  return 'Fall';
}
