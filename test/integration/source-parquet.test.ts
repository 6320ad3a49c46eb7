import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, expect, it } from 'vitest';

/** 2,500 orders in row groups of 1,000, written with hyparquet-writer (snappy, its default). */
function orders(n = 2500, extra: Record<string, unknown> = {}): Buffer {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return Buffer.from(
    parquetWriteBuffer({
      rowGroupSize: 1000,
      columnData: [
        { name: 'id', data: ids, type: 'INT32' },
        { name: 'customer', data: ids.map((i) => (i % 7 === 0 ? null : `c${i}`)), type: 'STRING' },
        { name: 'amount', data: ids.map((i) => i * 1.5), type: 'DOUBLE' },
        { name: 'big', data: ids.map((i) => BigInt(i) * 10000000000n), type: 'INT64' },
        { name: 'paid', data: ids.map((i) => i % 2 === 0), type: 'BOOLEAN' },
        { name: 'at', data: ids.map((i) => new Date(Date.UTC(2026, 0, 1) + i * 1000)), type: 'TIMESTAMP' },
        { name: 'doc', data: ids.map((i) => ({ n: i })), type: 'JSON' },
        { name: 'raw', data: ids.map((i) => new Uint8Array([0, i % 256])), type: 'BYTE_ARRAY' },
        ...Object.entries(extra).map(([name, data]) => ({ name, data: data as unknown[] })),
      ] as Parameters<typeof parquetWriteBuffer>[0]['columnData'],
    }),
  );
}

