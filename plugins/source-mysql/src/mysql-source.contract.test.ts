import { sourceContract } from '@dq/testing';
import mysql from 'mysql2/promise';
import { afterAll } from 'vitest';
import plugin from './index.js';

// The mysql source on the contract of @dq/testing, on PGlite and PostgreSQL, against the local
// MariaDB (or MySQL) server: a value holding a NUL character (which PostgreSQL text cannot hold)
// is a reject, the rest loads; a table of nothing but such rows is refused whole.
const SERVER = process.env.DQ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const DB = `dq_contract_my_${process.pid}`;
process.env.DQ_CONTRACT_MYSQL_URL = `${SERVER}/${DB}`;

async function table(rows: readonly (readonly [number, string | null])[]): Promise<void> {
  const conn = await mysql.createConnection({ uri: SERVER, multipleStatements: true });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS ${DB}; USE ${DB};
      DROP TABLE IF EXISTS people; CREATE TABLE people (id int PRIMARY KEY, name varchar(40))`);
    await conn.query('INSERT INTO people (id, name) VALUES ?', [rows]);
  } finally {
    await conn.end();
  }
}

afterAll(async () => {
  const conn = await mysql.createConnection({ uri: SERVER });
  await conn.query(`DROP DATABASE IF EXISTS ${DB}`);
  await conn.end();
});

sourceContract(plugin, {
  kind: 'mysql',
  source: { options: { urlEnv: 'DQ_CONTRACT_MYSQL_URL', table: 'people' } },
  sample: () =>
    table([
      [1, 'Ann'],
      [2, null],
      [3, 'Bo\0b'],
      [4, 'Di'],
    ]),
  expect: { rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 },
  broken: () =>
    table([
      [1, 'A\0'],
      [2, '\0'],
    ]),
});
