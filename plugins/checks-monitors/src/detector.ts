/** How an anomaly monitor scores the bucket under test. */
export type Method = 'zscore' | 'mad' | 'change';
export type Direction = 'both' | 'spike' | 'drop';

/** The baseline of a bucket under test, as the training query returns it. */
export interface Baseline {
  /** Training points: buckets of the window before the one under test, neither flagged nor excluded. */
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  mad: number | null;
  /** The newest training point, and the mean and spread of the changes between points. */
  previous: number | null;
  diffMean: number | null;
  diffSd: number | null;
}

/**
 * The training points of many monitors' buckets under test and their statistics, in one query
 * (one row per monitor, `i` its position from 1): for each, the window from `from_bucket` up to
 * (never including) its `bucket` under test, without the buckets already flagged anomalous nor
 * those a user excluded; with `seasonal` only the buckets of the same weekday (and hour) as the
 * one under test. $1..$6: rule ids, metrics, columns, window starts, buckets under test,
 * seasonal flags, one element per monitor.
 */
export const BASELINES_SQL = `
  WITH q AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamp[], $5::timestamp[], $6::boolean[])
             WITH ORDINALITY AS q(rule_id, metric, column_name, from_bucket, bucket, seasonal, i)
  ), pts AS (
    SELECT q.i, h.bucket, h.value::float8 AS v
      FROM q JOIN dq_metric_history h
        ON h.rule_id = q.rule_id AND h.metric = q.metric AND h.column_name = q.column_name
       AND h.bucket >= q.from_bucket AND h.bucket < q.bucket
     WHERE h.value IS NOT NULL AND NOT h.is_anomaly
       AND (NOT q.seasonal OR (extract(isodow FROM h.bucket) = extract(isodow FROM q.bucket)
            AND extract(hour FROM h.bucket) = extract(hour FROM q.bucket)))
       AND NOT EXISTS (SELECT 1 FROM dq_monitor_exclusions x
                        WHERE x.rule_id = h.rule_id AND x.removed_at IS NULL
                          AND h.bucket >= x.from_bucket AND h.bucket < x.to_bucket)
  ), s AS (
    SELECT i, count(*)::int AS n, avg(v) AS mean, stddev_samp(v) AS sd,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median
      FROM pts GROUP BY i
  ), mad AS (
    SELECT p.i, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.v - s.median)) AS mad
      FROM pts p JOIN s ON s.i = p.i GROUP BY p.i
  ), newest AS (
    SELECT DISTINCT ON (i) i, v AS previous FROM pts ORDER BY i, bucket DESC
  ), diffs AS (
    SELECT i, avg(d) AS diff_mean, stddev_samp(d) AS diff_sd
      FROM (SELECT i, v - lag(v) OVER (PARTITION BY i ORDER BY bucket) AS d FROM pts) x
     GROUP BY i
  )
  SELECT q.i, coalesce(s.n, 0) AS n, s.mean, s.sd, s.median, mad.mad, newest.previous,
         diffs.diff_mean, diffs.diff_sd
    FROM q LEFT JOIN s ON s.i = q.i LEFT JOIN mad ON mad.i = q.i
           LEFT JOIN newest ON newest.i = q.i LEFT JOIN diffs ON diffs.i = q.i
   ORDER BY q.i`;

/** A baseline row as the driver returns it (float8 as number, count as int). */
export function baselineOf(row: Record<string, unknown> | undefined): Baseline {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    n: Number(row?.n ?? 0),
    mean: num(row?.mean),
    sd: num(row?.sd),
    median: num(row?.median),
    mad: num(row?.mad),
    previous: num(row?.previous),
    diffMean: num(row?.diff_mean),
    diffSd: num(row?.diff_sd),
  };
}

/** The settings the score is judged with. */
export interface Judging {
  method: Method;
  direction: Direction;
  sensitivity: number;
  failSensitivity?: number;
  /** A relative change (percent of the expected value) below this never alerts. */
  ignoreSmallChangesPct?: number;
}

/** What the score says about the value under test. */
export interface Assessment {
  score: number;
  expected: number;
  low: number;
  high: number;
  level: 'normal' | 'warning' | 'failed';
}

/** 1.4826 × MAD estimates the standard deviation of normal data. */
const MAD_SCALE = 1.4826;

/**
 * Scores `x` against the baseline: z-score over mean and standard deviation, the robust score
 * over median and MAD, or the z-score of the change since the previous point over the changes
 * between training points. A baseline without spread scores any difference as infinite.
 */
export function assess(x: number, b: Baseline, j: Judging): Assessment {
  let center: number;
  let spread: number;
  if (j.method === 'mad') {
    center = b.median ?? 0;
    spread = (b.mad ?? 0) * MAD_SCALE;
  } else if (j.method === 'change') {
    center = (b.previous ?? 0) + (b.diffMean ?? 0);
    spread = b.diffSd ?? 0;
  } else {
    center = b.mean ?? 0;
    spread = b.sd ?? 0;
  }
  // Differences within floating-point noise of the center are none: a constant series has no
  // spread, and its own value again is no change.
  const noise = Math.max(Math.abs(center), Math.abs(x), 1) * 1e-9;
  if (spread <= noise) spread = 0;
  const diff = Math.abs(x - center) <= noise ? 0 : x - center;
  const score = spread > 0 ? diff / spread : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  const width = j.sensitivity * spread;
  const level = levelOf(x, center, score, j);
  return { score, expected: center, low: center - width, high: center + width, level };
}

function levelOf(x: number, center: number, score: number, j: Judging): Assessment['level'] {
  const signed = j.direction === 'spike' ? score : j.direction === 'drop' ? -score : Math.abs(score);
  if (!(signed >= j.sensitivity)) return 'normal';
  if (j.ignoreSmallChangesPct !== undefined) {
    const relative =
      center === 0 ? (x === 0 ? 0 : Infinity) : (Math.abs(x - center) / Math.abs(center)) * 100;
    if (relative < j.ignoreSmallChangesPct) return 'normal';
  }
  if (j.failSensitivity === undefined) return 'failed';
  return signed >= j.failSensitivity ? 'failed' : 'warning';
}
