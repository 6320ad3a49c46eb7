import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { describe, expect, it } from 'vitest';
import { cliDatabase, repoRoot, runDq, workdir, writeRepoConfig } from './run-dq.js';

const ROWS = 100_000;

/**
 * The locks between processes, on a server (the embedded database admits one process at a
 * time, which embedded-lock.test.ts covers).
 */
describe.runIf(availableKinds().includes('postgres'))('locks between dq processes [postgres]', () => {
  it('two dq load of one source at once, incremental then full: one load of rows, no deadlock', async () => {
    const { test, env, withDb } = await cliDatabase('postgres');
    const cwd = workdir();
    const lines = ['item_id,product,price'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i},product ${i % 500},${(i % 1000) / 10}`);
    writeFileSync(join(cwd, 'items_20250101.csv'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(cwd, 'dq.yaml'),
      `sources:\n  - { name: items, kind: csv, path: ${cwd}, pattern: "items_*.csv", table: stg_items, mode: full }\n`,
    );
    const dq = (...args: string[]) => runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env });
    const counts = () =>
      withDb(
        async (db) =>
          (
            await db.query<{ n: number; d: number }>(
              'SELECT count(*)::int AS n, count(DISTINCT item_id)::int AS d FROM stg_items',
            )
          ).rows[0],
      );
    try {
      expect((await dq('db', 'migrate')).code).toBe(0);
      for (const mode of ['incremental', 'full']) {
        for (let round = 0; round < 2; round++) {
          // --wait: the second queues behind the first.
          const waiting = await Promise.all([
            dq('load', '--mode', mode, '--wait'),
            dq('load', '--mode', mode, '--wait'),
          ]);
          for (const r of waiting) expect(r.code, r.stderr).toBe(0);
          expect(await counts()).toEqual({ n: ROWS, d: ROWS });
          // Without --wait: the second fails at once, saying why, unless the first was done.
          const racing = await Promise.all([dq('load', '--mode', mode), dq('load', '--mode', mode)]);
          for (const r of racing) {
            expect([0, 3], r.stderr).toContain(r.code);
            if (r.code === 3) expect(r.stderr).toContain('another dq process is loading stg_items');
            expect(r.stderr).not.toMatch(/deadlock|pg_type_typname/);
          }
          expect(await counts()).toEqual({ n: ROWS, d: ROWS });
        }
      }
    } finally {
      await test.drop();
    }
  }, 300_000);

  it('a run whose lock session is terminated stops with exit 3 before its next write; the next run runs alone', async () => {
    const { test, env, withDb } = await cliDatabase('postgres');
    const cwd = workdir();
    writeRepoConfig(cwd, join(repoRoot, 'rules'));
    const runEnv = { ...env, DQ_QUALITY__FAIL_ON: 'never' };
    const dq = (...args: string[]) =>
      runDq([...args, '--config', join(cwd, 'dq.yaml')], { cwd, env: runEnv });
    try {
      expect(
        (await dq('generate', '--out', join(cwd, 'raw'), '--scale', '0.3', '--date', '20260101')).code,
      ).toBe(0);
      expect((await dq('db', 'migrate')).code).toBe(0);
      const first = dq('run');
      // Wait for the first run to hold the lock and be half-way through its loads (one source
      // staged, others loading), then end its lock session as a failover or an idle-session
      // killer would. Advisory locks are per database: only this database's lock is looked at.
      const killed = await withDb(async (db) => {
        for (let i = 0; i < 3000; i++) {
          const res = await db.query<{ pid: number; loading: boolean }>(
            `SELECT l.pid, EXISTS (SELECT 1 FROM stg_audit_log) AS loading
               FROM pg_locks l
              WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.objid = (hashtext('dq:run')::bigint & 4294967295)::oid`,
          );
          const row = res.rows[0];
          if (row?.loading) {
            await db.query('SELECT pg_terminate_backend($1)', [row.pid]);
            return {
              pid: row.pid,
              at: (await db.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now,
            };
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        return undefined;
      });
      expect(killed, 'the first run never held the lock while loading').toBeDefined();
      const second = dq('run');
      const [a, b] = await Promise.all([first, second]);
      expect(a.code, `A: ${a.stderr}\n---\n${a.stdout}\nB: ${b.stderr}`).toBe(3);
      expect(a.stderr).toMatch(/lock "dq:run" .* was lost/);
      expect(b.code, b.stderr).toBe(0);

      await withDb(async (db) => {
        const loads = await db.query<{ load_id: number; first: Date; last: Date }>(
          `SELECT load_id, min(started_at) AS first, max(finished_at) AS last FROM stg_audit_log GROUP BY load_id ORDER BY load_id`,
        );
        // Nothing the first run wrote is later than anything the second wrote. (Not asserted: that
        // it wrote nothing after the kill. pg_terminate_backend returns before the backend has
        // released its locks, so a load the run commits in that moment still finds the lock held;
        // the load's rows and audit row commit together, and the staging table's lock keeps it
        // apart from the second run.)
        expect(loads.rows).toHaveLength(2);
        const [mine, theirs] = loads.rows;
        expect(mine!.last.getTime()).toBeLessThan(theirs!.first.getTime());
        const audit = await db.query<{ load_id: number; n: number }>(
          'SELECT load_id, count(*)::int AS n FROM stg_audit_log GROUP BY load_id ORDER BY load_id',
        );
        // The first run stopped part-way through its six sources. The second loaded the rest: a
        // file the first run had committed is in the backlog's ledger and is not loaded twice.
        expect(audit.rows[0]!.n).toBeLessThan(6);
        expect(audit.rows[0]!.n + audit.rows[1]!.n).toBe(6);
        const everyTable = await db.query<{ n: number }>(
          'SELECT count(DISTINCT table_name)::int AS n FROM stg_audit_log',
        );
        expect(everyTable.rows[0]!.n).toBe(6);
        // The second run alone transformed and checked.
        const checks = await db.query<{ n: number }>(
          'SELECT count(DISTINCT run_id)::int AS n FROM dq_test_results',
        );
        expect(checks.rows[0]!.n).toBe(1);
        // Each staging table holds the rows of one load only.
        const staged = await db.query<{ n: number }>(
          'SELECT count(DISTINCT load_id)::int AS n FROM stg_ecom_transaction_items',
        );
        expect(staged.rows[0]!.n).toBe(1);
      });
    } finally {
      await test.drop();
    }
  }, 300_000);
});
