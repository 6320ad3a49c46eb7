import { type BucketUnit, DqError } from '@dq/plugin-api';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNIT_MS: Record<BucketUnit, number> = { day: 86_400_000, hour: 3_600_000 };

/**
 * `--as-of`: a date (`2026-01-05`) is the end of that day (UTC), so the day itself is the last
 * complete bucket and its feed's rows are "today"; an ISO timestamp is taken as it is.
 */
export function parseAsOf(text: string): Date {
  const trimmed = text.trim();
  const at = DATE.test(trimmed) ? Date.parse(`${trimmed}T00:00:00Z`) + UNIT_MS.day : Date.parse(trimmed);
  if (Number.isNaN(at) || (DATE.test(trimmed) && new Date(at - 1).toISOString().slice(0, 10) !== trimmed)) {
    throw new DqError('DQ_USAGE', `--as-of "${text}" is neither a date nor an ISO timestamp.`, {
      hint: 'Write --as-of 2026-01-05 (the end of that day, UTC) or --as-of 2026-01-05T14:00:00Z.',
    });
  }
  return new Date(at);
}

/** The start of the bucket holding `at` (UTC). */
export function bucketStart(at: Date, unit: BucketUnit): Date {
  const ms = UNIT_MS[unit];
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** `bucket` moved by `n` buckets (negative: back). */
export function addBuckets(bucket: Date, n: number, unit: BucketUnit): Date {
  return new Date(bucket.getTime() + n * UNIT_MS[unit]);
}

/**
 * The bucket a run tests: the last complete one at `asOf` (at 08:00 the day before; with
 * `--as-of 2026-01-05`, that day). A bucket still filling is never judged: it would look like a
 * drop every morning.
 */
export function bucketUnderTest(asOf: Date, unit: BucketUnit): Date {
  return addBuckets(bucketStart(asOf, unit), -1, unit);
}

/** A bucket as dq stores it: a UTC timestamp without zone, `2026-01-05 00:00:00`. */
export function bucketText(bucket: Date): string {
  return bucket.toISOString().replace('T', ' ').slice(0, 19);
}
