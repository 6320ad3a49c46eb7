import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GenerateManifest, InjectedIncident } from '@dq/plugin-api';
import { formatDate } from './calendar.js';
import type { DayFeed, DayWindow } from './day-feed.js';
import { columnIndex, feeds } from './feeds.js';
import type { PlannedIncident } from './incidents.js';

/** The manifest's name in the output folder: it describes the latest `--days` run written there. */
export const MANIFEST_FILE = 'manifest.json';

export interface ManifestInputs {
  seed: number;
  scale: number;
  defects: boolean;
  changes?: number;
  window: DayWindow;
  incidents: readonly PlannedIncident[];
  /** The closed day feeds, by key. */
  feeds: readonly DayFeed[];
}

/** Writes the manifest beside the feeds; file names in it are relative, so it moves with them. */
export async function writeManifest(outDir: string, inputs: ManifestInputs): Promise<string> {
  const path = join(outDir, MANIFEST_FILE);
  await writeFile(path, `${JSON.stringify(manifest(inputs), null, 2)}\n`);
  return path;
}

export function manifest(inputs: ManifestInputs): GenerateManifest {
  const { window } = inputs;
  const dates = window.days.map(formatDate);
  return {
    generator: 'retail',
    seed: inputs.seed,
    scale: inputs.scale,
    defects: inputs.defects,
    ...(inputs.changes === undefined ? {} : { changes: inputs.changes }),
    window: { days: window.days.length, first: dates[0] as string, last: dates[dates.length - 1] as string },
    days: dates.map((date, day) => ({
      day: day + 1,
      date,
      feeds: Object.fromEntries(
        inputs.feeds.map((feed) => {
          const file = feed.files[day];
          return [
            feeds[feed.key].name,
            {
              file: basename(file?.path ?? ''),
              rows: file?.rows ?? 0,
              malformedRows: file?.malformedRows ?? 0,
            },
          ];
        }),
      ),
    })),
    incidents: inputs.incidents.map((incident) => describe(incident, inputs, dates)),
  };
}

function describe(
  incident: PlannedIncident,
  inputs: ManifestInputs,
  dates: readonly string[],
): InjectedIncident {
  const feed = inputs.feeds.find((f) => f.key === incident.feed) as DayFeed;
  const name = feeds[incident.feed].name;
  const day = incident.dayIndex;
  const date = dates[day] as string;
  const file = (d: number) => basename(feed.files[d]?.path ?? '');
  const base = {
    day: day + 1,
    date,
    kind: incident.kind,
    feed: name,
    ...(incident.column === undefined ? {} : { column: incident.column }),
    ...(incident.amount === undefined ? {} : { amount: incident.amount }),
  };
  const shaper = feed.writers[day]?.shaper;
  // A transaction's items travel with it: they are left out and late with it.
  const items = incident.feed === 'transactions' ? inputs.feeds.find((f) => f.key === 'items') : undefined;
  const withItems = (d: number) => [file(d), ...(items ? [basename(items.files[d]?.path ?? '')] : [])];
  switch (incident.kind) {
    case 'volume_drop': {
      const dropped = shaper?.dropped ?? 0;
      return {
        ...base,
        description: `${name} of ${date} arrives with ${incident.amount}% of its rows left out (${dropped} of ${feed.produced[day]})${items ? ', and their items with them' : ''}.`,
        files: withItems(day),
        rows: dropped,
      };
    }
    case 'null_spike': {
      const emptied = shaper?.blanked.get(columnIndex(feeds[incident.feed], incident.column as never)) ?? 0;
      return {
        ...base,
        description: `${name}.${incident.column} of ${date} is emptied in ${incident.amount}% of the rows (${emptied} values emptied).`,
        files: [file(day)],
        rows: emptied,
      };
    }
    case 'dropped_column':
      return {
        ...base,
        description: `${name} of ${date} arrives without the column ${incident.column} (header and rows).`,
        files: [file(day)],
        rows: feed.files[day]?.rows ?? 0,
      };
    case 'late_feed': {
      const lateDays: number[] = [];
      for (let d = day; d < Math.min(dates.length, day + (incident.amount ?? 1)); d++) lateDays.push(d);
      const source = feed.deliveries.source(day);
      const arrival = feed.deliveries.arrival(day);
      const stale = lateDays.reduce((sum, d) => sum + (feed.files[d]?.rows ?? 0), 0);
      const isEvent = incident.feed === 'transactions' || incident.feed === 'responses';
      const delayed = lateDays.reduce((sum, d) => sum + (feed.produced[d] ?? 0), 0);
      const span =
        lateDays.length === 1 ? date : `${date} to ${dates[lateDays[lateDays.length - 1] as number]}`;
      const arrives = arrival < 0 ? undefined : (dates[arrival] as string);
      const late = isEvent
        ? ` The ${delayed} rows of ${span} ${arrives ? `arrive with ${arrives}` : 'never arrive in the window'}.`
        : '';
      return {
        ...base,
        description: `${name} of ${span} repeats the delivery of ${dates[source]} (stale timestamps).${late}`,
        files: [...lateDays.flatMap(withItems), ...(isEvent && arrival >= 0 ? withItems(arrival) : [])],
        rows: stale,
        ...(isEvent ? { delayedRows: delayed } : {}),
        ...(arrives ? { arrivesOn: arrives } : {}),
      };
    }
  }
}
