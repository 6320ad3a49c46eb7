import type { GeneratedFile } from '@dq/plugin-api';
import { compactDate } from './calendar.js';
import { Deliveries } from './deliveries.js';
import { type FeedContext, openFeed } from './feed-context.js';
import type { FeedWriter } from './feed-writer.js';
import { columnIndex, type FeedKey, feeds } from './feeds.js';
import type { FileShape } from './file-shape.js';
import { lateDays, type PlannedIncident } from './incidents.js';

/** The days of a `--days` run: day numbers ascending, and their stamps. */
export interface DayWindow {
  days: number[];
  stamps: string[];
}

export function dayWindow(lastDay: number, count: number): DayWindow {
  const days = Array.from({ length: count }, (_, i) => lastDay - count + 1 + i);
  return { days, stamps: days.map(compactDate) };
}

/**
 * One feed across the window: a file per day, shaped by that day's incidents, and the
 * deliveries that say which file carries which day's rows when the feed is late.
 */
export class DayFeed {
  readonly writers: FeedWriter[];
  readonly deliveries: Deliveries;
  /** Rows the generator produced for each day, before any incident. */
  readonly produced: number[];
  /** The files by day, once closed. */
  files: GeneratedFile[] = [];

  constructor(
    ctx: FeedContext,
    readonly key: FeedKey,
    window: DayWindow,
    incidents: readonly PlannedIncident[],
  ) {
    const count = window.days.length;
    this.deliveries = new Deliveries(count, lateDays(incidents, key, count));
    this.produced = new Array<number>(count).fill(0);
    this.writers = window.stamps.map((stamp, day) => {
      // A late day's file repeats its source's delivery: the same rows, incidents and defects.
      const source = this.deliveries.source(day);
      const sourceStamp = window.stamps[source] as string;
      const shape = fileShape(key, incidents, source);
      return openFeed(ctx, key, {
        date: stamp,
        defectStream: `${key}:${sourceStamp}`,
        ...(shape ? { shape: { shape, stream: `incidents:${key}:${sourceStamp}` } } : {}),
      });
    });
  }

  get needsDrain(): boolean {
    return this.writers.some((writer) => writer.needsDrain);
  }

  async drain(): Promise<void> {
    for (const writer of this.writers) if (writer.needsDrain) await writer.drain();
  }

  /** Writes a row produced on `day` into every file that carries it; the days whose file kept it. */
  emit(day: number, row: readonly string[]): number[] {
    this.produced[day] = (this.produced[day] as number) + 1;
    const kept: number[] = [];
    for (const target of this.deliveries.targets(day)) {
      if ((this.writers[target] as FeedWriter).write([...row])) kept.push(target);
    }
    return kept;
  }

  async close(): Promise<GeneratedFile[]> {
    const files: GeneratedFile[] = [];
    for (const writer of this.writers) files.push(await writer.close());
    this.files = files;
    return files;
  }

  abort(): void {
    for (const writer of this.writers) writer.abort();
  }
}

/** The incidents of one feed on one day as a file shape, or undefined when it has none. */
function fileShape(key: FeedKey, incidents: readonly PlannedIncident[], day: number): FileShape | undefined {
  const feed = feeds[key];
  const mine = incidents.filter((incident) => incident.feed === key && incident.dayIndex === day);
  const shape: FileShape = {};
  const blank: NonNullable<FileShape['blank']> = [];
  const dropColumns: number[] = [];
  for (const incident of mine) {
    const column = incident.column === undefined ? -1 : columnIndex(feed, incident.column as never);
    if (incident.kind === 'volume_drop') shape.dropPercent = incident.amount;
    else if (incident.kind === 'null_spike') blank.push({ column, percent: incident.amount as number });
    else if (incident.kind === 'dropped_column') dropColumns.push(column);
  }
  if (blank.length > 0) shape.blank = blank;
  if (dropColumns.length > 0) shape.dropColumns = dropColumns;
  return Object.keys(shape).length > 0 ? shape : undefined;
}

/** Runs a body that writes through day feeds, closing them all, or aborting them all on failure. */
export async function writeDayFeeds(
  dayFeeds: readonly DayFeed[],
  body: () => Promise<void>,
): Promise<GeneratedFile[]> {
  try {
    await body();
    const files: GeneratedFile[] = [];
    for (const feed of dayFeeds) files.push(...(await feed.close()));
    return files;
  } catch (err) {
    for (const feed of dayFeeds) feed.abort();
    throw err;
  }
}
