import type {
  Database,
  MonitorContext,
  MonitorToJudge,
  MonitorVerdict,
  RefusedHeader,
  SqlExecutor,
  TableSnapshot,
} from '@dq/plugin-api';
import type { RuleResult } from '../quality/check-run.js';
import { compileRule, type PreparedRule } from '../quality/prepared-rule.js';
import type { Outcome } from '../quality/rule-runner.js';
import { bucketText, bucketUnderTest } from './as-of.js';
import { type MetricScan, measureScan, planScans, type ScanMonitor } from './metric-scan.js';
import { previousSnapshots, refusedHeaders, storeSnapshots, takeSnapshots } from './schema-snapshot.js';

/** Options of a {@link MonitorPass}. */
export interface MonitorPassOptions {
  runId: string;
  /** The run's "now". */
  asOf: Date;
  timeoutMs: number;
}

/** A monitor of the run: its position in the run's rule list. */
export interface RunMonitor {
  index: number;
  prepared: PreparedRule;
}

/** What a schema monitor's context holds of the table. */
interface SnapshotContext {
  snapshot: { current: TableSnapshot; previous?: TableSnapshot };
  refusedHeader?: RefusedHeader;
}

/** One history value to store: a monitor's metric for a bucket. */
interface HistoryValue {
  ruleId: number;
  metric: string;
  column: string;
  bucket: string;
  value: number | null;
}

/**
 * Runs a check run's monitors: measures every metric monitor in one scan per table, scope and
 * bucketing (as the read-only rule role; the engine may run these scans beside the rules' units),
 * then, after the rules, stores the values in dq_metric_history (a bucket measured again replaces
 * its value), takes the schema snapshots, lets the monitors judge the buckets under test against
 * their history, and marks the buckets found anomalous so no baseline trains on them again.
 */
export class MonitorPass {
  private readonly outcomes = new Map<number, Outcome>();
  private compiled: ScanMonitor[] = [];
  private readonly durations = new Map<number, number>();
  private readonly tested = new Map<number, { bucket: string; value: number | null }>();
  private readonly history: HistoryValue[] = [];

  constructor(
    private readonly rulesDb: Database,
    private readonly db: Database,
    private readonly options: MonitorPassOptions,
  ) {}

  /** All of it: {@link prepare}, every scan {@link measure}d in turn, then {@link finish}. */
  async run(monitors: readonly RunMonitor[], results: readonly RuleResult[]): Promise<Map<number, Outcome>> {
    for (const scan of this.prepare(monitors)) await this.measure(scan);
    return this.finish(results);
  }

  /** Compiles the monitors; returns the metric scans to {@link measure} (independent of each other). */
  prepare(monitors: readonly RunMonitor[]): MetricScan[] {
    for (const m of monitors) {
      try {
        const { compiled: check } = compileRule(m.prepared);
        if (check.mode !== 'monitor') throw new Error(`check ${m.prepared.rule.check} is not a monitor`);
        this.compiled.push({ ...m, check });
      } catch (err) {
        this.outcomes.set(m.index, {
          ok: false,
          error: `cannot compile: ${(err as Error).message}`,
          durationMs: 0,
        });
      }
    }
    return planScans(this.compiled.filter((m) => m.check.metric));
  }

  /** Measures one scan of {@link prepare}'s. */
  async measure(scan: MetricScan): Promise<void> {
    const { values, durationMs } = await measureScan(
      this.rulesDb,
      scan,
      this.options.asOf,
      this.options.timeoutMs,
    );
    for (const [i, m] of scan.monitors.entries()) {
      const measured = values[i]!;
      this.durations.set(m.index, Math.round(durationMs / scan.monitors.length));
      if (!measured.ok) this.outcomes.set(m.index, { ok: false, error: measured.error, durationMs });
      else this.remember(m, measured.values);
    }
  }

  private remember(m: ScanMonitor, values: Map<string, number | null>): void {
    const metric = m.check.metric?.name ?? 'failure_percent';
    const column = m.check.metric?.column ?? '';
    const bucket = bucketText(bucketUnderTest(this.options.asOf, m.check.unit ?? 'day'));
    if (!values.has(bucket)) values.set(bucket, m.check.metric?.emptyValue ?? null);
    for (const [b, value] of values)
      this.history.push({ ruleId: m.prepared.ruleId, metric, column, bucket: b, value });
    this.tested.set(m.index, { bucket, value: values.get(bucket) ?? null });
  }

