import { DqError } from '@dq/plugin-api';

/**
 * Dates are whole days since 1970-01-01 (UTC) and timestamps whole seconds, so ranges are plain
 * integer arithmetic and fit in an Int32Array; nothing here reads the wall clock.
 */
export const SECONDS_PER_DAY = 86_400;

/** The day number of a calendar date; out-of-range months and days roll over like Date.UTC. */
export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Parses the feed date `YYYYMMDD`, rejecting impossible dates such as 20240230. */
export function parseFeedDate(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const day = match ? dayOf(Number(match[1]), Number(match[2]), Number(match[3])) : Number.NaN;
  if (!match || compactDate(day) !== text) {
    throw new DqError('DQ_USAGE', `The feed date "${text}" is not a valid YYYYMMDD date.`, {
      hint: 'Pass --date as eight digits, e.g. --date 20260101.',
    });
  }
  return day;
}

/** `YYYYMMDD`, as file names carry it. */
export function compactDate(day: number): string {
  return formatDate(day).replaceAll('-', '');
}

/** `YYYY-MM-DD`. */
export function formatDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` for seconds since the epoch. */
export function formatTimestamp(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Year, month (1-12) and day of month of a day number. */
export function civil(day: number): { year: number; month: number; day: number } {
  const date = new Date(day * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
