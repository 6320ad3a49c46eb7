import { builtinPlugins } from '@dq/builtins';
import { PgDatabase } from '@dq/db';
import { sourceContract } from '@dq/testing';
import { afterAll } from 'vitest';

// The postgres source on the contract of @dq/testing, on PGlite and PostgreSQL. Its source is a
// second database on the server, so the file needs DATABASE_URL. COPY to COPY between two
// PostgreSQL databases has no record to reject (every value is text on both sides): the sample
// loads whole, and the batch refused whole is a source table that is gone.
const ADMIN = process.env.DATABASE_URL;
const DB = `dq_contract_pg_${process.pid}`;
const plugin = builtinPlugins().find((p) => p.plugin.id === 'source-postgres')!.plugin;

if (ADMIN) {
  const sourceUrl = Object.assign(new URL(ADMIN), { pathname: `/${DB}` }).toString();
  process.env.DQ_CONTRACT_PG_URL = sourceUrl;
  let created = false;
  const source = async (sql: string): Promise<void> => {
    if (!created) {
      const admin = new PgDatabase(ADMIN);
      await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${DB}`);
      await admin.close();
      created = true;
    }
    const src = new PgDatabase(sourceUrl);
    try {
      await src.exec(sql);
    } finally {
      await src.close();
    }
  };

  afterAll(async () => {
    const admin = new PgDatabase(ADMIN);
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.close();
  });

  sourceContract(plugin, {
    kind: 'postgres',
    source: { options: { urlEnv: 'DQ_CONTRACT_PG_URL', table: 'people' } },
    sample: () =>
      source(`DROP TABLE IF EXISTS people;
        CREATE TABLE people (id int PRIMARY KEY, name text);
        INSERT INTO people VALUES (1, 'Ann'), (2, NULL), (3, E'tab\\there'), (4, 'Zoë')`),
    expect: { rowsRead: 4, rowsLoaded: 4, rowsRejected: 0 },
    broken: () => source('DROP TABLE IF EXISTS people'),
  });
}
