import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService } from '@dq/core';
import { createTestDatabase, createTestKernel, describeEachDatabase, serverUrl } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

/** Every single-byte encoding the csv source reads (its PostgreSQL names). */
const ENCODINGS = [
  'LATIN1',
  'LATIN2',
  'LATIN3',
  'LATIN4',
  'LATIN5',
  'LATIN6',
  'LATIN7',
  'LATIN8',
  'LATIN9',
  'LATIN10',
  'ISO_8859_5',
  'ISO_8859_6',
  'ISO_8859_7',
  'ISO_8859_8',
  'WIN1250',
  'WIN1251',
  'WIN1252',
  'WIN1253',
  'WIN1254',
  'WIN1255',
  'WIN1256',
  'WIN1257',
  'WIN1258',
  'WIN866',
  'WIN874',
  'KOI8R',
  'KOI8U',
];

/** One line per byte 0x80-0xFF: `b<hex>,<the byte>`. */
const file = Buffer.concat([
  Buffer.from('id,ch\n'),
  ...Array.from({ length: 128 }, (_, i) =>
    Buffer.concat([Buffer.from(`b${(0x80 + i).toString(16)},`), Buffer.from([0x80 + i, 0x0a])]),
  ),
]);

/**
 * The text PostgreSQL's own conversion gives each byte (null where it rejects the byte): the
 * reference the csv source's transcoding must match, taken from the server.
 */
let reference: Map<string, (string | null)[]> | undefined;

beforeAll(async () => {
  if (!serverUrl()) return;
  const server = await createTestDatabase('postgres');
  try {
    await server.db.exec(`CREATE FUNCTION conv(b int, enc text) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN RETURN convert_from(decode(to_hex(b), 'hex'), enc); EXCEPTION WHEN others THEN RETURN NULL; END $$`);
    reference = new Map();
    for (const enc of ENCODINGS) {
      const res = await server.db.query<{ v: string | null }>(
        'SELECT conv(b, $1) AS v FROM generate_series(128, 255) b ORDER BY b',
        [enc],
      );
      reference.set(
        enc,
        res.rows.map((r) => r.v),
      );
    }
  } finally {
    await server.drop();
  }
});

describeEachDatabase('CSV files in single-byte encodings', ({ db }) => {
  beforeAll(async () => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins() });
    await runtime.kernel.build(MigrationService).migrate();
    await runtime.close();
  });

  it.runIf(serverUrl() !== undefined)(
    "store every byte as PostgreSQL's conversion reads it, and reject the lines of bytes it does not define",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dq-enc-'));
      writeFileSync(join(dir, 'bytes_20250101.csv'), file);
      for (const [i, encoding] of ENCODINGS.entries()) {
        const table = `stg_enc_${i}`;
        const runtime = await createTestKernel({
          database: db(),
          builtins: builtinPlugins(),
          overrides: {
            sources: [
              {
                name: `enc_${i}`,
                kind: 'csv',
                path: dir,
                pattern: 'bytes_*.csv',
                table,
                encoding,
                mode: 'full',
              },
            ],
          },
        });
        const { results, loadId } = await runtime.kernel.build(IngestEngine).load();
        await runtime.close();
        const expected = reference!.get(encoding)!;
        const undefinedBytes = expected.flatMap((v, k) => (v === null ? [k] : []));
        expect(results[0]!.status, encoding).toBe(undefinedBytes.length > 0 ? 'PARTIAL' : 'SUCCESS');
        const stored = await db().query<{ id: string; ch: string }>(`SELECT id, ch FROM ${table}`);
        const byId = new Map(stored.rows.map((r) => [r.id, r.ch]));
        expected.forEach((v, k) => {
          expect(
            byId.get(`b${(0x80 + k).toString(16)}`) ?? null,
            `${encoding} byte 0x${(0x80 + k).toString(16)}`,
          ).toBe(v);
        });
        const rejects = await db().query<{ line_number: number; reason: string }>(
          'SELECT line_number, reason FROM stg_rejects WHERE load_id = $1 AND table_name = $2 ORDER BY 1',
          [loadId, table],
        );
        expect(
          rejects.rows.map((r) => r.line_number - 2),
          encoding,
        ).toEqual(undefinedBytes);
        for (const r of rejects.rows) expect(r.reason).toContain(`is not a ${encoding} character`);
      }
    },
  );
});
