import { MonitorService, parseAsOf } from '@dq/core';
import type { Database } from '@dq/plugin-api';
import { describeEachDatabase } from '@dq/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { byName, checkKindFixture, migrateCore, runRules, type TestRule } from './quality-harness.js';

/** Rows of one day: `count` events at minute steps from midnight, every tenth e-mail missing. */
async function insertDay(db: Database, table: string, day: number, count: number): Promise<void> {
  const date = `2026-01-${String(day).padStart(2, '0')}`;
  await db.query(
    `INSERT INTO ${table} (at, amount, email)
     SELECT $1::timestamp + g * interval '1 minute', 10, CASE WHEN g % 10 = 0 THEN NULL ELSE 'x' END
       FROM generate_series(1, $2::int) g`,
    [date, count],
  );
}

const NOISE = [0, 4, -3, 2, -1, 5, -4, 3, -2, 1, -5, 4, -3, 0];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

const daily = (name: string, table: string, extra: Partial<TestRule> = {}): TestRule => ({
  name,
  category: 'completeness',
  table,
  check: 'anomaly',
  metric: 'row_count',
  time_column: 'at',
  severity: 'warning',
  ...extra,
});

describeEachDatabase('monitors: anomaly checks over dq_metric_history', ({ db }) => {
  const normal = NOISE.map((n) => 100 + n);
  // Six standard deviations above the 14 normal days: a baseline that held the point itself
  // could never score it above (n - 1) / sqrt(n) = 3.6.
  const spike = Math.round(mean(normal) + 6 * sd(normal));

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE mon_events (id serial PRIMARY KEY, at timestamp, amount numeric, email text);
      CREATE TABLE mon_spiky (id serial PRIMARY KEY, at timestamp, amount numeric, email text);
    `);
    for (const [i, count] of normal.entries()) {
      await insertDay(db(), 'mon_events', i + 1, count);
      await insertDay(db(), 'mon_spiky', i + 1, i + 1 === 8 ? 400 : count);
    }
    await insertDay(db(), 'mon_events', 15, spike);
    await insertDay(db(), 'mon_spiky', 15, 115);
    await migrateCore(db());
  });

  const rules = [
    daily('events_daily', 'mon_events'),
    daily('events_email_nulls', 'mon_events', { metric: 'null_percent', column: 'email' }),
  ];

  it('is LEARNING until min_points exist: not a failure and not scored; the first run backfills the window', async () => {
    const run = await runRules(db(), rules, { asOf: parseAsOf('2026-01-05') });
    const r = byName(run);
    expect(r.events_daily?.status).toBe('LEARNING');
    expect(r.events_daily?.message).toBe(
      `learning: 4 of 7 training points so far (${normal[4]} rows on 2026-01-05)`,
    );
    expect(r.events_email_nulls?.status).toBe('LEARNING');
    expect(run.scorecard.rulesExecuted).toBe(0);
    expect(run.scorecard.overall).toBeNull();
    const history = await new MonitorService(db()).history('events_daily');
    expect(history.map((p) => [p.bucket.slice(0, 10), p.value])).toEqual(
      normal.slice(0, 5).map((v, i) => [`2026-01-0${i + 1}`, v]),
    );
  });

  it('flags a 5-sigma spike over 14 points: the bucket under test is not in its own baseline', async () => {
    const run = await runRules(db(), rules, { asOf: parseAsOf('2026-01-15') });
    const r = byName(run).events_daily!;
    expect(r.status).toBe('FAILED');
    const row = await db().query<{ score: string; training_points: number; observed: string; state: string }>(
      'SELECT score, training_points, observed, state FROM dq_monitor_results WHERE result_id = $1',
      [r.resultId],
    );
    expect(row.rows[0]).toMatchObject({ training_points: 14, state: 'anomaly' });
    expect(Number(row.rows[0]!.observed)).toBe(spike);
    expect(Number(row.rows[0]!.score)).toBeGreaterThan(5);
    const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
    const [m, s] = [mean(normal), sd(normal)];
    const z = ((spike - m) / s).toFixed(1);
    expect(r.message).toBe(
      `${spike} rows, expected ${fmt(m - 3 * s)}-${fmt(m + 3 * s)}, z ${z}, 14 points (2026-01-15)`,
    );
    // The null share did not move: the fused scan measured it too, and it passes.
    expect(byName(run).events_email_nulls?.status).toBe('PASSED');
    // The spike is flagged in the history, so no later baseline trains on it.
    const history = await new MonitorService(db()).history('events_daily');
    expect(history.filter((p) => p.anomalous).map((p) => p.bucket.slice(0, 10))).toEqual(['2026-01-15']);
    // Re-measuring replaces: 15 buckets, not 20.
    expect(history).toHaveLength(15);
    // The same replay gives the same result.
    const again = byName(await runRules(db(), rules, { asOf: parseAsOf('2026-01-15') })).events_daily!;
    expect(again.message).toBe(r.message);
  });

  it('a past incident excluded with `dq monitors exclude` no longer widens the expected range; taking it back restores it', async () => {
    const monitors = new MonitorService(db());
    const rule = [daily('spiky_daily', 'mon_spiky')];
    const before = byName(await runRules(db(), rule, { asOf: parseAsOf('2026-01-15') })).spiky_daily!;
    // Day 8's 400 rows are in the baseline: 115 looks normal and the range reaches past 300.
    expect(before.status).toBe('PASSED');
    const wide = Number(/expected [\d,.-]+-([\d,.]+)/.exec(before.message)?.[1]?.replace(/,/g, ''));
    expect(wide).toBeGreaterThan(300);

    const exclusion = await monitors.exclude('spiky_daily', '2026-01-08', '2026-01-08', 'known incident');
    expect(exclusion).toMatchObject({
      from: '2026-01-08 00:00:00',
      to: '2026-01-09 00:00:00',
      removed: false,
    });
    const after = byName(await runRules(db(), rule, { asOf: parseAsOf('2026-01-15') })).spiky_daily!;
    expect(after.status).toBe('FAILED');
    expect(after.message).toMatch(/^115 rows, expected [\d.]+-10\d(\.\d+)?, z \d+\.\d, 13 points/);
    expect((await monitors.history('spiky_daily')).filter((p) => p.excluded).map((p) => p.bucket)).toEqual([
      '2026-01-08 00:00:00',
    ]);

    expect(await monitors.include('spiky_daily')).toBe(1);
    const restored = byName(await runRules(db(), rule, { asOf: parseAsOf('2026-01-15') })).spiky_daily!;
    expect(restored.status).toBe('PASSED');
    expect((await monitors.exclusions('spiky_daily')).map((x) => x.removed)).toEqual([true]);
  });

  it('rejects an unknown monitor and a reversed range with a clear message', async () => {
    const monitors = new MonitorService(db());
    await expect(monitors.exclude('nope', '2026-01-01', '2026-01-02')).rejects.toThrow(
      'No monitor named "nope" has run.',
    );
    await expect(monitors.exclude('events_daily', '2026-01-09', '2026-01-02')).rejects.toThrow(
      '--to 2026-01-02 is before --from 2026-01-09.',
    );
  });
});

describeEachDatabase('monitors: schema changes', ({ db }) => {
  const schema = (name: string, extra: Partial<TestRule> = {}): TestRule => ({
    name,
    category: 'consistency',
    table: 'sch_orders',
    check: 'schema_change',
    severity: 'warning',
    ...extra,
  });

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec('CREATE TABLE sch_orders (id int NOT NULL, note text, amount numeric(12,2))');
    await migrateCore(db());
  });

  describe('each change type has its own severity', () => {
    it('records the baseline on the first run and says so', async () => {
      const r = byName(await runRules(db(), [schema('orders_schema')])).orders_schema!;
      expect(r.status).toBe('PASSED');
      expect(r.message).toBe('first snapshot of sch_orders: 3 columns recorded as the baseline');
    });

    it('reports added, removed, type and nullability changes, each with its severity', async () => {
      await db().exec(`
        ALTER TABLE sch_orders ADD COLUMN channel text;
        ALTER TABLE sch_orders DROP COLUMN note;
        ALTER TABLE sch_orders ALTER COLUMN amount TYPE text;
        ALTER TABLE sch_orders ALTER COLUMN id DROP NOT NULL;
      `);
      const run = await runRules(db(), [schema('orders_schema')]);
      const r = byName(run).orders_schema!;
      expect(r.status).toBe('FAILED');
      expect(r.severity).toBe('critical');
      expect(r.change).toBe('column_removed');
      expect(r.message.split('; ').sort()).toEqual(
        [
          'column_added (info): channel text',
          'column_removed (critical): note',
          'nullability_changed (warning): id NOT NULL -> NULL',
          'type_changed (warning): amount numeric(12,2) -> text',
        ].sort(),
      );
      const exceptions = await db().query<{
        column_name: string;
        failed_value: string;
        expected_value: string;
      }>(
        'SELECT column_name, failed_value, expected_value FROM dq_exceptions WHERE result_id = $1 ORDER BY column_name',
        [r.resultId],
      );
      expect(exceptions.rows).toEqual([
        { column_name: 'amount', failed_value: 'text', expected_value: 'numeric(12,2)' },
        { column_name: 'channel', failed_value: 'text', expected_value: 'absent' },
        { column_name: 'id', failed_value: 'NULL', expected_value: 'NOT NULL' },
        { column_name: 'note', failed_value: 'absent', expected_value: 'text' },
      ]);
      // The next run compares with this snapshot: nothing changed since.
      const next = byName(await runRules(db(), [schema('orders_schema')])).orders_schema!;
      expect(next.status).toBe('PASSED');
    });

    it('takes severities from the rule, and reports a missing table', async () => {
      await db().exec('ALTER TABLE sch_orders ADD COLUMN region text');
      const rule = schema('orders_schema', { severities: { column_added: 'critical' } });
      const r = byName(await runRules(db(), [rule])).orders_schema!;
      expect([r.status, r.severity, r.change]).toEqual(['FAILED', 'critical', 'column_added']);
      await db().exec('ALTER TABLE sch_orders RENAME TO sch_orders_old');
      const gone = byName(await runRules(db(), [rule])).orders_schema!;
      expect([gone.status, gone.severity, gone.message]).toEqual([
        'FAILED',
        'critical',
        'table_missing (critical): sch_orders does not exist',
      ]);
      await db().exec('ALTER TABLE sch_orders_old RENAME TO sch_orders');
    });
  });

  it('a feed refused over its header is reported from the error code of the load, not its wording', async () => {
    const refuse = (code: string) =>
      db().query(
        `INSERT INTO stg_audit_log (load_id, source_name, table_name, source_file, load_type, status, error_message,
            error_code, error_details)
         VALUES (1, 'orders', 'sch_orders', '/feeds/orders_20260102.csv', 'full', 'FAILED',
                 'orders_20260102.csv: the header does not match sch_orders (missing amount); sch_orders is kept as it was.',
                 $1, '{"missing": ["amount"]}')`,
        [code],
      );
    const rule = schema('orders_refused');
    expect(byName(await runRules(db(), [rule])).orders_refused?.status).toBe('PASSED');
    // Another failure whose message reads the same is not a refused header.
    await refuse('DQ_LOAD_FAILED');
    expect(byName(await runRules(db(), [rule])).orders_refused?.status).toBe('PASSED');
    await refuse('DQ_LOAD_HEADER_MISMATCH');
    const r = byName(await runRules(db(), [rule])).orders_refused!;
    expect([r.status, r.change]).toEqual(['FAILED', 'column_removed']);
    expect(r.message).toContain('amount');
    expect(r.message).toContain('orders_20260102.csv');
    await db().query('DELETE FROM stg_audit_log');
  });

  it('mode baseline: compares with the declared columns', async () => {
    const rule = schema('orders_declared', {
      mode: 'baseline',
      columns: {
        required: ['id', 'amount', 'missing_col'],
        optional: ['channel'],
        forbidden: ['region'],
        types: { amount: 'numeric' },
      },
    });
    const r = byName(await runRules(db(), [rule])).orders_declared!;
    expect(r.status).toBe('FAILED');
    expect(r.message.split('; ').sort()).toEqual(
      [
        'column_removed (critical): missing_col',
        'column_added (info): region text',
        'type_changed (warning): amount numeric -> text',
      ].sort(),
    );
  });
});

describeEachDatabase('monitors: text feeds and monitors that fail', ({ db }) => {
  const feed = (name: string, extra: Partial<TestRule>): TestRule => ({
    name,
    category: 'timeliness',
    table: 'mon_feed',
    check: 'anomaly',
    severity: 'warning',
    ...extra,
  });
  const age = feed('feed_age', { metric: 'freshness', column: 'at' });
  const asOf = parseAsOf('2026-01-05');

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE mon_feed (id serial PRIMARY KEY, at text, amount text);
      INSERT INTO mon_feed (at, amount) VALUES ('2026-01-01 10:00:00', '1'), ('2026-01-03 08:00:00', '2');
    `);
    await migrateCore(db());
  });

  it('freshness of a text column: the newest ISO-shaped value, whatever malformed values sort after it', async () => {
    const expectAge = async (message: string) =>
      expect(byName(await runRules(db(), [age], { asOf })).feed_age?.message).toBe(message);
    // --as-of 2026-01-05 is the end of that day: 2026-01-03 08:00 is two whole days old.
    await expectAge('learning: 0 of 7 training points so far (2 d old on 2026-01-05)');
    // Text that sorts after every date ('n' > '2'), and a newer date with an hour out of range.
    await db().exec(
      `INSERT INTO mon_feed (at, amount) VALUES ('not a date', '3'), ('2026-01-04 99:00', '4')`,
    );
    await expectAge('learning: 0 of 7 training points so far (2 d old on 2026-01-05)');
    await db().exec(`UPDATE mon_feed SET at = 'never' WHERE at LIKE '2026%'`);
    await expectAge('learning: 0 of 7 training points so far (no value on 2026-01-05)');
    await db().exec(
      `DELETE FROM mon_feed WHERE id > 2; UPDATE mon_feed SET at = '2026-01-0' || id || ' 10:00:00'`,
    );
  });

  it('a monitor that errors is ERROR alone: the monitors beside it, in its scan too, still judge', async () => {
    await db().exec(`INSERT INTO mon_feed (at, amount) VALUES ('2026-01-04 12:00:00', 'abc')`);
    const run = await runRules(
      db(),
      [
        // Its judging fails in the database, before the others judge in the same transaction.
        { name: 'feed_failing', category: 'consistency', table: 'mon_feed', check: 'failing_monitor' },
        age,
        feed('feed_rows', { metric: 'row_count' }),
        // The fused scan of mon_feed fails on 'abc'; it is measured again monitor by monitor.
        feed('feed_amount_sum', { metric: 'sum', column: 'amount' }),
        // Caught before anything runs: the column does not exist.
        feed('feed_missing_nulls', { metric: 'null_percent', column: 'nope' }),
        feed('feed_never_ran', { metric: 'failure_percent', rule: 'no_such_rule' }),
        { name: 'feed_schema', category: 'consistency', table: 'mon_feed', check: 'schema_change' },
      ],
      { asOf, plugins: [checkKindFixture] },
    );
    const r = byName(run);
    expect(r.feed_failing?.status).toBe('ERROR');
    expect(r.feed_failing?.message).toBe('while judging: division by zero');
    expect(r.feed_amount_sum?.status).toBe('ERROR');
    expect(r.feed_amount_sum?.message).toMatch(/invalid input syntax for type numeric: "abc"/);
    expect(r.feed_missing_nulls?.status).toBe('ERROR');
    expect(r.feed_missing_nulls?.message).toMatch(/column .*nope.* does not exist/);
    expect(r.feed_never_ran?.status).toBe('ERROR');
    expect(r.feed_never_ran?.message).toBe('the rule no_such_rule has never run: no failure % to watch.');
    expect(r.feed_age?.message).toBe('learning: 0 of 7 training points so far (1 d old on 2026-01-05)');
    expect(r.feed_rows?.message).toBe('learning: 0 of 7 training points so far (3 rows on 2026-01-05)');
    expect(r.feed_schema?.message).toBe('first snapshot of mon_feed: 3 columns recorded as the baseline');
    // Only the monitors that judged have history and a monitor result.
    const judged = await db().query<{ rule_name: string }>(
      `SELECT DISTINCT r.rule_name FROM dq_monitor_results m JOIN dq_rules r USING (rule_id) ORDER BY 1`,
    );
    expect(judged.rows.map((x) => x.rule_name)).toEqual(['feed_age', 'feed_rows', 'feed_schema']);
  });
});
