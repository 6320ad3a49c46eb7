import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, type LoadOptions, MigrationService } from '@dq/core';
import { PgDatabase } from '@dq/db';
import type { Database, SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const ROWS = 20_000;

function feed(rows: number, offset = 0): string {
  const lines = ['id,name,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${offset + i},name ${offset + i},${i % 97}`);
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('Loads of one staging table never overlap', ({ db, kind, testDatabase }) => {
  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  /**
   * A second session: on a server its own pool (like another process); the embedded database
   * has one session, so the same one (its transactions queue).
   */
  const otherSession = (): Database => (kind === 'postgres' ? new PgDatabase(testDatabase().url!) : db());
  const loadOn = async (database: Database, sources: SourceConfig[], options: LoadOptions = {}) => {
    const runtime = await createTestKernel({ database, builtins: builtinPlugins(), overrides: { sources } });
    try {
      return await runtime.kernel.build(IngestEngine).load(options);
    } finally {
      await runtime.close();
    }
  };
  const count = async (sql: string) => (await db().query<{ n: number }>(sql)).rows[0]!.n;
  const source = (dir: string, table: string, mode: SourceConfig['mode'], name = table): SourceConfig => ({
    name,
    kind: 'csv',
    path: dir,
    pattern: 'feed_*.csv',
    table,
    mode,
  });

  for (const mode of ['incremental', 'full'] as const) {
    it(`two ${mode} loads started together (the table new, then existing): exactly one load's rows`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dq-lock-'));
      writeFileSync(join(dir, 'feed_20250101.csv'), feed(ROWS));
      const table = `stg_race_${mode}`;
      const other = otherSession();
      try {
        for (let round = 0; round < 3; round++) {
          // Round 0 races to create the table from the header; later rounds race on it, each
          // with the same rows in a new file (a file loaded before is not loaded again).
          if (round > 0) writeFileSync(join(dir, `feed_2025010${round + 1}.csv`), feed(ROWS));
          const runs = await Promise.all([
            loadOn(db(), [source(dir, table, mode)], { wait: true }),
            loadOn(other, [source(dir, table, mode)], { wait: true }),
          ]);
          // Each loads the new file, or finds it loaded by the other already (SKIPPED).
          for (const run of runs)
            expect(['SUCCESS', 'SKIPPED'], run.results[0]!.error).toContain(run.results[0]!.status);
          expect(await count(`SELECT count(*)::int AS n FROM ${table}`)).toBe(ROWS);
          expect(await count(`SELECT count(DISTINCT id)::int AS n FROM ${table}`)).toBe(ROWS);
          if (mode === 'incremental') {
            // One of the two added the rows, the other found them there.
            expect(runs.map((r) => r.results[0]!.rowsNew).reduce((a, b) => a + b)).toBe(
              round === 0 ? ROWS : 0,
            );
          }
        }
      } finally {
        if (other !== db()) await other.close();
      }
    });
  }

  for (const mode of ['full', 'incremental'] as const) {
    it(`two ${mode} loads of the same new file at once: one audit row, the rows once`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dq-lock-'));
      const table = `stg_once_${mode}`;
      const other = otherSession();
      try {
        for (let round = 0; round < 3; round++) {
          // Each round a new file neither load has seen: both find it not loaded before the
          // lock; the one that waited must find it loaded once it holds the lock.
          writeFileSync(join(dir, `feed_2025020${round + 1}.csv`), feed(ROWS, round * ROWS));
          const runs = await Promise.all([
            loadOn(db(), [source(dir, table, mode)], { wait: true }),
            loadOn(other, [source(dir, table, mode)], { wait: true }),
          ]);
          const statuses = runs.map((r) => r.results[0]!.status).sort();
          expect(statuses, runs.map((r) => r.results[0]!.error).join('; ')).toEqual(['SKIPPED', 'SUCCESS']);
          expect(
            await count(
              `SELECT count(*)::int AS n FROM stg_audit_log WHERE table_name = '${table}' AND source_file LIKE '%feed_2025020${round + 1}.csv'`,
            ),
          ).toBe(1);
          const expected = mode === 'full' ? ROWS : (round + 1) * ROWS;
          expect(await count(`SELECT count(*)::int AS n FROM ${table}`)).toBe(expected);
          expect(await count(`SELECT count(DISTINCT id)::int AS n FROM ${table}`)).toBe(expected);
        }
      } finally {
        if (other !== db()) await other.close();
      }
    });
  }

  it('two full loads of six sources at once: no deadlock, every table holds one load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dq-lock-'));
    writeFileSync(join(dir, 'feed_20250101.csv'), feed(5_000));
    const sources = Array.from({ length: 6 }, (_, i) => source(dir, `stg_six_${i}`, 'full'));
    const other = otherSession();
    try {
      const runs = await Promise.all([
        loadOn(db(), sources, { wait: true }),
        loadOn(other, sources, { wait: true }),
      ]);
      for (const run of runs) {
        expect(run.failed, run.results.map((r) => r.error).join('; ')).toBe(0);
      }
      for (let i = 0; i < 6; i++)
        expect(await count(`SELECT count(*)::int AS n FROM stg_six_${i}`)).toBe(5_000);
    } finally {
      if (other !== db()) await other.close();
    }
  });

  it.runIf(kind === 'postgres')(
    'without --wait, a source whose table another process is loading fails at once and leaves it untouched',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dq-lock-'));
      writeFileSync(join(dir, 'feed_20250101.csv'), feed(10));
      await loadOn(db(), [source(dir, 'stg_held', 'full')]);
      writeFileSync(join(dir, 'feed_20250102.csv'), feed(3, 100));
      // Another process in the middle of loading stg_held: its transaction holds the table lock.
      const holder = new PgDatabase(testDatabase().url!);
      let release = () => {};
      const released = new Promise<void>((r) => (release = r));
      let locked = () => {};
      const isLocked = new Promise<void>((r) => (locked = r));
      const holding = holder.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('dq:load:stg_held'))");
        locked();
        await released;
      });
      try {
        await isLocked;
        const run = await loadOn(db(), [source(dir, 'stg_held', 'full'), source(dir, 'stg_free', 'full')]);
        expect(run.results[0]).toMatchObject({ status: 'FAILED' });
        expect(run.results[0]!.error).toContain('another dq process is loading stg_held');
        // stg_free loads its backlog, both files in order.
        expect(run.results.slice(1).map((r) => [r.source, r.status, r.rowsLoaded])).toEqual([
          ['stg_free', 'SUCCESS', 10],
          ['stg_free', 'SUCCESS', 3],
        ]);
        expect(await count('SELECT count(*)::int AS n FROM stg_held')).toBe(10);
      } finally {
        release();
        await holding;
        await holder.close();
      }
    },
  );
});
