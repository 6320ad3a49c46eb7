import { DqError, type InjectedIncident } from '@dq/plugin-api';
import { compactDate, formatDate } from './calendar.js';
import { type FeedKey, feeds } from './feeds.js';

export type IncidentKind = InjectedIncident['kind'];

/** What each kind does when the spec names no target or amount. */
const DEFAULTS = {
  volume_drop: { feed: 'transactions', amount: 50 },
  null_spike: { feed: 'customers', column: 'email', amount: 30 },
  late_feed: { feed: 'transactions', amount: 1 },
  dropped_column: { feed: 'customers', column: 'phone_number' },
} as const satisfies Record<IncidentKind, { feed: FeedKey; column?: string; amount?: number }>;

export const incidentKinds = Object.keys(DEFAULTS) as IncidentKind[];

/** One incident of the window, resolved: its day, feed and column, and its size. */
export interface PlannedIncident {
  /** The spec as typed. */
  spec: string;
  /** Index of its day in the window (0 = the first day). */
  dayIndex: number;
  kind: IncidentKind;
  feed: FeedKey;
  column?: string;
  /** Percent of rows (volume_drop, null_spike) or days late (late_feed). */
  amount?: number;
}

const SPEC = /^([^:=]+):([a-z_]+)(?::([^=]+))?(?:=(.+))?$/;
const HELP =
  'Write --incident DAY:KIND[:TARGET][=AMOUNT], e.g. 12:volume_drop, 9:null_spike:crm_customers.email=40, ' +
  `20:late_feed, 25:dropped_column:ecom_transactions.payment_method. Kinds: ${incidentKinds.join(', ')}.`;

/**
 * Parses the `--incident` specs against the window `days` (day numbers, ascending). DAY is the
 * 1-based day of the window or its date as YYYYMMDD; TARGET is a feed (volume_drop, late_feed) or
 * FEED.COLUMN (null_spike, dropped_column); AMOUNT is a percent of the day's rows (volume_drop,
 * default 50; null_spike, default 30) or the days a feed is late (late_feed, default 1).
 */
export function planIncidents(specs: readonly string[], days: readonly number[]): PlannedIncident[] {
  const planned = specs.map((spec) => planIncident(spec, days));
  const seen = new Set<string>();
  for (const incident of planned) {
    const key = `${incident.dayIndex}|${incident.kind}|${incident.feed}|${incident.column ?? ''}`;
    if (seen.has(key))
      throw usage(`The incident "${incident.spec}" is given twice.`, 'Give each incident once.');
    seen.add(key);
  }
  for (const incident of planned) {
    if (incident.kind === 'late_feed') continue;
    const late = planned.find(
      (other) =>
        other.kind === 'late_feed' &&
        lateFeedOf(other.feed) === lateFeedOf(incident.feed) &&
        incident.dayIndex >= other.dayIndex &&
        incident.dayIndex < other.dayIndex + (other.amount ?? 1),
    );
    if (late) {
      throw usage(
        `The incident "${incident.spec}" falls on a day of the late feed "${late.spec}", whose file repeats the day before.`,
        'Move one of them to another day or feed.',
      );
    }
  }
  return planned;
}

/** The feed whose lateness a feed shares: items travel with their transactions. */
export function lateFeedOf(feed: FeedKey): FeedKey {
  return feed === 'items' ? 'transactions' : feed;
}

/** The days (window indexes) on which a feed is late. */
export function lateDays(incidents: readonly PlannedIncident[], feed: FeedKey, days: number): Set<number> {
  const late = new Set<number>();
  for (const incident of incidents) {
    if (incident.kind !== 'late_feed' || incident.feed !== lateFeedOf(feed)) continue;
    for (
      let day = incident.dayIndex;
      day < Math.min(days, incident.dayIndex + (incident.amount ?? 1));
      day++
    ) {
      late.add(day);
    }
  }
  return late;
}

