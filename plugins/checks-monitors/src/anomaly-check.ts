import type {
  BucketUnit,
  CheckCompileContext,
  CheckKind,
  CheckProblem,
  MonitorCheck,
  MonitorContext,
  MonitorToJudge,
  MonitorVerdict,
  RuleDefinition,
  SqlExecutor,
} from '@dq/plugin-api';
import { backtest } from './backtest.js';
import {
  assess,
  BASELINES_SQL,
  type Baseline,
  baselineOf,
  type Direction,
  type Judging,
  type Method,
} from './detector.js';
import {
  COLUMN_METRICS,
  describeValue,
  formatNumber,
  METRICS,
  type MetricName,
  metricOf,
  NON_NEGATIVE,
  timeOf,
} from './metrics.js';
import { bucketsIn, DURATION } from './training.js';

/** The parameters of an anomaly monitor, with their defaults applied. */
interface AnomalyParams {
  metric: MetricName;
  timeColumn?: string;
  bucket: BucketUnit;
  training: string;
  minPoints: number;
  judging: Judging;
  seasonal: boolean;
  rule?: string;
}

const DEFAULTS = { bucket: 'day', training: '28d', min_points: 7, sensitivity: 3 } as const;

function paramsOf(rule: RuleDefinition): AnomalyParams {
  const p = rule.params as Record<string, unknown>;
  const ignore = p.ignore_small_changes;
  return {
    metric: p.metric as MetricName,
    ...(typeof p.time_column === 'string' ? { timeColumn: p.time_column } : {}),
    bucket: (p.bucket as BucketUnit | undefined) ?? DEFAULTS.bucket,
    training: (p.training as string | undefined) ?? DEFAULTS.training,
    minPoints: (p.min_points as number | undefined) ?? DEFAULTS.min_points,
    seasonal: p.seasonality === 'day_of_week',
    ...(typeof p.rule === 'string' ? { rule: p.rule } : {}),
    judging: {
      method: (p.method as Method | undefined) ?? 'zscore',
      direction: (p.direction as Direction | undefined) ?? 'both',
      sensitivity: (p.sensitivity as number | undefined) ?? DEFAULTS.sensitivity,
      ...(typeof p.fail_sensitivity === 'number' ? { failSensitivity: p.fail_sensitivity } : {}),
      ...(ignore === undefined ? {} : { ignoreSmallChangesPct: Number(String(ignore).replace('%', '')) }),
    },
  };
}

/**
 * `anomaly`: a metric of a table (row_count, null_percent, ... freshness) or the failure % of
 * another rule, measured per time bucket (`time_column`, `bucket: day|hour`) or once per run,
 * and judged against its own history: z-score (default), median/MAD (`method: mad`) or the change
 * since the previous bucket (`method: change`). The baseline is the `training` window before the
 * bucket under test, without that bucket, without buckets already flagged and without those a
 * user excluded. Until `min_points` training points exist the monitor is LEARNING.
 */
export class AnomalyCheck implements CheckKind {
  readonly name = 'anomaly';
  readonly description = 'A metric per time bucket, judged against its own history (z-score, MAD, change)';
  readonly paramsSchema = {
    required: ['metric'],
    properties: {
      metric: { enum: [...METRICS] },
      time_column: { type: 'string', minLength: 1 },
      bucket: { enum: ['day', 'hour'] },
      training: { type: 'string', pattern: DURATION.source },
      min_points: { type: 'integer', minimum: 2 },
      method: { enum: ['zscore', 'mad', 'change'] },
      direction: { enum: ['both', 'spike', 'drop'] },
      sensitivity: { type: 'number', exclusiveMinimum: 0 },
      fail_sensitivity: { type: 'number', exclusiveMinimum: 0 },
      seasonality: { enum: ['day_of_week'] },
      ignore_small_changes: {
        anyOf: [
          { type: 'number', minimum: 0 },
          { type: 'string', pattern: '^\\d+(\\.\\d+)?%?$' },
        ],
      },
      rule: { type: 'string', minLength: 1 },
    },
  };

  validate(rule: RuleDefinition): CheckProblem[] {
    const p = paramsOf(rule);
    const problems: CheckProblem[] = [];
    const needsColumn = COLUMN_METRICS.includes(p.metric);
    if (needsColumn && !rule.column) {
      problems.push({ path: ['column'], message: `the metric ${p.metric} needs the column it measures.` });
    }
    if (!needsColumn && rule.column) {
      problems.push({
        path: ['column'],
        message: `the metric ${p.metric} measures no column; remove column.`,
      });
    }
    if (p.metric === 'failure_percent' && !p.rule) {
      problems.push({
        path: ['rule'],
        message: 'failure_percent needs the rule whose failure % it watches.',
      });
    }
    if (p.metric !== 'failure_percent' && p.rule) {
      problems.push({ path: ['rule'], message: 'rule is only for the metric failure_percent.' });
    }
    if ((p.metric === 'failure_percent' || p.metric === 'freshness') && p.timeColumn) {
      problems.push({
        path: ['time_column'],
        message: `${p.metric} is measured once per run; remove time_column.`,
      });
    }
    const { failSensitivity, sensitivity } = p.judging;
    if (failSensitivity !== undefined && failSensitivity < sensitivity) {
      problems.push({
        path: ['fail_sensitivity'],
        message: `fail_sensitivity (${failSensitivity}) must be at least sensitivity (${sensitivity}).`,
      });
    }
    if (bucketsIn(p.training, p.bucket) < 1) {
      problems.push({ path: ['training'], message: `training ${p.training} holds no whole ${p.bucket}.` });
    }
    return problems;
  }