  /**
   * After the rules and every scan: the failure_percent monitors take their rules' `results`,
   * then all judge. Outcomes by the monitors' positions.
   */
  async finish(results: readonly RuleResult[]): Promise<Map<number, Outcome>> {
    const { asOf, runId } = this.options;
    const { outcomes, compiled, durations, tested } = this;
    for (const m of compiled.filter((c) => c.check.ruleFailurePercent)) {
      const name = m.check.ruleFailurePercent!;
      const result = results.find((r) => r.rule === name);
      // A run that did not select the rule (dq check --category ...) takes its latest failure %.
      const pct = result
        ? result.status === 'ERROR'
          ? undefined
          : result.failurePct
        : await this.latestFailurePct(name);
      if (pct === undefined) {
        const why = result ? 'is ERROR in this run' : 'has never run';
        outcomes.set(m.index, {
          ok: false,
          error: `the rule ${name} ${why}: no failure % to watch.`,
          durationMs: 0,
        });
        continue;
      }
      this.remember(m, new Map([[bucketText(bucketUnderTest(asOf, m.check.unit ?? 'day')), pct]]));
    }
    await this.storeHistory(this.history);

    const toJudge = compiled.filter((m) => !outcomes.has(m.index));
    const snapshots = await this.snapshots(toJudge.filter((m) => m.check.snapshot));
    const contexts = new Map<number, MonitorContext>();
    for (const m of toJudge) {
      const ctx: MonitorContext = { ruleId: m.prepared.ruleId, asOf: asOf.toISOString() };
      const test = tested.get(m.index);
      if (test) Object.assign(ctx, test);
      const snapshot = snapshots.get(m.index);
      if (snapshot) Object.assign(ctx, snapshot);
      contexts.set(m.index, ctx);
    }
    const judged = await this.judge(toJudge, contexts);
    for (const m of toJudge) {
      const { verdict, durationMs: judgeMs } = judged.get(m.index)!;
      const durationMs = (durations.get(m.index) ?? 0) + judgeMs;
      if (verdict instanceof Error) {
        outcomes.set(m.index, { ok: false, error: `while judging: ${verdict.message}`, durationMs: judgeMs });
        continue;
      }
      const test = tested.get(m.index);
      const filled: MonitorVerdict = {
        ...verdict,
        ...(test ? { bucket: test.bucket } : {}),
        ...(m.check.metric || m.check.ruleFailurePercent
          ? { metric: m.check.metric?.name ?? 'failure_percent', column: m.check.metric?.column ?? '' }
          : {}),
      };
      outcomes.set(m.index, { ok: true, measurement: measurementOf(filled), durationMs });
    }
    await this.db.transaction(async (tx) => {
      const flags = compiled.filter((m) => tested.has(m.index) && outcomes.get(m.index)?.ok);
      if (flags.length > 0) {
        await tx.query(
          `UPDATE dq_metric_history h SET is_anomaly = u.flag
             FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamp[], $5::boolean[])
                  AS u(rule_id, metric, column_name, bucket, flag)
            WHERE h.rule_id = u.rule_id AND h.metric = u.metric AND h.column_name = u.column_name
              AND h.bucket = u.bucket`,
          [
            flags.map((m) => m.prepared.ruleId),
            flags.map((m) => m.check.metric?.name ?? 'failure_percent'),
            flags.map((m) => m.check.metric?.column ?? ''),
            flags.map((m) => tested.get(m.index)!.bucket),
            flags.map((m) => {
              const o = outcomes.get(m.index)!;
              return o.ok && o.measurement.monitor?.anomalous === true;
            }),
          ],
        );
      }
      await storeSnapshots(
        tx,
        runId,
        toJudge.flatMap((m) => {
          const snapshot = snapshots.get(m.index)?.snapshot.current;
          return snapshot && m.prepared.ruleId > 0 && outcomes.get(m.index)?.ok
            ? [{ ruleId: m.prepared.ruleId, table: m.prepared.rule.table, snapshot }]
            : [];
        }),
      );
    });
    // In the monitors' order, whatever order the scans ended in: results are recorded so.
    return new Map([...outcomes].sort(([a], [b]) => a - b));
  }

  /**
   * The schema monitors' snapshots: every table's columns now, the previous snapshots and the
   * refused feed headers, in one query each.
   */
  private async snapshots(monitors: readonly ScanMonitor[]): Promise<Map<number, SnapshotContext>> {
    const out = new Map<number, SnapshotContext>();
    if (monitors.length === 0) return out;
    const tables = monitors.map((m) => m.prepared.rule.table);
    const current = await takeSnapshots(this.db, tables);
    const previous = await previousSnapshots(
      this.db,
      monitors.map((m) => m.prepared.ruleId),
    );
    const refused = await refusedHeaders(this.db, tables);
    for (const [i, m] of monitors.entries()) {
      const before = previous.get(m.prepared.ruleId);
      const header = refused.get(m.prepared.rule.table);
      out.set(m.index, {
        snapshot: { current: current[i]!, ...(before ? { previous: before } : {}) },
        ...(header ? { refusedHeader: header } : {}),
      });
    }
    return out;
  }