describeEachDatabase('The parquet source kind', ({ db, kind }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dq-parquet-'));
  const source: SourceConfig = {
    name: 'pq_orders',
    kind: 'parquet',
    table: `stg_pq_orders_${kind}`,
    mode: 'full',
    path: dir,
    pattern: 'orders_*.parquet',
  };
  const load = async (overrides: Partial<SourceConfig> = {}, file?: string) => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources: [{ ...source, ...overrides }] },
    });
    try {
      return await runtime.kernel.build(IngestEngine).load(file ? { file } : {});
    } finally {
      await runtime.close();
    }
  };

  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  it('loads every row group with values as text and each row traced to file:row', async () => {
    writeFileSync(join(dir, 'orders_20260101.parquet'), orders());
    const res = await load();
    expect(res.results).toHaveLength(1);
    expect(res.results[0]).toMatchObject({
      status: 'SUCCESS',
      rowsRead: 2500,
      rowsLoaded: 2500,
      rowsRejected: 0,
    });
    const t = source.table;
    const rows = await db().query(
      `SELECT id, customer, amount, big, paid, at, doc, raw, source_file, source_line FROM ${t}
        WHERE id IN ('7', '1002', '2500') ORDER BY id::int`,
    );
    expect(rows.rows).toEqual([
      expect.objectContaining({ id: '7', customer: null, amount: '10.5', big: '70000000000', paid: 'false' }),
      expect.objectContaining({
        id: '1002',
        customer: 'c1002',
        at: '2026-01-01T00:16:42.000Z',
        doc: '{"n":1002}',
        raw: '\\x00ea',
        source_line: 1002,
      }),
      expect.objectContaining({ id: '2500', source_line: 2500 }),
    ]);
    expect(String(rows.rows[2]!.source_file)).toMatch(/orders_20260101\.parquet$/);
    const audit = await db().query(
      'SELECT rows_read, rows_loaded, rows_rejected FROM stg_audit_log WHERE table_name = $1',
      [t],
    );
    expect(audit.rows).toEqual([{ rows_read: 2500, rows_loaded: 2500, rows_rejected: 0 }]);
  });

  it('takes the configured columns by name, whatever their order in the file', async () => {
    const res = await load({ table: `stg_pq_some_${kind}`, options: { columns: ['customer', 'id'] } });
    expect(res.results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 2500 });
    const cols = await db().query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [`stg_pq_some_${kind}`],
    );
    expect(cols.rows.map((c) => c.column_name).slice(0, 2)).toEqual(['customer', 'id']);
    const missing = await load({ table: `stg_pq_none_${kind}`, options: { columns: ['id', 'nope'] } });
    expect(missing.results[0]).toMatchObject({ status: 'FAILED' });
    expect(missing.results[0]!.error).toMatch(/orders_20260101\.parquet has no column nope/);
  });

  it('a backlog of daily files loads oldest first, each its own audited batch; the same files again load nothing', async () => {
    const days = mkdtempSync(join(tmpdir(), 'dq-parquet-days-'));
    // Written newest first, so that only the date in the name puts them in order.
    for (const [day, n] of [
      ['20260105', 30],
      ['20260103', 10],
      ['20260104', 20],
    ] as const) {
      writeFileSync(join(days, `orders_${day}.parquet`), orders(n));
    }
    const backlog = { path: days, table: `stg_pq_days_${kind}`, mode: 'incremental' as const };
    const first = await load(backlog);
    expect(first.results.map((r) => [r.file?.split('/').pop(), r.status, r.rowsRead])).toEqual([
      ['orders_20260103.parquet', 'SUCCESS', 10],
      ['orders_20260104.parquet', 'SUCCESS', 20],
      ['orders_20260105.parquet', 'SUCCESS', 30],
    ]);
    const audit = await db().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stg_audit_log WHERE table_name = $1 AND status = 'SUCCESS'",
      [backlog.table],
    );
    expect(audit.rows[0]!.n).toBe(3);
    const again = await load(backlog);
    expect(again.results.every((r) => r.status === 'SKIPPED' || r.rowsRead === 0)).toBe(true);
    const n = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${backlog.table}`);
    // Incremental: each day's file repeats the rows before it, so only its new rows are added.
    expect(first.results.map((r) => r.rowsNew)).toEqual([10, 10, 10]);
    expect(n.rows[0]!.n).toBe(30);
  });

  it('a truncated file fails with a clear error and the previous staging data is kept', async () => {
    const t = source.table;
    const before = await db().query(`SELECT count(*)::int AS n, max(load_id) AS l FROM ${t}`);
    const whole = orders(3000);
    const file = join(dir, 'orders_20260102.parquet');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const res = await load();
    expect(res.results[0]).toMatchObject({ status: 'FAILED' });
    expect(res.results[0]!.error).toMatch(/orders_20260102\.parquet is not a readable Parquet file/);
    expect((await db().query(`SELECT count(*)::int AS n, max(load_id) AS l FROM ${t}`)).rows).toEqual(
      before.rows,
    );

    // Corrupt inside a row group (footer intact): the same, the data read so far rolled back.
    const bad = Buffer.from(whole);
    bad.fill(0xee, 2000, 6000);
    writeFileSync(file, bad);
    const corrupt = await load({}, file);
    expect(corrupt.results[0]).toMatchObject({ status: 'FAILED' });
    expect(corrupt.results[0]!.error).toMatch(/orders_20260102\.parquet is not a readable Parquet file/);
    expect((await db().query(`SELECT count(*)::int AS n, max(load_id) AS l FROM ${t}`)).rows).toEqual(
      before.rows,
    );
    expect(readFileSync(file).length).toBe(whole.length);
  });

  it('loads DECIMAL columns as their exact digits, whatever their physical type', async () => {
    const prices = ['1.15', '-0.07', '0.00', null, '12345678901234567.89'];
    const unscaled = prices.map((p) => (p === null ? null : BigInt(p.replace('.', ''))));
    const file = join(dir, 'prices_20260101.parquet');
    writeFileSync(
      file,
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            // The writer scales a number itself (567.89 is stored as 56789) and takes a bigint as unscaled.
            { name: 'small', data: prices.map((p) => (p === null ? null : Number(p.slice(-6)))) },
            { name: 'wide', data: unscaled.map((u) => (u === null ? null : u % 100000000000000000n)) },
            { name: 'bytes', data: unscaled },
          ],
          schema: [
            { name: 'root', num_children: 3 },
            { name: 'small', type: 'INT32', converted_type: 'DECIMAL', scale: 2, precision: 9 },
            { name: 'wide', type: 'INT64', converted_type: 'DECIMAL', scale: 2, precision: 18 },
            {
              name: 'bytes',
              type: 'FIXED_LEN_BYTE_ARRAY',
              type_length: 9,
              converted_type: 'DECIMAL',
              scale: 2,
              precision: 20,
            },
          ],
        } as Parameters<typeof parquetWriteBuffer>[0]),
      ),
    );
    const res = await load({
      name: 'pq_prices',
      table: `stg_pq_prices_${kind}`,
      pattern: 'prices_*.parquet',
    });
    expect(res.results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 5 });
    const rows = await db().query<{ small: string; wide: string; bytes: string }>(
      `SELECT small, wide, bytes FROM stg_pq_prices_${kind} ORDER BY source_line`,
    );
    expect(rows.rows.map((r) => r.bytes)).toEqual(prices);
    expect(rows.rows.map((r) => r.small)).toEqual(['1.15', '-0.07', '0.00', null, '567.89']);
    expect(rows.rows.map((r) => r.wide)).toEqual(['1.15', '-0.07', '0.00', null, '345678901234567.89']);
  });
});