  compile(rule: RuleDefinition, ctx: CheckCompileContext): MonitorCheck {
    const p = paramsOf(rule);
    const training = bucketsIn(p.training, p.bucket);
    const check: MonitorCheck = {
      mode: 'monitor',
      ...(p.metric === 'failure_percent'
        ? { ruleFailurePercent: p.rule! }
        : { metric: metricOf(ctx, p.metric, rule.column, p.bucket) }),
      ...(p.timeColumn ? { time: timeOf(ctx, p.timeColumn) } : {}),
      unit: p.bucket,
      window: training + 1,
      judge: async (tx, mctx) => {
        const [verdict] = await judgeAnomalies(tx, [{ check, ctx: mctx }]);
        if (verdict instanceof Error) throw verdict;
        return verdict!;
      },
      judgeMany: judgeAnomalies,
      backtest: (tx, { ruleId, sensitivities }) =>
        backtest(tx, ruleId, sensitivities, {
          metric: p.metric,
          column: rule.column ?? '',
          trainingMs: training * (p.bucket === 'hour' ? 3_600_000 : 86_400_000),
          minPoints: p.minPoints,
          seasonal: p.seasonal,
          judging: p.judging,
        }),
    };
    SETTINGS.set(check, { p, column: rule.column ?? '', training });
    return check;
  }
}

/** What judging needs of a compiled anomaly monitor. */
interface JudgeSettings {
  p: AnomalyParams;
  column: string;
  training: number;
}

const SETTINGS = new WeakMap<MonitorCheck, JudgeSettings>();

/**
 * Judges anomaly monitors: the baselines of all of them in one query (BASELINES_SQL), then each
 * bucket under test against its own.
 */
async function judgeAnomalies(
  tx: SqlExecutor,
  monitors: readonly MonitorToJudge[],
): Promise<(MonitorVerdict | Error)[]> {
  const asked = monitors.map(({ check, ctx }) => {
    const settings = SETTINGS.get(check);
    if (!settings) return new Error('not an anomaly monitor');
    if (!ctx.bucket) return new Error('no bucket under test');
    const { p, training } = settings;
    const unitMs = p.bucket === 'hour' ? 3_600_000 : 86_400_000;
    const from = new Date(Date.parse(`${ctx.bucket.replace(' ', 'T')}Z`) - training * unitMs);
    return { ...settings, ctx, bucket: ctx.bucket, from: from.toISOString().replace('T', ' ').slice(0, 19) };
  });
  const valid = asked.filter((a): a is Exclude<typeof a, Error> => !(a instanceof Error));
  const rows = new Map<number, Record<string, unknown>>();
  if (valid.length > 0) {
    const res = await tx.query<Record<string, unknown>>(BASELINES_SQL, [
      valid.map((a) => a.ctx.ruleId),
      valid.map((a) => a.p.metric),
      valid.map((a) => a.column),
      valid.map((a) => a.from),
      valid.map((a) => a.bucket),
      valid.map((a) => a.p.seasonal),
    ]);
    for (const row of res.rows) rows.set(Number(row.i), row);
  }
  return asked.map((a) =>
    a instanceof Error ? a : verdictOf(a.ctx, a.p, baselineOf(rows.get(valid.indexOf(a) + 1))),
  );
}

/** The verdict on a bucket under test, against its baseline. */
function verdictOf(ctx: MonitorContext, p: AnomalyParams, baseline: Baseline): MonitorVerdict {
  const bucket = ctx.bucket!;
  const x = ctx.value ?? null;
  const day = bucket.slice(0, p.bucket === 'hour' ? 16 : 10);
  const observed = `${describeValue(p.metric, x, p.bucket)} on ${day}`;
  const method = p.judging.method;
  const common = { method, observed: x, trainingPoints: baseline.n };
  const needed = method === 'change' ? p.minPoints + 1 : p.minPoints;
  if (baseline.n < needed) {
    return {
      ...common,
      status: 'LEARNING',
      state: 'learning',
      message: `learning: ${baseline.n} of ${needed} training points so far (${observed})`,
    };
  }
  if (x === null) {
    return {
      ...common,
      status: 'FAILED',
      state: 'no_value',
      message: `no value for ${day}: the bucket has no row to measure (${baseline.n} points)`,
    };
  }
  const a = assess(x, baseline, p.judging);
  const low = NON_NEGATIVE.includes(p.metric) ? Math.max(0, a.low) : a.low;
  const high = a.high;
  const label = method === 'mad' ? 'robust z' : method === 'change' ? 'change z' : 'z';
  const score = Number.isFinite(a.score) ? a.score.toFixed(1) : a.score > 0 ? '+∞' : '-∞';
  const text = `${describeValue(p.metric, x, p.bucket)}, expected ${formatNumber(low)}-${formatNumber(high)}, ${label} ${score}, ${baseline.n} points (${day})`;
  const flagged = a.level !== 'normal';
  return {
    ...common,
    status: a.level === 'failed' ? 'FAILED' : a.level === 'warning' ? 'WARNING' : 'PASSED',
    state: flagged ? 'anomaly' : 'normal',
    expectedLow: low,
    expectedHigh: high,
    score: a.score,
    anomalous: flagged,
    message: text,
  };
}