  /**
   * Judges the monitors in one READ ONLY transaction: those whose checks share a `judgeMany`
   * together (one call, one query), the others one by one; each call in a savepoint, so a monitor
   * that fails is ERROR alone. A `judgeMany` that throws is retried monitor by monitor.
   */
  private async judge(
    monitors: readonly ScanMonitor[],
    contexts: ReadonlyMap<number, MonitorContext>,
  ): Promise<Map<number, { verdict: MonitorVerdict | Error; durationMs: number }>> {
    const judged = new Map<number, { verdict: MonitorVerdict | Error; durationMs: number }>();
    if (monitors.length === 0) return judged;
    const groups = new Map<unknown, ScanMonitor[]>();
    for (const m of monitors) {
      const key = m.check.judgeMany ?? m;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    await this.db.transaction(
      async (tx) => {
        const one = async (m: ScanMonitor) => {
          const started = performance.now();
          const verdict = await guarded(tx, () => m.check.judge(tx, contexts.get(m.index)!));
          judged.set(m.index, { verdict, durationMs: Math.round(performance.now() - started) });
        };
        for (const group of groups.values()) {
          const many = group[0]!.check.judgeMany;
          if (!many) {
            for (const m of group) await one(m);
            continue;
          }
          const started = performance.now();
          const items: MonitorToJudge[] = group.map((m) => ({ check: m.check, ctx: contexts.get(m.index)! }));
          const verdicts = await guarded(tx, () => many(tx, items));
          if (verdicts instanceof Error || verdicts.length !== group.length) {
            for (const m of group) await one(m);
            continue;
          }
          const durationMs = Math.round((performance.now() - started) / group.length);
          for (const [i, m] of group.entries()) judged.set(m.index, { verdict: verdicts[i]!, durationMs });
        }
      },
      { readOnly: true, rollback: true },
    );
    return judged;
  }

  /** The failure % a rule's latest run stored (dq_metric_history, metric failure_pct). */
  private async latestFailurePct(rule: string): Promise<number | undefined> {
    const res = await this.db.query<{ value: string }>(
      `SELECT h.value FROM dq_metric_history h JOIN dq_rules r ON r.rule_id = h.rule_id
        WHERE r.rule_name = $1 AND h.metric = 'failure_pct' AND h.bucket IS NULL
        ORDER BY h.metric_id DESC LIMIT 1`,
      [rule],
    );
    const value = res.rows[0]?.value;
    return value === undefined || value === null ? undefined : Number(value);
  }

  private async storeHistory(values: readonly HistoryValue[]): Promise<void> {
    const stored = values.filter((v) => v.ruleId > 0);
    if (stored.length === 0) return;
    await this.db.query(
      `INSERT INTO dq_metric_history (run_id, rule_id, metric, column_name, bucket, value)
       SELECT $1, u.rule_id, u.metric, u.column_name, u.bucket, u.value
         FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamp[], $6::numeric[])
              AS u(rule_id, metric, column_name, bucket, value)
       ON CONFLICT (rule_id, metric, column_name, bucket) WHERE bucket IS NOT NULL
       DO UPDATE SET value = EXCLUDED.value, run_id = EXCLUDED.run_id, measured_at = now()`,
      [
        this.options.runId,
        stored.map((v) => v.ruleId),
        stored.map((v) => v.metric),
        stored.map((v) => v.column),
        stored.map((v) => v.bucket),
        stored.map((v) => (v.value === null || !Number.isFinite(v.value) ? null : String(v.value))),
      ],
    );
  }
}

/** Runs `fn` in a savepoint: its error comes back as the value, and the transaction goes on. */
async function guarded<T>(tx: SqlExecutor, fn: () => Promise<T>): Promise<T | Error> {
  await tx.query('SAVEPOINT dq_judge');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT dq_judge');
    return value;
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT dq_judge');
    return err instanceof Error ? err : new Error(String(err));
  }
}

function measurementOf(verdict: MonitorVerdict) {
  const flagged = verdict.status === 'WARNING' || verdict.status === 'FAILED';
  return {
    scope: verdict.scope ?? 1,
    failed: verdict.failed ?? (flagged ? 1 : 0),
    samples: verdict.samples ?? [],
    monitor: verdict,
  };
}
