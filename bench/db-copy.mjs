#!/usr/bin/env node
// bench/db-copy: `dq load` of a 1,000,000-row table from PostgreSQL (a second database on the
// server) and from MariaDB into dq staging on the PostgreSQL server, each against a floor measured
// in the same run: the database's own dump of the same table to a file (psql \copy ... to FILE;
// mysql --quick --batch -e "SELECT ..." > FILE, and mysqldump --tab, whose file the server itself
// writes). Also dq's peak RSS copying 100,000 rows against 1,000,000 (flat: streamed).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/db-copy.mjs [--rounds 3]
//   (MariaDB: DQ_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306)
//
// Prints a table and writes bench/results/db-copy-<date>.json: medians over the rounds, floor and
// dq alternating. Ratios are what to compare: the machines are noisy, absolute seconds are not.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, shell, writeResult } from './lib.mjs';

const admin = adminUrl();
const my = new URL(process.env.DQ_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 1;
const ROWS = 1_000_000;
const SMALL = 100_000;
const work = mkdtempSync(join(tmpdir(), 'dq-bench-db-copy-'));
chmodSync(work, 0o777); // mysqldump --tab: the server (user mysql) writes the data file there
const { sh, psql, freshDatabase, dq } = shell(work);
const mysqlArgs = [
  '-h',
  my.hostname,
  '-P',
  my.port || '3306',
  '-u',
  decodeURIComponent(my.username || 'root'),
];
if (my.password) mysqlArgs.push(`-p${decodeURIComponent(my.password)}`);
const mysql = (...args) => sh('mysql', [...mysqlArgs, ...args]);
const MYDB = 'dq_bench_src';

function setUp() {
  const src = freshDatabase(admin, 'dq_bench_src');
  psql(
    src,
    '-c',
    `CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(12,2), qty int,
       status text, created date, updated_at timestamptz NOT NULL);
     INSERT INTO orders SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'customer ' || i END,
       (i % 100000) * 1.25, i % 13, (ARRAY['open','paid','shipped','returned'])[i % 4 + 1],
       DATE '2026-01-01' + i % 365, TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * interval '1 second'
     FROM generate_series(1, ${ROWS}) i;
     CREATE TABLE orders_small AS SELECT * FROM orders WHERE id <= ${SMALL}`,
    '-c',
    'VACUUM ANALYZE',
  );
  mysql(
    '-e',
    `DROP DATABASE IF EXISTS ${MYDB}; CREATE DATABASE ${MYDB}; USE ${MYDB};
     CREATE TABLE orders (id int PRIMARY KEY, customer varchar(40), amount decimal(12,2), qty int,
       status varchar(10), created date, updated_at datetime NOT NULL);
     INSERT INTO orders SELECT seq, IF(seq % 7 = 0, NULL, CONCAT('customer ', seq)),
       (seq % 100000) * 1.25, seq % 13, ELT(seq % 4 + 1, 'open', 'paid', 'shipped', 'returned'),
       DATE('2026-01-01') + INTERVAL seq % 365 DAY, TIMESTAMP('2026-01-01') + INTERVAL seq SECOND
     FROM seq_1_to_${ROWS};
     CREATE TABLE orders_small AS SELECT * FROM orders WHERE id <= ${SMALL};
     ANALYZE TABLE orders, orders_small`,
  );
  const target = freshDatabase(admin, 'dq_bench_copy');
  const cfg = join(work, 'dq.yaml');
  const source = (name, kind, urlEnv, table) =>
    `  - { name: ${name}, kind: ${kind}, table: stg_${name}, mode: full, options: { urlEnv: ${urlEnv}, table: ${table} } }\n`;
  writeFileSync(
    cfg,
    `sources:\n${source('pg_orders', 'postgres', 'BENCH_PG_URL', 'orders')}${source('pg_small', 'postgres', 'BENCH_PG_URL', 'orders_small')}${source('my_orders', 'mysql', 'BENCH_MY_URL', 'orders')}${source('my_small', 'mysql', 'BENCH_MY_URL', 'orders_small')}`,
  );
  const env = {
    DATABASE_URL: target,
    BENCH_PG_URL: src,
    BENCH_MY_URL: Object.assign(new URL(my), { pathname: `/${MYDB}` }).toString(),
  };
  dq(['db', 'migrate', '--config', cfg], env);
  return { src, cfg, env };
}

const { src, cfg, env } = setUp();
const load = (name) => {
  const run = dq(
    ['load', '--config', cfg, '--source', name, '--json'],
    env,
    join(work, `rss-${process.hrtime.bigint()}`),
  );
  const results = JSON.parse(run.stdout).data.results;
  if (results[0]?.status !== 'SUCCESS') throw new Error(`dq load ${name}: ${JSON.stringify(results[0])}`);
  return { seconds: run.seconds, ms: results[0].ms, rssMiB: run.rssMiB, rows: results[0].rowsLoaded };
};
/** A second floor: the dump file COPYed into a plain text table on the target (dump + restore). */
const restore = (file) => {
  psql(
    env.DATABASE_URL,
    '-c',
    'DROP TABLE IF EXISTS floor_orders',
    '-c',
    'CREATE TABLE floor_orders (id text, customer text, amount text, qty text, status text, created text, updated_at text)',
  );
  return psql(env.DATABASE_URL, '-c', `\\copy floor_orders from '${file}'`).seconds;
};
/**
 * The floor of any copy that keeps DESIGN's staging layout: the same dump file, with a 32-hex
 * row_hash and the line number already appended (outside the timing), COPYed into a table with
 * dq's audit columns (load_id, source_file and load_timestamp filled by defaults, as dq does).
 * Whatever reads the source must at least write this, so a copy cannot beat it.
 */
const auditedRestore = (file) => {
  const audited = `${file}.audited`;
  sh('sh', [
    '-c',
    `awk -v OFS='\t' '{ print $0, sprintf("%032x", NR * 2654435761), NR }' '${file}' > '${audited}'`,
  ]);
  psql(
    env.DATABASE_URL,
    '-c',
    'DROP TABLE IF EXISTS floor_audited',
    '-c',
    `CREATE TABLE floor_audited (id text, customer text, amount text, qty text, status text, created text,
       updated_at text, load_id bigint DEFAULT 1, source_file text DEFAULT 'postgres:orders', row_hash text,
       load_timestamp timestamptz DEFAULT now(), source_line integer)`,
  );
  const cols = 'id, customer, amount, qty, status, created, updated_at, row_hash, source_line';
  const seconds = psql(env.DATABASE_URL, '-c', `\\copy floor_audited (${cols}) from '${audited}'`).seconds;
  rmSync(audited);
  return seconds;
};
const pgDump = () => {
  const file = join(work, 'pg-orders.txt');
  const t = psql(src, '-c', `\\copy orders to '${file}'`).seconds;
  const bytes = statSync(file).size;
  const restoreSeconds = restore(file);
  const auditedRestoreSeconds = auditedRestore(file);
  rmSync(file);
  return { seconds: t, bytes, restoreSeconds, dumpRestoreSeconds: t + restoreSeconds, auditedRestoreSeconds };
};
const myDump = () => {
  const file = join(work, 'my-orders.tsv');
  const t = sh('sh', [
    '-c',
    `mysql ${mysqlArgs.join(' ')} --quick --batch --skip-column-names -e "SELECT * FROM ${MYDB}.orders" > '${file}'`,
  ]).seconds;
  const bytes = statSync(file).size;
  const restoreSeconds = restore(file);
  rmSync(file);
  return { seconds: t, bytes, restoreSeconds, dumpRestoreSeconds: t + restoreSeconds };
};
const myTab = () => {
  const dir = mkdtempSync(join(work, 'tab-'));
  chmodSync(dir, 0o777);
  const t = sh('mysqldump', [...mysqlArgs, `--tab=${dir}`, MYDB, 'orders']).seconds;
  rmSync(dir, { recursive: true, force: true });
  return { seconds: t };
};

const runs = { pgFloor: [], pgDq: [], myFloor: [], myTab: [], myDq: [], pgSmall: [], mySmall: [] };
for (let r = 0; r < rounds; r++) {
  runs.pgFloor.push(pgDump());
  runs.pgDq.push(load('pg_orders'));
  runs.myFloor.push(myDump());
  runs.myTab.push(myTab());
  runs.myDq.push(load('my_orders'));
  runs.pgSmall.push(load('pg_small'));
  runs.mySmall.push(load('my_small'));
}
const med = (xs, k) => median(xs.map((x) => x[k]));
const s = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, med(v, 'seconds')]));
const dumpRestore = {
  pg: med(runs.pgFloor, 'dumpRestoreSeconds'),
  my: med(runs.myFloor, 'dumpRestoreSeconds'),
};
// dq's own time for the load, from its result (without the CLI's start-up, ~1 s).
const loadMs = Object.fromEntries(
  Object.entries(runs)
    .filter(([k]) => /Dq|Small/.test(k))
    .map(([k, v]) => [k, med(v, 'ms') / 1000]),
);
const rss = Object.fromEntries(
  Object.entries(runs)
    .filter(([k]) => /Dq|Small/.test(k))
    .map(([k, v]) => [k, med(v, 'rssMiB')]),
);
const result = {
  command: `DATABASE_URL=${admin} node bench/db-copy.mjs --rounds ${rounds}`,
  rows: ROWS,
  rounds,
  seconds: s,
  dumpRestoreSeconds: dumpRestore,
  // The audited restore alone over the dump: no copy that stages DESIGN's audit columns can go below it.
  auditedRestoreOverDump: med(runs.pgFloor, 'auditedRestoreSeconds') / s.pgFloor,
  auditedRestoreSeconds: med(runs.pgFloor, 'auditedRestoreSeconds'),
  loadSecondsWithoutStartup: loadMs,
  ratios: {
    postgres: s.pgDq / s.pgFloor,
    mysqlVsClientDump: s.myDq / s.myFloor,
    mysqlVsMysqldumpTab: s.myDq / s.myTab,
    postgresVsDumpRestore: s.pgDq / dumpRestore.pg,
    mysqlVsDumpRestore: s.myDq / dumpRestore.my,
    postgresLoadOnlyVsDump: loadMs.pgDq / s.pgFloor,
    mysqlLoadOnlyVsDump: loadMs.myDq / s.myFloor,
  },
  peakRssMiB: {
    ...rss,
    postgres1MOver100k: rss.pgDq / rss.pgSmall,
    mysql1MOver100k: rss.myDq / rss.mySmall,
  },
  raw: runs,
};
console.table({
  'postgres 1M': {
    floor: s.pgFloor,
    dumpRestore: dumpRestore.pg,
    dq: s.pgDq,
    ratio: result.ratios.postgres,
    rssMiB: rss.pgDq,
  },
  'postgres 100k': { dq: s.pgSmall, rssMiB: rss.pgSmall },
  'mariadb 1M': {
    floor: s.myFloor,
    tab: s.myTab,
    dumpRestore: dumpRestore.my,
    dq: s.myDq,
    ratio: result.ratios.mysqlVsClientDump,
    rssMiB: rss.myDq,
  },
  'mariadb 100k': { dq: s.mySmall, rssMiB: rss.mySmall },
});
console.log(
  `RSS 1M/100k: postgres ${result.peakRssMiB.postgres1MOver100k.toFixed(2)}, mariadb ${result.peakRssMiB.mysql1MOver100k.toFixed(2)}`,
);
console.log(`wrote ${writeResult('db-copy', result)}`);
psql(
  admin,
  '-c',
  'DROP DATABASE IF EXISTS dq_bench_src WITH (FORCE)',
  '-c',
  'DROP DATABASE IF EXISTS dq_bench_copy WITH (FORCE)',
);
mysql('-e', `DROP DATABASE IF EXISTS ${MYDB}`);
rmSync(work, { recursive: true, force: true });
