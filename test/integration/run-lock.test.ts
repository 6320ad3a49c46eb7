import { PgDatabase } from '@dq/db';
import { type Database, isDqError } from '@dq/plugin-api';
import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const codeOf = (err: unknown) => (isDqError(err) ? err.code : String(err));

/** The guarded advisory lock of `dq run` (Database.withAdvisoryLock with guard: true). */
describeEachDatabase('A guarded advisory lock', ({ db, kind, testDatabase }) => {
  beforeAll(async () => {
    await db().exec('CREATE TABLE guarded (n int)');
  });

  const holderPid = async (name: string) =>
    (
      await db().query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND objid = (hashtext($1)::bigint & 4294967295)::oid`,
        [name],
      )
    ).rows[0]?.pid;

  it('lets writes through while the lock is held', async () => {
    const done = await db().withAdvisoryLock(
      'guard-ok',
      async (lock) => {
        await lock.verify();
        await db().query('INSERT INTO guarded VALUES (1)');
        await db().transaction((tx) => tx.query('INSERT INTO guarded VALUES (2)'));
        return 'done';
      },
      { guard: true },
    );
    expect(done).toBe('done');
    expect((await db().query<{ n: number }>('SELECT count(*)::int AS n FROM guarded')).rows[0]!.n).toBe(2);
  });

  it.runIf(kind === 'postgres')(
    'once its session is terminated, every write and verify() throws DQ_RUN_LOCK_LOST and nothing is written',
    async () => {
      const runner: Database = new PgDatabase(testDatabase().url!);
      try {
        const outcome = await runner.withAdvisoryLock(
          'guard-lost',
          async (lock) => {
            const pid = await holderPid('guard-lost');
            expect(pid).toBeDefined();
            await db().query('SELECT pg_terminate_backend($1)', [pid]);
            // Reads still work; writes do not.
            expect((await runner.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
            const errors = [
              await runner.query('INSERT INTO guarded VALUES (10)').catch(codeOf),
              await runner.transaction((tx) => tx.query('INSERT INTO guarded VALUES (11)')).catch(codeOf),
              await runner.exec('INSERT INTO guarded VALUES (12)').catch(codeOf),
              await lock.verify().catch(codeOf),
            ];
            return errors;
          },
          { guard: true },
        );
        expect(outcome).toEqual([
          'DQ_RUN_LOCK_LOST',
          'DQ_RUN_LOCK_LOST',
          'DQ_RUN_LOCK_LOST',
          'DQ_RUN_LOCK_LOST',
        ]);
        expect(
          (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM guarded WHERE n >= 10')).rows[0]!
            .n,
        ).toBe(0);
        // The lock is free again for the next run.
        await expect(
          runner.withAdvisoryLock('guard-lost', async () => 'next', { guard: true }),
        ).resolves.toBe('next');
      } finally {
        await runner.close();
      }
    },
  );

  it.runIf(kind === 'postgres')(
    'a write under way when the session goes is rolled back, and the next holder waits for it to end',
    async () => {
      const first: Database = new PgDatabase(testDatabase().url!);
      const second: Database = new PgDatabase(testDatabase().url!);
      try {
        const events: string[] = [];
        let writing = () => {};
        const started = new Promise<void>((r) => (writing = r));
        let finish = () => {};
        const finished = new Promise<void>((r) => (finish = r));
        const run = first.withAdvisoryLock(
          'guard-inflight',
          async () =>
            first
              .transaction(async (tx) => {
                await tx.query('INSERT INTO guarded VALUES (20)');
                writing();
                await finished;
                events.push('first write ends');
              })
              .catch(codeOf),
          { guard: true },
        );
        await started;
        await db().query('SELECT pg_terminate_backend($1)', [await holderPid('guard-inflight')]);
        const next = second.withAdvisoryLock(
          'guard-inflight',
          async () => {
            events.push('second run starts');
          },
          { guard: true },
        );
        await new Promise((r) => setTimeout(r, 300));
        finish();
        expect(await run).toBe('DQ_RUN_LOCK_LOST');
        await next;
        expect(events).toEqual(['first write ends', 'second run starts']);
        expect(
          (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM guarded WHERE n = 20')).rows[0]!.n,
        ).toBe(0);
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