function planIncident(spec: string, days: readonly number[]): PlannedIncident {
  const match = SPEC.exec(spec.trim());
  if (!match) throw usage(`The incident "${spec}" is not DAY:KIND[:TARGET][=AMOUNT].`, HELP);
  const [, dayText = '', kindText = '', target, amountText] = match;
  const kind = incidentKinds.find((k) => k === kindText);
  if (!kind) throw usage(`The incident "${spec}" has an unknown kind "${kindText}".`, HELP);
  const dayIndex = parseDay(spec, dayText, days);
  const defaults: { feed: FeedKey; column?: string; amount?: number } = DEFAULTS[kind];
  const { feed, column } = target === undefined ? defaults : parseTarget(spec, kind, target);
  const amount = amountText === undefined ? defaults.amount : parseAmount(spec, kind, amountText);
  if (kind === 'late_feed' && dayIndex === 0) {
    throw usage(
      `The late feed "${spec}" falls on the first day: a late feed repeats the day before, which is not in the window.`,
      'Pick a day from the second on, or widen the window with --days.',
    );
  }
  return {
    spec,
    dayIndex,
    kind,
    feed,
    ...(column === undefined ? {} : { column }),
    ...(amount === undefined ? {} : { amount }),
  };
}

function parseDay(spec: string, text: string, days: readonly number[]): number {
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const window = `${formatDate(first)} to ${formatDate(last)} (days 1 to ${days.length})`;
  let index = -1;
  if (/^\d{8}$/.test(text)) index = days.findIndex((day) => compactDate(day) === text);
  else if (/^\d+$/.test(text)) index = Number(text) - 1;
  if (index < 0 || index >= days.length) {
    throw usage(
      `The incident "${spec}" names the day "${text}", which is not in the window ${window}.`,
      'Write DAY as a day of the window (1 is the first) or as its date YYYYMMDD.',
    );
  }
  return index;
}

function parseTarget(spec: string, kind: IncidentKind, text: string): { feed: FeedKey; column?: string } {
  const needsColumn = kind === 'null_spike' || kind === 'dropped_column';
  const [feedName = '', column, ...rest] = text.split('.');
  const feed = (Object.keys(feeds) as FeedKey[]).find((key) => feeds[key].name === feedName);
  const feedList = Object.values(feeds)
    .map((f) => f.name)
    .join(', ');
  if (!feed)
    throw usage(`The incident "${spec}" names an unknown feed "${feedName}".`, `Feeds: ${feedList}.`);
  if (!needsColumn) {
    if (column !== undefined) {
      throw usage(
        `The incident "${spec}" names a column; ${kind} hits a whole feed.`,
        `Write ${kind}:${feedName}.`,
      );
    }
    if (feed === 'items') {
      throw usage(
        `The incident "${spec}" targets ecom_transaction_items: items follow their transactions.`,
        `Target ecom_transactions, which takes its items along.`,
      );
    }
    return { feed };
  }
  const columns = feeds[feed].columns as readonly string[];
  if (column === undefined || rest.length > 0 || !columns.includes(column) || column === columns[0]) {
    throw usage(
      `The incident "${spec}" needs a column of ${feedName} other than its key, as ${feedName}.COLUMN.`,
      `Columns: ${columns.slice(1).join(', ')}.`,
    );
  }
  return { feed, column };
}

function parseAmount(spec: string, kind: IncidentKind, text: string): number {
  const amount = Number(text.replace(/%$/, ''));
  if (kind === 'dropped_column') {
    throw usage(`The incident "${spec}" has an amount; a dropped column has none.`, 'Leave out =AMOUNT.');
  }
  if (kind === 'late_feed') {
    if (!Number.isInteger(amount) || amount < 1) {
      throw usage(
        `The late feed "${spec}" is late "${text}" days.`,
        'Write the days late as a whole number from 1, e.g. 20:late_feed=2.',
      );
    }
    return amount;
  }
  if (!Number.isFinite(amount) || amount <= 0 || amount > 100) {
    throw usage(
      `The incident "${spec}" has the amount "${text}", not a percent of rows.`,
      `Write a percent above 0 and up to 100, e.g. ${kind}=40.`,
    );
  }
  return amount;
}

function usage(message: string, hint: string): DqError {
  return new DqError('DQ_USAGE', message, { hint });
}
