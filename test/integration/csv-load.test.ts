import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

const HEADER =
  'product_id,product_name,product_category,product_subcategory,brand,unit_cost,retail_price,product_status';
const row = (i: number, name = `Item ${i}`) =>
  `PROD${String(i).padStart(5, '0')},${name},Home,Decor,"Acme, Inc.",1.00,2.00,Active`;

function feedDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-feed-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function productsSource(dir: string, extra: Partial<SourceConfig> = {}): SourceConfig {
  return {
    name: 'products',
    kind: 'csv',
    path: dir,
    pattern: 'products_*.csv',
    table: 'stg_products',
    mode: 'full',
    ...extra,
  };
}

describeEachDatabase('CSV loads into staging', ({ db, kind }) => {
  const load = async (sources: SourceConfig[], mode?: 'full' | 'incremental') => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      plugins: [join(import.meta.dirname, '../fixtures/source-logfmt')],
      overrides: { sources },
    });
    try {
      return await runtime.kernel.build(IngestEngine).load(mode ? { mode } : {});
    } finally {
      await runtime.close();
    }
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await db().query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  it('loads every file by its date stamp, oldest first, with audit columns and a SUCCESS audit row each', async () => {
    const dir = feedDir({
      'products_20250102.csv': `${HEADER}\n${[1, 2, 3].map((i) => row(i)).join('\n')}\n`,
      'products_20250101.csv': `${HEADER}\n${row(1)}\n`,
    });
    const { results, loadId } = await load([productsSource(dir)]);
    expect(results.map((r) => r.file)).toEqual([
      join(dir, 'products_20250101.csv'),
      join(dir, 'products_20250102.csv'),
    ]);
    expect(results[1]).toMatchObject({ status: 'SUCCESS', rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    const rows = await db().query<{
      product_id: string;
      brand: string;
      load_id: number;
      source_file: string;
      row_hash: string;
    }>('SELECT product_id, brand, load_id, source_file, row_hash FROM stg_products ORDER BY 1');
    expect(rows.rows.map((r) => r.product_id)).toEqual(['PROD00001', 'PROD00002', 'PROD00003']);
    expect(rows.rows[0]).toMatchObject({
      brand: 'Acme, Inc.',
      load_id: loadId,
      source_file: join(dir, 'products_20250102.csv'),
    });
    expect(rows.rows[0]!.row_hash).toMatch(/^[0-9a-f]{32}$/);
    const audit = await db().query(
      'SELECT status, rows_read, rows_loaded, rows_rejected, finished_at >= started_at AS ordered FROM stg_audit_log WHERE load_id = $1 ORDER BY started_at',
      [loadId],
    );
    expect(audit.rows).toEqual([
      { status: 'SUCCESS', rows_read: 1, rows_loaded: 1, rows_rejected: 0, ordered: true },
      { status: 'SUCCESS', rows_read: 3, rows_loaded: 3, rows_rejected: 0, ordered: true },
    ]);
  });

  it('sends malformed lines to stg_rejects with line number and reason: read = loaded + rejected', async () => {
    const lines = [
      HEADER,
      row(1),
      'PROD00002,short',
      row(3),
      'PROD00004,"unterminated,Home,Decor,X,1,2,Active',
      row(5),
    ];
    const bad = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n`),
      Buffer.from('PROD00006,Bad'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(',Home,Decor,X,1,2,Active\n'),
    ]);
    const dir = feedDir({ 'products_20250103.csv': bad });
    const { results, loadId } = await load([productsSource(dir)]);
    expect(results[0]).toMatchObject({ status: 'PARTIAL', rowsRead: 6, rowsLoaded: 3, rowsRejected: 3 });
    const rejects = await db().query(
      'SELECT line_number, reason FROM stg_rejects WHERE load_id = $1 ORDER BY 1',
      [loadId],
    );
    expect(rejects.rows).toEqual([
      { line_number: 3, reason: 'wrong column count: expected 8 fields, found 2' },
      { line_number: 5, reason: 'broken quoting: unterminated quoted field' },
      { line_number: 7, reason: 'invalid UTF-8' },
    ]);
    expect(await count('SELECT count(*)::int AS n FROM stg_products')).toBe(3);
  });

  it('records the sha256 of each file, taken while it loads (many read chunks, a lookahead past an open quote)', async () => {
    // ~1 MiB: the source reads 256 KiB at a time; the open quote makes it read lines again.
    const many = Array.from({ length: 12_000 }, (_, i) => row(i, `Item ${i} ${'x'.repeat(i % 40)}`));
    many.splice(5_000, 0, 'PROD99999,"unterminated,Home,Decor,X,1,2,Active');
    const dir = feedDir({ 'products_20250110.csv': `${HEADER}\n${many.join('\n')}\n` });
    const { results, loadId } = await load([productsSource(dir)]);
    expect(results[0]).toMatchObject({ status: 'PARTIAL', rowsLoaded: 12_000, rowsRejected: 1 });
    const expected = createHash('sha256')
      .update(readFileSync(join(dir, 'products_20250110.csv')))
      .digest('hex');
    const audit = await db().query<{ content_hash: string }>(
      'SELECT content_hash FROM stg_audit_log WHERE load_id = $1',
      [loadId],
    );
    expect(audit.rows).toEqual([{ content_hash: expected }]);
  });

  it('incremental mode appends only rows whose row_hash is new; the same file twice adds 0', async () => {
    const dir = feedDir({ 'products_20250104.csv': `${HEADER}\n${[1, 2].map((i) => row(i)).join('\n')}\n` });
    await load([productsSource(dir)]);
    writeFileSync(
      join(dir, 'products_20250105.csv'),
      `${HEADER}\n${[1, 2, 3].map((i) => row(i)).join('\n')}\n${row(2, 'Renamed')}\n`,
    );
    const first = await load([productsSource(dir)], 'incremental');
    expect(first.results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 4, rowsNew: 2 });
    // The same file again is not loaded at all; the same rows under another name add nothing.
    const again = await load([productsSource(dir)], 'incremental');
    expect(again.results).toMatchObject([{ status: 'SKIPPED', file: null }]);
    writeFileSync(
      join(dir, 'products_20250106.csv'),
      `${HEADER}\n${[1, 2, 3].map((i) => row(i)).join('\n')}\n${row(2, 'Renamed')}\n`,
    );
    const second = await load([productsSource(dir)], 'incremental');
    expect(second.results[0]).toMatchObject({ status: 'SUCCESS', rowsRead: 4, rowsLoaded: 4, rowsNew: 0 });
    expect(await count('SELECT count(*)::int AS n FROM stg_products')).toBe(4);
  });

  it('a staging table hashed the old way is re-hashed by value on its first incremental load, once', async () => {
    // A table as dq loaded it before row hashes were taken over values: md5 of the line as written.
    const lines = [1, 2, 3].map((i) => row(i));
    await db().exec('DROP TABLE IF EXISTS stg_old_products');
    await db().exec(
      `CREATE TABLE stg_old_products (${HEADER.split(',')
        .map((c) => `${c} text`)
        .join(
          ', ',
        )}, load_id bigint, source_file text, row_hash text, load_timestamp timestamptz DEFAULT now())`,
    );
    for (const line of lines) {
      const values = line
        .replace('"Acme, Inc."', 'Acme#')
        .split(',')
        .map((v) => v.replace('Acme#', 'Acme, Inc.'));
      await db().query(
        `INSERT INTO stg_old_products VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}, 1, 'old.csv', md5($9), now())`,
        [...values, line],
      );
    }
    const dir = feedDir({
      'products_20250120.csv': `${HEADER}\n${[1, 2, 3, 4].map((i) => row(i)).join('\n')}\n`,
    });
    const source = productsSource(dir, { table: 'stg_old_products', mode: 'incremental' });
    const first = await load([source]);
    expect(first.results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 4, rowsNew: 1 });
    expect(first.results[0]!.notes?.join(' ')).toContain('re-hashed the 3 rows of stg_old_products by value');
    writeFileSync(
      join(dir, 'products_20250121.csv'),
      `${HEADER}\n${[1, 2, 3, 4].map((i) => row(i)).join('\n')}\n`,
    );
    const second = await load([source]);
    expect(second.results[0]).toMatchObject({ rowsNew: 0 });
    expect(second.results[0]!.notes ?? []).toEqual([]);
    expect(await count('SELECT count(*)::int AS n FROM stg_old_products')).toBe(4);
  });

  it('a csv source option that does not exist is a config error naming it', async () => {
    const err = await load([productsSource(feedDir({}), { options: { maxRecordLine: 5 } })]).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'DQ_CONFIG_INVALID' });
    expect(String((err as Error).message)).toContain('maxRecordLine');
  });

  it('a failed load keeps the previous staging data and records FAILED; other sources still load', async () => {
    const dir = feedDir({ 'products_20250106.csv': `${HEADER}\n${[1, 2].map((i) => row(i)).join('\n')}\n` });
    await load([productsSource(dir)]);
    writeFileSync(join(dir, 'products_20250107.csv'), `product_id,wrong_column\nPROD9,x\n`);
    const other = feedDir({ 'items_20250107.jsonl': '{"sku":"A","qty":"1"}\n' });
    const { results, loadId, failed } = await load([
      productsSource(dir),
      {
        name: 'items',
        kind: 'jsonl',
        path: other,
        pattern: 'items_*.jsonl',
        table: 'stg_items_json',
        mode: 'full',
      },
    ]);
    expect(failed).toBe(1);
    expect(results[0]!.status).toBe('FAILED');
    expect(results[0]!.error).toContain(
      'products_20250107.csv: the header does not match stg_products (missing product_name, product_category',
    );
    expect(results[1]!.status).toBe('SUCCESS');
    expect(await count('SELECT count(*)::int AS n FROM stg_products')).toBe(2);
    const audit = await db().query(
      'SELECT source_name, status, error_code, error_details FROM stg_audit_log WHERE load_id = $1 ORDER BY 1',
      [loadId],
    );
    // The refusal's code and columns are kept apart from its wording: schema monitors read them.
    expect(audit.rows).toEqual([
      { source_name: 'items', status: 'SUCCESS', error_code: null, error_details: null },
      {
        source_name: 'products',
        status: 'FAILED',
        error_code: 'DQ_LOAD_HEADER_MISMATCH',
        error_details: { missing: expect.arrayContaining(['product_name', 'product_category']) },
      },
    ]);
  });

  it('every staged row carries its file and line: a quoted field over two lines counts as its first', async () => {
    const dir = feedDir({
      'products_20250112.csv': `${HEADER}\n${row(1)}\n${row(2, '"Two\nlines"')}\nshort\n${row(3)}\n`,
    });
    const { results } = await load([productsSource(dir)]);
    expect(results[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    const rows = await db().query('SELECT product_id, source_file, source_line FROM stg_products ORDER BY 1');
    const file = join(dir, 'products_20250112.csv');
    expect(rows.rows).toEqual([
      { product_id: 'PROD00001', source_file: file, source_line: 2 },
      { product_id: 'PROD00002', source_file: file, source_line: 3 },
      { product_id: 'PROD00003', source_file: file, source_line: 6 },
    ]);
  });

  it('a feed that gained a column adds it to staging (text, noted); reordered columns load by name', async () => {
    const dir = feedDir({ 'products_20250113.csv': `${HEADER}\n${row(1)}\n` });
    const drifting = productsSource(dir, { mode: 'incremental', table: 'stg_products_drift' });
    await load([drifting]);
    const cols = HEADER.split(',');
    const reordered = [...cols.slice(1), cols[0], 'launch_year'].join(',');
    const line = (i: number) => {
      const f = row(i).replace('"Acme, Inc."', 'Acme').split(',');
      return [...f.slice(1), f[0], '2024'].join(',');
    };
    writeFileSync(join(dir, 'products_20250114.csv'), `${reordered}\n${line(1)}\n${line(2)}\n`);
    const { results } = await load([drifting]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 2, rowsNew: 2 });
    expect(results[0]!.notes?.join(' ')).toContain(
      'added the column launch_year of products_20250114.csv to stg_products_drift',
    );
    const rows = await db().query(
      "SELECT product_id, brand, launch_year FROM stg_products_drift WHERE source_file LIKE '%0114.csv' ORDER BY 1",
    );
    expect(rows.rows).toEqual([
      { product_id: 'PROD00001', brand: 'Acme', launch_year: '2024' },
      { product_id: 'PROD00002', brand: 'Acme', launch_year: '2024' },
    ]);
    const type = await db().query(
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'stg_products_drift' AND column_name = 'launch_year'",
    );
    expect(type.rows).toEqual([{ data_type: 'text' }]);
  });

  it('a file whose every line is rejected does not replace the staging data', async () => {
    const dir = feedDir({ 'products_20250108.csv': `${HEADER}\n${row(1)}\n` });
    await load([productsSource(dir)]);
    writeFileSync(
      join(dir, 'products_20250109.csv'),
      `${HEADER.replaceAll(',', ';')}\n${row(1).replaceAll(',', ';')}\n`,
    );
    const { results } = await load([productsSource(dir)]);
    expect(results[0]!.status).toBe('FAILED');
    expect(await count('SELECT count(*)::int AS n FROM stg_products')).toBe(1);
  });

  it('a new feed creates its staging table from the header; unquoted nullValues load as NULL', async () => {
    const dir = feedDir({
      'stores_20250101.csv': 'Store ID,City,Opened\nS1,Paris,NA\nS2,,2020-01-01\nS3,"",n/a\n',
    });
    const { results } = await load([
      {
        name: 'stores',
        kind: 'csv',
        path: dir,
        pattern: 'stores_*.csv',
        table: 'stg_stores',
        mode: 'full',
        nullValues: ['', 'NA', 'n/a'],
      },
    ]);
    expect(results[0]).toMatchObject({ status: 'SUCCESS', rowsLoaded: 3 });
    expect(results[0]!.notes?.[0]).toContain('created stg_stores from the header');
    const rows = await db().query('SELECT store_id, city, opened FROM stg_stores ORDER BY 1');
    expect(rows.rows).toEqual([
      { store_id: 'S1', city: 'Paris', opened: null },
      { store_id: 'S2', city: null, opened: '2020-01-01' },
      // A quoted "" is an empty string, not a missing value (options.quotedNullValues: true makes it NULL).
      { store_id: 'S3', city: '', opened: null },
    ]);
  });

  it('a source kind added by a fixture plugin (logfmt) loads through config alone', async () => {
    const dir = feedDir({
      'events_1.log': 'id=e1 kind=click\nnot logfmt at all\nid=e2 kind="a view"\n',
    });
    const { results, loadId } = await load([
      {
        name: 'events',
        kind: 'logfmt',
        path: dir,
        pattern: 'events_*.log',
        table: 'stg_events',
        mode: 'full',
      },
    ]);
    expect(results[0]).toMatchObject({ status: 'PARTIAL', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await count('SELECT count(*)::int AS n FROM stg_events WHERE load_id = $1', [loadId])).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM stg_rejects WHERE load_id = $1', [loadId])).toBe(1);
  });

  it('three daily files dropped at once load in date order as three audited batches; again, nothing', async () => {
    const dir = feedDir({});
    for (const d of ['03', '01', '02']) {
      writeFileSync(
        join(dir, `products_202502${d}.csv`),
        `${HEADER}\n${row(Number(d))}\n${row(10 + Number(d))}\n`,
      );
    }
    const source = productsSource(dir, { table: 'stg_products_daily', mode: 'incremental' });
    const first = await load([source]);
    expect(first.results.map((r) => [r.file?.slice(-12), r.status, r.rowsNew])).toEqual([
      ['20250201.csv', 'SUCCESS', 2],
      ['20250202.csv', 'SUCCESS', 2],
      ['20250203.csv', 'SUCCESS', 2],
    ]);
    const audit = await db().query<{ f: string }>(
      "SELECT regexp_replace(source_file, '.*_', '') AS f FROM stg_audit_log WHERE table_name = 'stg_products_daily' ORDER BY audit_id",
    );
    expect(audit.rows.map((r) => r.f)).toEqual(['20250201.csv', '20250202.csv', '20250203.csv']);
    const again = await load([source]);
    expect(again.results).toMatchObject([{ status: 'SKIPPED' }]);
    expect(again.results[0]!.notes?.[0]).toContain('3 files loaded before');
    expect(await count('SELECT count(*)::int AS n FROM stg_products_daily')).toBe(6);
    // A file changed in place (same name, same size, other content) is new.
    writeFileSync(join(dir, 'products_20250203.csv'), `${HEADER}\n${row(4)}\n${row(14)}\n`);
    const changed = await load([source]);
    expect(changed.results).toMatchObject([{ status: 'SUCCESS', rowsNew: 2 }]);
  });

  it('--file loads one named file, with the source whose folder and pattern match it', async () => {
    const dir = feedDir({
      'products_20250301.csv': `${HEADER}\n${row(1)}\n`,
      'products_20250302.csv': `${HEADER}\n${row(1)}\n${row(2)}\n`,
    });
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources: [productsSource(dir, { table: 'stg_products_one' })] },
    });
    try {
      const engine = runtime.kernel.build(IngestEngine);
      const one = await engine.load({ file: join(dir, 'products_20250302.csv') });
      expect(one.results).toMatchObject([{ status: 'SUCCESS', rowsLoaded: 2 }]);
      expect(one.results[0]!.file).toBe(join(dir, 'products_20250302.csv'));
      await expect(engine.load({ file: join(dir, 'nothing.csv') })).rejects.toMatchObject({
        code: 'DQ_USAGE',
      });
    } finally {
      await runtime.close();
    }
  });

  it('a jsonl source maps nested fields to columns; a line that is not JSON is a reject with its line', async () => {
    const dir = feedDir({
      'orders_20250401.jsonl': [
        '{"id":1,"customer":{"name":"Ann","city":"Oslo"},"tags":["a","b"],"paid":true}',
        '{"id":2,"customer":{"name":"Bo"}',
        '{"id":3,"customer":{"name":"Cy","city":null},"paid":false}',
        '',
      ].join('\n'),
    });
    const { results, loadId } = await load([
      {
        name: 'orders',
        kind: 'jsonl',
        path: dir,
        pattern: 'orders_*.jsonl',
        table: 'stg_orders_json',
        mode: 'full',
        options: {
          columns: {
            order_id: 'id',
            name: 'customer.name',
            city: 'customer.city',
            tags: 'tags',
            paid: 'paid',
          },
        },
      },
    ]);
    expect(results[0]).toMatchObject({ status: 'PARTIAL', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    const rows = await db().query(
      'SELECT order_id, name, city, tags, paid, source_line FROM stg_orders_json ORDER BY 1',
    );
    expect(rows.rows).toEqual([
      { order_id: '1', name: 'Ann', city: 'Oslo', tags: '["a","b"]', paid: 'true', source_line: 1 },
      { order_id: '3', name: 'Cy', city: null, tags: null, paid: 'false', source_line: 3 },
    ]);
    const rejects = await db().query('SELECT line_number, reason FROM stg_rejects WHERE load_id = $1', [
      loadId,
    ]);
    expect(rejects.rows).toMatchObject([{ line_number: 2 }]);
    expect(String(rejects.rows[0]!.reason)).toContain('invalid JSON');
    // The file's sha256, taken from the bytes the load read.
    const audit = await db().query('SELECT content_hash FROM stg_audit_log WHERE load_id = $1', [loadId]);
    expect(audit.rows).toEqual([
      {
        content_hash: createHash('sha256')
          .update(readFileSync(join(dir, 'orders_20250401.jsonl')))
          .digest('hex'),
      },
    ]);
  });

  it('a source with no matching file is FAILED with a message naming the pattern', async () => {
    const dir = feedDir({});
    const { results } = await load([productsSource(dir)]);
    expect(results[0]).toMatchObject({ status: 'FAILED' });
    expect(results[0]!.error).toContain(`no file matching products_*.csv in ${dir}`);
  });

  it.runIf(kind === 'postgres')(
    'a load whose connection is dropped midway keeps the previous staging data and records FAILED',
    async () => {
      const dir = feedDir({ 'products_20250110.csv': `${HEADER}\n${row(1)}\n${row(2)}\n` });
      await load([productsSource(dir)]);
      const big = Array.from({ length: 400_000 }, (_, i) =>
        row(i + 10, `A rather long product name number ${i}`),
      );
      writeFileSync(join(dir, 'products_20250111.csv'), `${HEADER}\n${big.join('\n')}\n`);
      const loading = load([productsSource(dir)]);
      // Kill the loading backend as soon as its COPY shows up.
      let killed = false;
      for (let i = 0; i < 500 && !killed; i++) {
        const res = await db().query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'COPY%stg_products__dq_load%'`,
        );
        killed = res.rows.some((r) => r.ok);
        if (!killed) await new Promise((r) => setTimeout(r, 10));
      }
      expect(killed).toBe(true);
      const { results, loadId } = await loading;
      expect(results[0]!.status).toBe('FAILED');
      expect(results[0]!.error).toMatch(/terminat|ECONNRESET|EPIPE|Connection/i);
      expect(await count('SELECT count(*)::int AS n FROM stg_products')).toBe(2);
      expect(
        await count("SELECT count(*)::int AS n FROM stg_audit_log WHERE load_id = $1 AND status = 'FAILED'", [
          loadId,
        ]),
      ).toBe(1);
      expect(
        await count("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'stg_products__dq_load'"),
      ).toBe(0);
    },
  );
});
