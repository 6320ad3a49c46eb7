import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, dataOf, runDq, workdir, writeRepoConfig } from './run-dq.js';

const RULES = `- name: cli_events_daily
  category: completeness
  table: cli_events
  check: anomaly
  metric: row_count
  time_column: at
  severity: warning
`;

const COUNTS = [100, 104, 97, 102, 99, 105, 96, 103, 98, 101, 95, 104, 97, 100];

for (const kind of availableKinds()) {
  describe(`dq monitors list/history/exclude/backtest [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const dq = (...args: string[]) =>
      runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: database.env });
    const insertDay = (day: number, count: number) =>
      database.withDb((db) =>
        db.query(
          `INSERT INTO cli_events (at) SELECT $1::timestamp + g * interval '1 minute' FROM generate_series(1, $2::int) g`,
          [`2026-01-${String(day).padStart(2, '0')}`, count],
        ),
      );

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      mkdirSync(join(cwd, 'rules'));
      writeFileSync(join(cwd, 'rules/monitors.yaml'), RULES);
      writeRepoConfig(cwd, join(cwd, 'rules'));
      expect((await dq('db', 'migrate')).code).toBe(0);
      await database.withDb((db) => db.exec('CREATE TABLE cli_events (id serial PRIMARY KEY, at timestamp)'));
      for (const [i, n] of COUNTS.entries()) await insertDay(i + 1, n);
    }, 600_000);
    afterAll(() => database?.test.drop());

    it('backfills on the first run, flags a spike, and shows the series, the list and a backtest', async () => {
      const first = await dq('check', '--as-of', '2026-01-14', '--json');
      expect(first.code, first.stderr).toBe(0);
      expect(dataOf(first).results[0]).toMatchObject({ status: 'PASSED', monitor: true });
      expect(dataOf(first).results[0].message).toMatch(
        /^100 rows, expected [\d.]+-[\d.]+, z -?\d\.\d, 13 points/,
      );

      await insertDay(15, 160);
      const spike = await dq('check', '--as-of', '2026-01-15');
      expect(spike.code, spike.stderr).toBe(0);
      expect(spike.stdout).toMatch(
        /FAILED\s+cli_events_daily: 160 rows, expected [\d.]+-[\d.]+, z \d+\.\d, 14 points/,
      );

      const history = dataOf(await dq('monitors', 'history', 'cli_events_daily', '--json'));
      expect(history).toHaveLength(15);
      expect(
        history.filter((p: { anomalous: boolean }) => p.anomalous).map((p: { bucket: string }) => p.bucket),
      ).toEqual(['2026-01-15 00:00:00']);

      const list = await dq('monitors', 'list');
      expect(list.stdout).toMatch(
        /cli_events_daily\s+anomaly\s+cli_events\s+row_count\s+15\s+2026-01-15 00:00\s+FAILED/,
      );

      const backtest = dataOf(await dq('monitors', 'backtest', '--sensitivity', '3,100', '--json'));
      expect(backtest).toEqual([
        {
          monitor: 'cli_events_daily',
          table: 'cli_events',
          metric: 'row_count',
          results: [
            { sensitivity: 3, judged: 8, alerts: ['2026-01-15 00:00:00'] },
            { sensitivity: 100, judged: 8, alerts: [] },
          ],
        },
      ]);
    });

    it('records an exclusion and takes it back; bad input exits 2 with the fix', async () => {
      const excluded = await dq(
        ...['monitors', 'exclude', 'cli_events_daily', '--from', '2026-01-03', '--to', '2026-01-04'],
        ...['--reason', 'feed outage', '--json'],
      );
      expect(excluded.code, excluded.stderr).toBe(0);
      expect(dataOf(excluded)).toEqual([
        {
          exclusionId: 1,
          monitor: 'cli_events_daily',
          from: '2026-01-03 00:00:00',
          to: '2026-01-05 00:00:00',
          reason: 'feed outage',
          removed: false,
        },
      ]);
      const history = dataOf(await dq('monitors', 'history', 'cli_events_daily', '--json'));
      expect(history.filter((p: { excluded: boolean }) => p.excluded)).toHaveLength(2);
      const undo = await dq('monitors', 'exclude', 'cli_events_daily', '--undo');
      expect(undo.stdout).toContain('1 exclusion(s) of cli_events_daily taken back; they stay on record.');
      expect(undo.stdout).toMatch(/1\s+2026-01-03 00:00:00\s+2026-01-05 00:00:00\s+taken back\s+feed outage/);

      const unknown = await dq('monitors', 'exclude', 'nope', '--from', '2026-01-03', '--to', '2026-01-04');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No monitor named "nope" has run.');
      const bad = await dq('monitors', 'backtest', '--sensitivity', 'abc');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--sensitivity "abc" is not a list of positive numbers.');
      const asOf = await dq('check', '--as-of', 'yesterday');
      expect(asOf.code).toBe(2);
      expect(asOf.stderr).toContain('--as-of "yesterday" is neither a date nor an ISO timestamp.');
    });
  });
}
