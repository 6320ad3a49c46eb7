import type { BucketUnit, Database, MonitorCheck } from '@dq/plugin-api';
import { compileRule, type PreparedRule } from '../quality/prepared-rule.js';
import { StatementBinder } from '../quality/statement-binder.js';
import { addBuckets, bucketText, bucketUnderTest } from './as-of.js';

/** A metric monitor of a scan: its position in the run and its compiled check. */
export interface ScanMonitor {
  index: number;
  prepared: PreparedRule;
  check: MonitorCheck;
}

/** Monitors measured together: same table, scope, time expression and bucket unit. */
export interface MetricScan {
  key: string;
  monitors: ScanMonitor[];
  /** The time expression (absent: one value per run) and its unit. */
  time?: string;
  unit: BucketUnit;
  /** Buckets to measure, the bucket under test included. */
  window: number;
}

/** Each monitor's values by bucket (`bucketText`), or why its scan failed. */
export type ScanValues = { ok: true; values: Map<string, number | null> } | { ok: false; error: string };

/** The key monitors share a scan by (table, scope, time expression, unit). */
export function scanKeyOf(prepared: PreparedRule, check: MonitorCheck): string {
  const where = (prepared.rule.where ?? '').trim().replace(/\s+/g, ' ');
  return [prepared.table.quoted, where, check.time ?? '', check.unit ?? 'day'].join('\u0000');
}

/** Groups metric monitors into scans. */
export function planScans(monitors: readonly ScanMonitor[]): MetricScan[] {
  const scans = new Map<string, MetricScan>();
  for (const m of monitors) {
    const key = scanKeyOf(m.prepared, m.check);
    let scan = scans.get(key);
    if (!scan) {
      scan = {
        key,
        monitors: [],
        ...(m.check.time ? { time: m.check.time } : {}),
        unit: m.check.unit ?? 'day',
        window: 1,
      };
      scans.set(key, scan);
    }
    scan.monitors.push(m);
    if (scan.time) scan.window = Math.max(scan.window, m.check.window ?? 1);
  }
  return [...scans.values()];
}

/**
 * The SQL of a scan: every monitor's aggregate over the table's rows in scope, per bucket of the
 * window (`GROUP BY` the bucket: one pass over the table for the whole training window), or over
 * the whole scope once when the monitors have no time column.
 */
export function scanStatement(scan: MetricScan, asOf: Date, monitors = scan.monitors) {
  const binder = new StatementBinder();
  const aggregates = monitors.map((m, i) => {
    const { compiled } = compileRule(m.prepared, binder);
    if (compiled.mode !== 'monitor' || !compiled.metric) throw new Error('not a metric monitor');
    return `${compiled.metric.aggregate} AS m${i}`;
  });
  const first = compileRule(monitors[0]!.prepared, binder).ctx;
  if (!scan.time) {
    return binder.select(
      `SELECT NULL::timestamp AS bucket, ${aggregates.join(', ')} FROM ${first.from} WHERE ${first.where}`,
    );
  }
  const test = bucketUnderTest(asOf, scan.unit);
  const from = binder.bind(bucketText(addBuckets(test, -(scan.window - 1), scan.unit)));
  const to = binder.bind(bucketText(addBuckets(test, 1, scan.unit)));
  const time = `(${scan.time})`;
  return binder.select(
    `SELECT to_char(date_trunc('${scan.unit}', ${time}), 'YYYY-MM-DD HH24:MI:SS') AS bucket, ${aggregates.join(', ')}
       FROM ${first.from}
      WHERE ${first.where} AND ${time} >= ${from}::timestamp AND ${time} < ${to}::timestamp
      GROUP BY 1`,
  );
}

/**
 * Measures a scan as the rule role, in a READ ONLY transaction with the statement timeout that
 * is rolled back. A scan that fails is measured monitor by monitor, so only the bad one fails.
 */
export async function measureScan(
  rulesDb: Database,
  scan: MetricScan,
  asOf: Date,
  timeoutMs: number,
): Promise<{ values: ScanValues[]; durationMs: number }> {
  const started = performance.now();
  const run = async (monitors: ScanMonitor[]): Promise<ScanValues[]> => {
    const statement = scanStatement(scan, asOf, monitors);
    const rows = await rulesDb.transaction(
      async (tx) => (await tx.query(statement.text, statement.values)).rows,
      {
        readOnly: true,
        rollback: true,
        ...(timeoutMs > 0 ? { statementTimeoutMs: timeoutMs } : {}),
        settings: { work_mem: '64MB' },
      },
    );
    const test = scan.time ? undefined : bucketText(bucketUnderTest(asOf, scan.unit));
    return monitors.map((_, i) => {
      const values = new Map<string, number | null>();
      for (const row of rows as Record<string, unknown>[]) {
        const bucket = test ?? String(row.bucket);
        const raw = row[`m${i}`];
        values.set(bucket, raw === null || raw === undefined ? null : Number(raw));
      }
      return { ok: true as const, values };
    });
  };
  let values: ScanValues[];
  try {
    values = await run(scan.monitors);
  } catch (err) {
    values = [];
    for (const m of scan.monitors) {
      try {
        values.push(...(await run([m])));
      } catch (one) {
        values.push({ ok: false, error: describe(scan.monitors.length > 1 ? one : err) });
      }
    }
  }
  return { values, durationMs: Math.round(performance.now() - started) };
}

function describe(err: unknown): string {
  const { code } = err as { code?: string };
  const message = err instanceof Error ? err.message : String(err);
  if (code === '57014') return 'timed out (quality.statementTimeoutMs).';
  return code && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message;
}
