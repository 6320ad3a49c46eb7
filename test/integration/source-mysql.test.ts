import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MYSQL_SERVER } from './mysql-server.js';

// The local MariaDB (or MySQL) server; each engine's half gets its own database, dropped after.
const SERVER = MYSQL_SERVER;

describeEachDatabase('The mysql source kind', ({ db, kind }) => {
  const DB = `dq_src_my_${process.pid}_${kind}`;
  const source: SourceConfig = {
    name: 'my_orders',
    kind: 'mysql',
    table: `stg_my_orders_${kind}`,
    mode: 'incremental',
    options: { urlEnv: 'DQ_TEST_MYSQL_SOURCE_URL', table: 'orders', watermark: 'updated_at' },
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
  let src: mysql.Connection;

  beforeAll(async () => {
    src = await mysql.createConnection({ uri: SERVER, multipleStatements: true });
    await src.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
      SET time_zone = '+00:00';
      CREATE TABLE orders (id int PRIMARY KEY, customer varchar(20) NULL, amount decimal(20,6),
        ratio double, big bigint unsigned, flag bit(3), raw varbinary(8), doc json, day date,
        at_time time(3), stamp timestamp(6) NULL, updated_at datetime NOT NULL);
      INSERT INTO orders (id, customer, amount, ratio, big, updated_at)
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000)
        SELECT i, IF(i % 7 = 0, NULL, CONCAT('c', i)), i * 1.5, i / 4, i,
          TIMESTAMP('2026-01-01') + INTERVAL i SECOND FROM s;
      UPDATE orders SET amount = 12345678901234.000001, ratio = 0.1, big = 18446744073709551615,
        flag = b'101', raw = X'00ff10', doc = '{"a": [1, 2]}', day = '2026-03-04',
        at_time = '-12:34:56.789', stamp = '2026-05-06 07:08:09.123456' WHERE id = 1;
      UPDATE orders SET customer = 'tab\there\nline \\\\ back' WHERE id = 2;
      UPDATE orders SET customer = 'Zoë 東京 🍣' WHERE id = 3`);
    process.env.DQ_TEST_MYSQL_SOURCE_URL = `${SERVER}/${DB}`;
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });
  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await src?.end();
  });

  it('copies a table with every value in its text form, read = loaded + rejected in the audit log', async () => {
    const first = await load();
    expect(first.results[0]).toMatchObject({
      status: 'SUCCESS',
      rowsRead: 1000,
      rowsLoaded: 1000,
      rowsRejected: 0,
    });
    const t = source.table;
    const rows = await db().query(`SELECT * FROM ${t} WHERE id IN ('1', '7') ORDER BY id`);
    expect(rows.rows[0]).toMatchObject({
      id: '1',
      customer: 'c1',
      amount: '12345678901234.000001',
      ratio: '0.1',
      big: '18446744073709551615',
      flag: '5',
      raw: '\\x00ff10',
      doc: '{"a": [1, 2]}',
      day: '2026-03-04',
      at_time: '-12:34:56.789',
      stamp: '2026-05-06T07:08:09.123456',
      updated_at: '2026-01-01T00:00:01',
    });
    expect(rows.rows[1]).toMatchObject({
      id: '7',
      customer: null,
      amount: '10.500000',
      flag: null,
      raw: null,
    });
    const two = await db().query(`SELECT customer FROM ${t} WHERE id = '2'`);
    expect(two.rows[0]).toEqual({ customer: 'tab\there\nline \\ back' });
    const three = await db().query(`SELECT customer FROM ${t} WHERE id = '3'`);
    expect(three.rows[0]).toEqual({ customer: 'Zoë 東京 🍣' });
    const audit = await db().query(
      'SELECT rows_read, rows_loaded, rows_rejected FROM stg_audit_log WHERE table_name = $1',
      [t],
    );
    expect(audit.rows).toEqual([{ rows_read: 1000, rows_loaded: 1000, rows_rejected: 0 }]);
    // The row hash, taken over the COPY text bytes, is the kernel's by-value hash of every column.
    const cols = [
      'id',
      'customer',
      'amount',
      'ratio',
      'big',
      'flag',
      'raw',
      'doc',
      'day',
      'at_time',
      'stamp',
      'updated_at',
    ];
    const h = (c: string) => `coalesce(convert_to(${c}, 'UTF8') || '\\x00'::bytea, '\\xff'::bytea)`;
    const off = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${t} WHERE row_hash IS DISTINCT FROM md5(${cols.map(h).join(' || ')})`,
    );
    expect(off.rows[0]!.n).toBe(0);
  });

  it('a second run with 10 rows updated stages exactly those 10; a failed run in between keeps the watermark', async () => {
    const t = source.table;
    await src.query(
      `UPDATE orders SET amount = amount + 1, updated_at = TIMESTAMP('2026-02-01') + INTERVAL id SECOND WHERE id BETWEEN 11 AND 20`,
    );
    // The source unreachable: FAILED, and the staging table (hence the watermark) as it was.
    const failed = await load({ options: { ...source.options, urlEnv: 'DQ_TEST_NO_SUCH_URL' } });
    expect(failed.results[0]).toMatchObject({ status: 'FAILED' });
    // A run that refuses every new row (a value PostgreSQL cannot take) stages nothing and also
    // keeps it; the newest row already staged (id 1000, read again from the watermark on) is not added twice.
    await src.query(`UPDATE orders SET customer = CONCAT('x', CHAR(0)) WHERE id BETWEEN 11 AND 20`);
    const refused = await load();
    expect(refused.results[0]).toMatchObject({ rowsRead: 11, rowsRejected: 10, rowsNew: 0 });
    await src.query(`UPDATE orders SET customer = CONCAT('u', id) WHERE id BETWEEN 11 AND 20`);

    const second = await load();
    expect(second.results[0]).toMatchObject({ status: 'SUCCESS', rowsRead: 11, rowsLoaded: 11, rowsNew: 10 });
    const staged = await db().query<{ id: string }>(
      `SELECT id FROM ${t} WHERE updated_at >= '2026-02' ORDER BY id::int`,
    );
    expect(staged.rows.map((r) => Number(r.id))).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const third = await load();
    expect(third.results[0]).toMatchObject({ rowsRead: 1, rowsNew: 0 });
    // DATETIME keeps whole seconds: a row written later in the second of the newest one staged is not lost.
    await src.query(
      `INSERT INTO orders (id, customer, amount, updated_at) VALUES (1001, 'late', 1, TIMESTAMP('2026-02-01') + INTERVAL 20 SECOND)`,
    );
    const fourth = await load();
    expect(fourth.results[0]).toMatchObject({ rowsRead: 2, rowsNew: 1 });
    const n = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    expect(n.rows[0]!.n).toBe(1011);
  });

  it('a numeric watermark compares as a number, and a query loads like a table', async () => {
    const q: Partial<SourceConfig> = {
      table: `stg_my_query_${kind}`,
      options: {
        urlEnv: 'DQ_TEST_MYSQL_SOURCE_URL',
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

  it('a table that does not exist fails the load with its name and keeps staging', async () => {
    const res = await load({ options: { ...source.options, table: 'no_such_table' } });
    expect(res.results[0]).toMatchObject({ status: 'FAILED' });
    expect(res.results[0]!.error).toMatch(/no_such_table/);
  });
});
