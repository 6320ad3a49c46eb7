import { sourceContract } from '@dq/testing';
import { parquetWriteBuffer } from 'hyparquet-writer';
import plugin from './index.js';

// The parquet source on the contract of @dq/testing, on PGlite and PostgreSQL: a value holding a
// NUL character (which PostgreSQL text cannot hold) is a reject, the rest loads; a file of
// nothing but such rows is refused whole. The files are written here with hyparquet-writer.
const people = (names: (string | null)[]) =>
  Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: names.map((_, i) => i + 1), type: 'INT32' },
        { name: 'name', data: names, type: 'STRING' },
      ],
    }),
  );

sourceContract(plugin, {
  kind: 'parquet',
  source: { pattern: 'people_*.parquet' },
  sample: { 'people_20260101.parquet': people(['Ann', null, 'Bo\0b', 'Di']) },
  expect: { rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 },
  broken: { 'people_20260102.parquet': people(['A\0', '\0']) },
});
