import type { BucketUnit } from '@dq/plugin-api';

/** A training window: `28d`, `72h`, `8w`. */
export const DURATION = /^(\d+)(h|d|w)$/;

const HOURS = { h: 1, d: 24, w: 168 } as const;

/** Whole buckets of `unit` in the duration (`28d` of days: 28; of hours: 672). */
export function bucketsIn(duration: string, unit: BucketUnit): number {
  const match = DURATION.exec(duration);
  if (!match) return 0;
  const hours = Number(match[1]) * HOURS[match[2] as keyof typeof HOURS];
  return Math.floor(unit === 'hour' ? hours : hours / 24);
}
