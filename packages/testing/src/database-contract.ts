import { Readable } from 'node:stream';
import { isDqError } from '@dq/plugin-api';
import { expect, it } from 'vitest';
import type { DatabaseSuiteContext } from './describe-each-database.js';

/**
 * The Database contract: every engine must pass it unchanged (run it through
 * describeEachDatabase). It pins down the behaviour engines and plugins rely on.
 */
export function databaseContract({ db }: DatabaseSuiteContext): void {
  it('binds parameters and returns the same JavaScript types on every engine', async () => {
    const res = await db().query<{ n: number; d: string; x: string; big: number; t: Date }>(
      "SELECT $1::int AS n, DATE '2024-07-01' AS d, 1.50::numeric(5,2) AS x, 9007199254740::bigint AS big, TIMESTAMPTZ '2024-01-15 10:00:00+00' AS t",
      [7],
    );
    expect(res.rows).toHaveLength(1);
    const row = res.rows[0]!;
    expect(row.n).toBe(7);
    expect(row.d).toBe('2024-07-01');
    expect(row.x).toBe('1.50');
    expect(row.big).toBe(9007199254740);
    expect(row.t.toISOString()).toBe('2024-01-15T10:00:00.000Z');
  });

  it('runs multi-statement scripts with exec and reports affected rows', async () => {
    await db().exec(
      'CREATE TABLE contract_t (id int PRIMARY KEY, v text); INSERT INTO contract_t VALUES (1, $$a$$), (2, $$b$$);',
    );
    const upd = await db().query('UPDATE contract_t SET v = v || $1', ['!']);
    expect(upd.rowCount).toBe(2);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db().transaction(async (tx) => {
      await tx.query('INSERT INTO contract_t VALUES (3, $1)', ['c']);
    });
    await expect(
      db().transaction(async (tx) => {
        await tx.query('INSERT INTO contract_t VALUES (4, $1)', ['d']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const ids = await db().query<{ id: number }>('SELECT id FROM contract_t ORDER BY id');
    expect(ids.rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('refuses writes in a READ ONLY transaction and changes nothing', async () => {
    await expect(
      db().transaction((tx) => tx.query('DELETE FROM contract_t'), { readOnly: true }),
    ).rejects.toThrow(/read-only/);
    const count = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM contract_t');
    expect(count.rows[0]?.n).toBe(3);
  });

  it('streams a large result in batches without returning it whole', async () => {
    const sizes: number[] = [];
    let sum = 0;
    for await (const batch of db().stream<{ g: number }>(
      'SELECT g FROM generate_series(1, $1::int) g',
      [2500],
      {
        batchSize: 1000,
      },
    )) {
      sizes.push(batch.length);
      for (const row of batch) sum += row.g;
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(sum).toBe((2500 * 2501) / 2);
  });

  it('stops streaming cleanly when the consumer breaks early', async () => {
    let seen = 0;
    for await (const batch of db().stream('SELECT g FROM generate_series(1, 10000) g', [], {
      batchSize: 100,
    })) {
      seen += batch.length;
      if (seen >= 200) break;
    }
    expect(seen).toBe(200);
    const after = await db().query<{ one: number }>('SELECT 1 AS one');
    expect(after.rows[0]?.one).toBe(1);
  });

  it('copies CSV from a stream with COPY FROM STDIN', async () => {
    await db().exec('CREATE TABLE contract_copy (a text, b text)');
    const lines = Array.from({ length: 5000 }, (_, i) => `k${i},"v, ${i}"\n`);
    const chunks = [lines.slice(0, 2000).join(''), lines.slice(2000).join('')];
    const copied = await db().copyFrom(
      'COPY contract_copy (a, b) FROM STDIN WITH (FORMAT csv)',
      Readable.from(chunks),
    );
    expect(copied).toBe(5000);
    const res = await db().query<{ n: number; b: string }>(
      "SELECT count(*)::int AS n, max(b) FILTER (WHERE a = 'k42') AS b FROM contract_copy",
    );
    expect(res.rows[0]).toEqual({ n: 5000, b: 'v, 42' });
  });

  it('leaves the table untouched when a COPY fails midway', async () => {
    const bad = Readable.from(['x,1\n', 'y,2\n', 'z,3,extra\n']);
    await expect(
      db().transaction((tx) => tx.copyFrom('COPY contract_copy (a, b) FROM STDIN WITH (FORMAT csv)', bad)),
    ).rejects.toThrow();
    const res = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM contract_copy');
    expect(res.rows[0]?.n).toBe(5000);
  });

  it('holds an advisory lock: a second taker without wait gets DQ_RUN_LOCKED', async () => {
    let inner: unknown;
    await db().withAdvisoryLock('contract-lock', async () => {
      inner = await db()
        .withAdvisoryLock('contract-lock', async () => 'entered')
        .catch((err: unknown) => err);
    });
    expect(isDqError(inner) && inner.code).toBe('DQ_RUN_LOCKED');
    // released afterwards
    await expect(db().withAdvisoryLock('contract-lock', async () => 'again')).resolves.toBe('again');
  });

  it('applies transaction settings locally and rolls back on request even when fn resolves', async () => {
    const seen = await db().transaction(
      async (tx) => {
        await tx.query('INSERT INTO contract_t VALUES (90, $1)', ['rolled back']);
        return (await tx.query<{ v: string }>("SELECT current_setting('work_mem') AS v")).rows[0]!.v;
      },
      { settings: { work_mem: '7MB' }, rollback: true },
    );
    expect(seen).toBe('7MB');
    const after = await db().query<{ n: number; v: string }>(
      "SELECT (SELECT count(*)::int FROM contract_t WHERE id = 90) AS n, current_setting('work_mem') AS v",
    );
    expect(after.rows[0]).toEqual({ n: 0, v: '4MB' });
  });

  it('asRole runs statements as the role and resets the session after every transaction', async () => {
    await db().exec(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dq_contract_role') THEN CREATE ROLE dq_contract_role LOGIN; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
      GRANT SELECT ON contract_t TO dq_contract_role;`);
    const restricted = db().asRole('dq_contract_role');
    const who = await restricted.transaction((tx) =>
      tx.query<{ u: string; n: number }>(
        'SELECT current_user::text AS u, count(*)::int AS n FROM contract_t',
      ),
    );
    expect(who.rows[0]?.u).toBe('dq_contract_role');
    await expect(restricted.query('DELETE FROM contract_t')).rejects.toThrow(/permission denied/);
    // A setting made for the session inside one transaction is gone in the next, on every
    // connection: take every connection of the pool once.
    await restricted.transaction((tx) => tx.query("SELECT set_config('search_path', 'pg_catalog', false)"));
    for (let i = 0; i < 6; i++) {
      const path = await restricted.transaction((tx) =>
        tx.query<{ v: string }>("SELECT current_setting('search_path') AS v"),
      );
      expect(path.rows[0]?.v).not.toBe('pg_catalog');
    }
    // dq's own session is still itself
    const own = await db().query<{ u: string }>('SELECT current_user::text AS u');
    expect(own.rows[0]?.u).not.toBe('dq_contract_role');
  });
}
