import type { BucketUnit, CheckCompileContext, MonitorMetric } from '@dq/plugin-api';

/** The metrics an anomaly monitor can watch. */
export const METRICS = [
  'row_count',
  'null_percent',
  'distinct_count',
  'distinct_percent',
  'min',
  'max',
  'mean',
  'sum',
  'stddev',
  'freshness',
  'failure_percent',
] as const;

export type MetricName = (typeof METRICS)[number];

/** Metrics of a column (the others are of the table, or of another rule). */
export const COLUMN_METRICS: readonly MetricName[] = [
  'null_percent',
  'distinct_count',
  'distinct_percent',
  'min',
  'max',
  'mean',
  'sum',
  'stddev',
  'freshness',
];

/** Metrics that are never negative (their expected range is cut at 0). */
export const NON_NEGATIVE: readonly MetricName[] = [
  'row_count',
  'null_percent',
  'distinct_count',
  'distinct_percent',
  'freshness',
  'failure_percent',
];

const NUMERIC = /^(smallint|integer|bigint|numeric|real|double precision)\b/;

/** A column as a `timestamp` in UTC, whatever its type (text casts, and fails loudly when it cannot). */
export function timeOf(ctx: CheckCompileContext, column: string): string {
  const col = ctx.column(column);
  const type = ctx.columnType(column) ?? 'text';
  if (type.startsWith('timestamp with time zone')) return `(${col} AT TIME ZONE 'UTC')`;
  if (type.startsWith('timestamp') || type === 'date') return `${col}::timestamp`;
  return `${col}::text::timestamp`;
}

/** An ISO date or timestamp, its fields in range: `2026-09-09`, `2026-09-09 20:33:08.5`. */
const ISO_TIME_SHAPE =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?$';

/**
 * The newest value of a time column. On a text column (a staging feed) only values shaped as ISO
 * times count, and only the newest is cast: one unparseable value ("not a date", a validity
 * rule's business) must neither break a feed's freshness monitor nor make the feed look fresh.
 * ISO text of one format sorts as time does, so max() over the text finds the newest. Testing
 * the shape of every row costs more than the whole scan (a regular expression per row: 0.2 s of
 * 200,000 rows), so only the greatest text is tested: when it has the shape it is the newest
 * ISO value. Only when it has not (a malformed value sorts last) does the subquery scan again
 * for the greatest ISO-shaped one; it is uncorrelated, so the database runs it (an InitPlan) only
 * when that branch is taken. Per-run metrics only (freshness has no time_column): the subquery's
 * scope is the rule's.
 */
function newestOf(ctx: CheckCompileContext, column: string): string {
  const type = ctx.columnType(column) ?? 'text';
  if (type.startsWith('timestamp') || type === 'date') return `max(${timeOf(ctx, column)})`;
  const text = `${ctx.column(column)}::text`;
  const shaped = `max(${text}) FILTER (WHERE ${text} ~ '${ISO_TIME_SHAPE}')`;
  return `(CASE WHEN max(${text}) ~ '${ISO_TIME_SHAPE}' THEN max(${text})
    ELSE (SELECT ${shaped} FROM ${ctx.from} WHERE ${ctx.where}) END)::timestamp`;
}

function numberOf(ctx: CheckCompileContext, column: string): string {
  const col = ctx.column(column);
  return NUMERIC.test(ctx.columnType(column) ?? '') ? col : `${col}::text::numeric`;
}

/** The SQL aggregate of a metric over the scanned rows. */
export function metricOf(
  ctx: CheckCompileContext,
  metric: MetricName,
  column: string | undefined,
  unit: BucketUnit = 'day',
): MonitorMetric {
  const col = column ? ctx.column(column) : '';
  const of = (aggregate: string, emptyValue?: number): MonitorMetric => ({
    name: metric,
    ...(column ? { column } : {}),
    aggregate,
    ...(emptyValue === undefined ? {} : { emptyValue }),
  });
  switch (metric) {
    case 'row_count':
      return of('count(*)', 0);
    case 'null_percent':
      return of(`(100.0 * count(*) FILTER (WHERE ${col} IS NULL) / nullif(count(*), 0))`);
    case 'distinct_count':
      return of(`count(DISTINCT ${col})`, 0);
    case 'distinct_percent':
      return of(`(100.0 * count(DISTINCT ${col}) / nullif(count(${col}), 0))`);
    case 'min':
      return of(`min(${numberOf(ctx, column!)})`);
    case 'max':
      return of(`max(${numberOf(ctx, column!)})`);
    case 'mean':
      return of(`avg(${numberOf(ctx, column!)})`);
    case 'sum':
      return of(`coalesce(sum(${numberOf(ctx, column!)}), 0)`, 0);
    case 'stddev':
      return of(`stddev_samp(${numberOf(ctx, column!)})`);
    // Whole buckets (days, or hours with bucket: hour) since the newest value: a feed's events
    // land anywhere in their day, so the hours within it are noise; a day late is not.
    case 'freshness':
      return of(
        `floor(extract(epoch FROM ((${ctx.now ?? 'now()'}) AT TIME ZONE 'UTC') - ${newestOf(ctx, column!)}) / ${unit === 'hour' ? 3600 : 86400})`,
      );
    case 'failure_percent':
      throw new Error('failure_percent is read from the rule, not measured from the table');
  }
}

/** How a value reads in a message: `812 rows`, `9.1% null`, `26 h old`. */
export function describeValue(
  metric: MetricName,
  value: number | null | undefined,
  unit: BucketUnit = 'day',
): string {
  if (value === null || value === undefined) return 'no value';
  const n = formatNumber(value);
  switch (metric) {
    case 'row_count':
      return `${n} rows`;
    case 'null_percent':
      return `${n}% null`;
    case 'distinct_percent':
      return `${n}% distinct`;
    case 'distinct_count':
      return `${n} distinct`;
    case 'freshness':
      return `${n} ${unit === 'hour' ? 'h' : 'd'} old`;
    case 'failure_percent':
      return `${n}% failing`;
    default:
      return `${metric} ${n}`;
  }
}

/** `1,210`, `9.13`, `0.004`: grouped, at most two decimals (more for small numbers). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const digits = Math.abs(value) < 1 && value !== 0 ? 4 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
