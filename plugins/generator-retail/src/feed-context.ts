import { DefectInjector } from './defect-injector.js';
import { defectPlans } from './defect-plans.js';
import type { UnusedKeys } from './dirty-values.js';
import { FeedWriter, type ProgressListener } from './feed-writer.js';
import { feeds } from './feeds.js';
import { Random } from './random.js';

/** What every feed generator needs to know about the run. */
export interface FeedContext {
  seed: number;
  /** The feed date as a day number; no generated date lies after it. */
  feedDay: number;
  /** The feed date as written in file names (YYYYMMDD). */
  date: string;
  outDir: string;
  defects: boolean;
  unusedKeys: UnusedKeys;
  onProgress?: ProgressListener;
}

/** Opens a feed's file, with its defect injector when defects are on. */
export function openFeed(ctx: FeedContext, key: keyof typeof feeds): FeedWriter {
  const feed = feeds[key];
  const injector = ctx.defects
    ? new DefectInjector(
        feed.columns,
        defectPlans[key],
        ctx.unusedKeys,
        new Random(ctx.seed, `defects:${key}`),
      )
    : undefined;
  return new FeedWriter(feed, ctx.outDir, ctx.date, injector, ctx.onProgress);
}
