import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { Doctor } from '@dq/core';
import type { SourceConfig } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MYSQL_SERVER } from './mysql-server.js';

const SERVER = MYSQL_SERVER;

// dq doctor asks each configured source's plugin whether it can be reached: one reachable and one
// unreachable source of each kind, each named with what is wrong.
describeEachDatabase('dq doctor checks each configured source', ({ db, kind }) => {
  const DB = `dq_doctor_my_${process.pid}_${kind}`;
  const feeds = mkdtempSync(join(tmpdir(), 'dq-doctor-'));
  writeFileSync(join(feeds, 'crm_20260101.csv'), 'id\n1\n');
  const my = (table: string, urlEnv = 'DQ_DOCTOR_MYSQL_URL'): SourceConfig['options'] => ({ urlEnv, table });
  const sources: SourceConfig[] = [
    { name: 'crm', kind: 'csv', table: 'stg_crm', mode: 'full', path: feeds, pattern: 'crm_*.csv' },
    {
      name: 'lost',
      kind: 'jsonl',
      table: 'stg_lost',
      mode: 'full',
      path: join(feeds, 'nope'),
      pattern: '*.jsonl',
    },
    { name: 'orders', kind: 'mysql', table: 'stg_orders', mode: 'full', options: my('orders') },
    { name: 'gone', kind: 'mysql', table: 'stg_gone', mode: 'full', options: my('no_such_table') },
    {
      name: 'unset',
      kind: 'mysql',
      table: 'stg_unset',
      mode: 'full',
      options: my('orders', 'DQ_DOCTOR_UNSET'),
    },
    ...(process.env.DATABASE_URL
      ? [
          {
            name: 'pg',
            kind: 'postgres',
            table: 'stg_pg',
            mode: 'full',
            options: { urlEnv: 'DATABASE_URL', table: 'pg_catalog.pg_class' },
          } as SourceConfig,
        ]
      : []),
  ];
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: SERVER, multipleStatements: true });
    await admin.query(
      `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; CREATE TABLE ${DB}.orders (id int)`,
    );
    process.env.DQ_DOCTOR_MYSQL_URL = `${SERVER}/${DB}`;
    delete process.env.DQ_DOCTOR_UNSET;
  });
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin?.end();
  });

  it('lists every source as ok or failing, saying what is wrong', async () => {
    const runtime = await createTestKernel({
      database: db(),
      builtins: builtinPlugins(),
      overrides: { sources },
    });
    try {
      const checks = await runtime.kernel.build(Doctor).run();
      const of = (name: string) => checks.find((c) => c.name === `source ${name}`);
      expect(of('crm')).toMatchObject({
        status: 'ok',
        detail: expect.stringMatching(/1 file match crm_\*\.csv/),
      });
      expect(of('lost')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/nope does not exist/),
      });
      expect(of('orders')).toMatchObject({
        status: 'ok',
        detail: expect.stringMatching(/table orders answers \(1 columns\)/),
      });
      expect(of('gone')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/no_such_table/) });
      expect(of('unset')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/DQ_DOCTOR_UNSET is not set/),
      });
      if (process.env.DATABASE_URL) expect(of('pg')).toMatchObject({ status: 'ok' });
      // The warehouse checks still run after a failing source.
      expect(checks.find((c) => c.name === 'database')).toMatchObject({ status: 'ok' });
    } finally {
      await runtime.close();
    }
  });
});
