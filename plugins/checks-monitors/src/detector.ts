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
 * The training points of a monitor's bucket under test ($5) and their statistics, in one query:
 * the window from $4 up to (never including) the bucket under test, without the buckets already
 * flagged anomalous nor those a user excluded; with $6 only the buckets of the same weekday (and
 * hour) as the one under test.
 */
export const BASELINE_SQL = `
  WITH pts AS (
    SELECT h.bucket, h.value::float8 AS v
      FROM dq_metric_history h
     WHERE h.rule_id = $1 AND h.metric = $2 AND h.column_name = $3
       AND h.bucket >= $4::timestamp AND h.bucket < $5::timestamp
       AND h.value IS NOT NULL AND NOT h.is_anomaly
       AND (NOT $6::boolean OR (extract(isodow FROM h.bucket) = extract(isodow FROM $5::timestamp)
            AND extract(hour FROM h.bucket) = extract(hour FROM $5::timestamp)))
       AND NOT EXISTS (SELECT 1 FROM dq_monitor_exclusions x
                        WHERE x.rule_id = h.rule_id AND x.removed_at IS NULL
                          AND h.bucket >= x.from_bucket AND h.bucket < x.to_bucket)
  ), diffs AS (
    SELECT v - lag(v) OVER (ORDER BY bucket) AS d FROM pts
  ), s AS (
    SELECT count(*)::int AS n, avg(v) AS mean, stddev_samp(v) AS sd,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median
      FROM pts
  )
  SELECT s.n, s.mean, s.sd, s.median,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.v - s.median)) FROM pts p) AS mad,
         (SELECT v FROM pts ORDER BY bucket DESC LIMIT 1) AS previous,
         (SELECT avg(d) FROM diffs) AS diff_mean,
         (SELECT stddev_samp(d) FROM diffs) AS diff_sd
    FROM s`;

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
