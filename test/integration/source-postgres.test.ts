import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import { PgDatabase } from '@dq/db';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ADMIN = process.env.DATABASE_URL;
const SOURCE_DB = `dq_src_pg_${process.pid}`;
const SOURCE_URL = ADMIN ? Object.assign(new URL(ADMIN), { pathname: `/${SOURCE_DB}` }).toString() : '';

// The source side needs a server (a second database on it); the warehouse side runs on both engines.
if (ADMIN) {
  describeEachDatabase('The postgres source kind', ({ db, kind }) => {
    const source: SourceConfig = {
      name: 'pg_orders',
      kind: 'postgres',
      table: `stg_pg_orders_${kind}`,
      mode: 'incremental',
      options: { urlEnv: 'DQ_TEST_SOURCE_URL', table: 'orders', watermark: 'updated_at' },
    };
    const load = async (overrides: Partial<SourceConfig> = {}) => {
      const runtime = await createTestKernel({
        database: db(),
        builtins: builtinPlugins(),
        overrides: { sources: [{ ...source, ...overrides }] },
      });
      try {
        return await runtime.kernel.build(IngestEngine).load();
      } finally {
        await runtime.close();
      }
    };
    let admin: PgDatabase;
    let src: PgDatabase;

    beforeAll(async () => {
      admin = new PgDatabase(ADMIN);
      await admin.query(`DROP DATABASE IF EXISTS ${SOURCE_DB}_${kind} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${SOURCE_DB}_${kind}`);
      const url = SOURCE_URL.replace(SOURCE_DB, `${SOURCE_DB}_${kind}`);
      process.env.DQ_TEST_SOURCE_URL = url;
      src = new PgDatabase(url);
      await src.exec(`CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(10,2),
          updated_at timestamptz NOT NULL);
        INSERT INTO orders SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || i END, i * 1.5,
          '2026-01-01 00:00:00+00'::timestamptz + i * interval '1 second' FROM generate_series(1, 1000) i`);
      const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
      await runtime.kernel.build(MigrationService).migrate();
      await runtime.close();
    });
    afterAll(async () => {
      await src?.close();
      await admin.query(`DROP DATABASE IF EXISTS ${SOURCE_DB}_${kind} WITH (FORCE)`);
      await admin.close();
    });

    it('copies a table with values as text; a second run with 10 rows updated stages exactly those 10', async () => {
      const first = await load();
      expect(first.results[0]).toMatchObject({
        status: 'SUCCESS',
        rowsRead: 1000,
        rowsLoaded: 1000,
        rowsRejected: 0,
      });
      const t = source.table;
      const row = await db().query(
        `SELECT id, customer, amount FROM ${t} WHERE id IN ('7', '8') ORDER BY id`,
      );
      expect(row.rows).toEqual([
        { id: '7', customer: null, amount: '10.50' },
        { id: '8', customer: 'c8', amount: '12.00' },
      ]);
      const audit = await db().query(
        `SELECT rows_read, rows_loaded, rows_rejected FROM stg_audit_log WHERE table_name = $1`,
        [t],
      );
      expect(audit.rows).toEqual([{ rows_read: 1000, rows_loaded: 1000, rows_rejected: 0 }]);
      // The row hash, taken in Node over the streamed COPY bytes, is the kernel's by-value hash.
      const h = (c: string) => `coalesce(convert_to(${c}, 'UTF8') || '\\x00'::bytea, '\\xff'::bytea)`;
      const off = await db().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${t}
          WHERE row_hash IS DISTINCT FROM md5(${['id', 'customer', 'amount', 'updated_at'].map(h).join(' || ')})`,
      );
      expect(off.rows[0]!.n).toBe(0);

      await src.exec(
        `UPDATE orders SET amount = amount + 1, updated_at = '2026-02-01 00:00:00+00'::timestamptz + id * interval '1 second' WHERE id <= 10`,
      );
      // A failed run (the source unreachable) keeps the watermark: the next run takes the same rows.
      const failed = await load({ options: { ...source.options, urlEnv: 'DQ_TEST_NO_SUCH_URL' } });
      expect(failed.results[0]).toMatchObject({ status: 'FAILED' });
      // From the watermark on: the newest row staged (id 1000) is read again and not added twice.
      const second = await load();
      expect(second.results[0]).toMatchObject({ status: 'SUCCESS', rowsRead: 11, rowsNew: 10 });
      const third = await load();
      expect(third.results[0]).toMatchObject({ rowsRead: 1, rowsNew: 0 });
      // A row written later at the very instant of the newest one staged is not lost.
      await src.exec(
        `INSERT INTO orders VALUES (1001, 'late', 1, '2026-02-01 00:00:00+00'::timestamptz + interval '10 seconds')`,
      );
      const fourth = await load();
      expect(fourth.results[0]).toMatchObject({ rowsRead: 2, rowsNew: 1 });
      const n = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
      expect(n.rows[0]!.n).toBe(1011);
    });

    it('a numeric watermark compares as a number, and a query loads like a table', async () => {
      const q: Partial<SourceConfig> = {
        table: `stg_pg_query_${kind}`,
        options: {
          urlEnv: 'DQ_TEST_SOURCE_URL',
          query: 'SELECT id, customer FROM orders WHERE id <= 100',
          watermark: 'id',
        },
      };
      expect((await load(q)).results[0]).toMatchObject({ status: 'SUCCESS', rowsRead: 100 });
      // From 100 on as a number (100 read again, not added); as text the highest staged id is '99'.
      const more = await load({
        ...q,
        options: { ...(q.options as object), query: 'SELECT id, customer FROM orders WHERE id <= 1000' },
      });
      expect(more.results[0]).toMatchObject({ status: 'SUCCESS', rowsRead: 901, rowsNew: 900 });
    });
  });
}
