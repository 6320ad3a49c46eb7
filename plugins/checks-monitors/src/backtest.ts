import type { BacktestResult, SqlExecutor } from '@dq/plugin-api';
import { assess, type Baseline, type Judging } from './detector.js';

/** A stored point of a monitor's series. */
interface Point {
  bucket: string;
  ms: number;
  value: number | null;
  excluded: boolean;
}

const SERIES = `
  SELECT to_char(h.bucket, 'YYYY-MM-DD HH24:MI:SS') AS bucket, h.value::float8 AS value,
         EXISTS (SELECT 1 FROM dq_monitor_exclusions x WHERE x.rule_id = h.rule_id AND x.removed_at IS NULL
                    AND h.bucket >= x.from_bucket AND h.bucket < x.to_bucket) AS excluded
    FROM dq_metric_history h
   WHERE h.rule_id = $1 AND h.metric = $2 AND h.column_name = $3 AND h.bucket IS NOT NULL
   ORDER BY h.bucket`;

/** Settings of a backtest: the monitor's own, but for the sensitivity under test. */
export interface BacktestSettings {
  metric: string;
  column: string;
  trainingMs: number;
  minPoints: number;
  seasonal: boolean;
  judging: Judging;
}

/**
 * Replays a monitor's stored series bucket by bucket as the live check would have judged it: the
 * baseline of each bucket is the training window before it, without user exclusions and without
 * the buckets this replay flagged (at the sensitivity under test).
 */
export async function backtest(
  tx: SqlExecutor,
  ruleId: number,
  sensitivities: readonly number[],
  s: BacktestSettings,
): Promise<BacktestResult[]> {
  const res = await tx.query<{ bucket: string; value: number | null; excluded: boolean }>(SERIES, [
    ruleId,
    s.metric,
    s.column,
  ]);
  const points: Point[] = res.rows.map((r) => ({
    bucket: r.bucket,
    ms: Date.parse(`${r.bucket.replace(' ', 'T')}Z`),
    value: r.value === null ? null : Number(r.value),
    excluded: r.excluded,
  }));
  return sensitivities.map((sensitivity) => {
    const judging: Judging = { ...s.judging, sensitivity };
    if (judging.failSensitivity !== undefined && judging.failSensitivity < sensitivity)
      delete judging.failSensitivity;
    const flagged = new Set<number>();
    const alerts: string[] = [];
    let judged = 0;
    const needed = judging.method === 'change' ? s.minPoints + 1 : s.minPoints;
    for (const [i, p] of points.entries()) {
      if (p.value === null) continue;
      const training = points.filter(
        (q, j) =>
          j < i &&
          q.ms >= p.ms - s.trainingMs &&
          q.value !== null &&
          !q.excluded &&
          !flagged.has(j) &&
          (!s.seasonal || sameSlot(q.ms, p.ms)),
      );
      if (training.length < needed) continue;
      judged++;
      if (assess(p.value, baselineOf(training.map((q) => q.value!)), judging).level !== 'normal') {
        flagged.add(i);
        alerts.push(p.bucket);
      }
    }
    return { sensitivity, judged, alerts };
  });
}

function sameSlot(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getUTCDay() === y.getUTCDay() && x.getUTCHours() === y.getUTCHours();
}

/** The statistics the training query computes, over values in bucket order. */
export function baselineOf(values: readonly number[]): Baseline {
  const n = values.length;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : null;
  const sd =
    n > 1 && mean !== null ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
  const median = n > 0 ? percentile50(values) : null;
  const mad = median === null ? null : percentile50(values.map((v) => Math.abs(v - median)));
  const diffs = values.slice(1).map((v, i) => v - values[i]!);
  const diffMean = diffs.length > 0 ? diffs.reduce((a, b) => a + b, 0) / diffs.length : null;
  const diffSd =
    diffs.length > 1 && diffMean !== null
      ? Math.sqrt(diffs.reduce((a, d) => a + (d - diffMean) ** 2, 0) / (diffs.length - 1))
      : null;
  return { n, mean, sd, median, mad, previous: n > 0 ? values[n - 1]! : null, diffMean, diffSd };
}

/** percentile_cont(0.5): the mean of the two middle values of an even count. */
function percentile50(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}
