import { DefectInjector } from './defect-injector.js';
import { defectPlans } from './defect-plans.js';
import type { DirtyPlan, UnusedKeys } from './dirty-values.js';
import { FeedWriter, type ProgressListener } from './feed-writer.js';
import { type FeedKey, feeds } from './feeds.js';
import { type FileShape, RowShaper } from './file-shape.js';
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

/** One file of a feed, when it is not the run's single file of that feed. */
export interface FileOptions {
  /** The stamp in the file name (default: the run's date). */
  date?: string;
  /**
   * Names the defects' random stream (default: the feed). A file that repeats another one's
   * delivery passes the other's name, so it repeats its defects too.
   */
  defectStream?: string;
  /** The incidents of this file, with the name of their random stream. */
  shape?: { shape: FileShape; stream: string };
}

/** Opens a feed's file, with its defect injector when defects are on. */
export function openFeed(ctx: FeedContext, key: FeedKey, file: FileOptions = {}): FeedWriter {
  const feed = feeds[key];
  const shaper = file.shape
    ? new RowShaper(file.shape.shape, new Random(ctx.seed, file.shape.stream))
    : undefined;
  const columns = shaper ? shaper.columns(feed.columns) : feed.columns;
  const injector = ctx.defects
    ? new DefectInjector(
        columns,
        planFor(defectPlans[key], columns),
        ctx.unusedKeys,
        new Random(ctx.seed, `defects:${file.defectStream ?? key}`),
      )
    : undefined;
  return new FeedWriter(feed, ctx.outDir, file.date ?? ctx.date, injector, ctx.onProgress, shaper);
}

/** The defect plan without the columns a file lacks (a dropped column takes its defects along). */
function planFor(plan: DirtyPlan, columns: readonly string[]): DirtyPlan {
  const present = (column: string | undefined) => (column && columns.includes(column) ? column : undefined);
  const some = (list: readonly string[] | undefined) => list?.filter((column) => columns.includes(column));
  const out: DirtyPlan = {};
  const badDate = some(plan.badDate);
  const nonNumeric = some(plan.nonNumeric);
  const unknownCustomer = present(plan.unknownCustomer);
  const orphanProduct = present(plan.orphanProduct);
  const negativeQuantity = present(plan.negativeQuantity);
  if (badDate?.length) out.badDate = badDate;
  if (nonNumeric?.length) out.nonNumeric = nonNumeric;
  if (unknownCustomer) out.unknownCustomer = unknownCustomer;
  if (orphanProduct) out.orphanProduct = orphanProduct;
  if (negativeQuantity) out.negativeQuantity = negativeQuantity;
  return out;
}
