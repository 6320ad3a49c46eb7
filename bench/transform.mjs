#!/usr/bin/env node
// bench/transform: `dq transform` at scale 1 on PostgreSQL against hand-written INSERT ... SELECT
// statements doing the same loads (bench/transform-baseline.sql) on the same staging data, and
// an incremental transform after `dq generate --changes 5` against the full one.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/transform.mjs
//
// Prints the figures and writes bench/results/transform-<date>.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, root, shell, writeResult } from './lib.mjs';

const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-transform-'));
const data = join(work, 'raw');
const { psql, freshDatabase, dq: cli } = shell(work);
const dq = (url, ...args) => cli([...args, '--config', config], { DATABASE_URL: url });

const config = join(work, 'dq.yaml');
writeFileSync(config, readFileSync(join(root, 'config/dq.config.yaml'), 'utf8').replaceAll('data/raw', data));
const fresh = (name) => freshDatabase(admin, name);
// Named per process: other benches (or another worktree's) may run on the same server.
const dqName = `dq_bench_transform_${process.pid}`;
const floorName = `dq_bench_transform_floor_${process.pid}`;

mkdirSync(data, { recursive: true });
cli(['generate', '--out', data, '--date', '20260101', '--config', config]);
const dqDb = fresh(dqName);
const floorDb = fresh(floorName);
for (const url of [dqDb, floorDb]) {
  dq(url, 'db', 'migrate');
  dq(url, 'load');
}
const full = dq(dqDb, 'transform');
const floor = psql(floorDb, '-f', join(root, 'bench/transform-baseline.sql'));
const rerun = dq(dqDb, 'transform');
cli(['generate', '--out', data, '--date', '20260101', '--changes', '5', '--config', config]);
dq(dqDb, 'load', '--source', 'crm_customers');
const incremental = dq(dqDb, 'transform');
const versions = psql(dqDb, '-c', 'SELECT count(*) FROM dim_customer WHERE NOT is_current').stdout.trim();
const counts = (url) =>
  psql(
    url,
    '-c',
    "SELECT (SELECT count(*) FROM fact_transactions) || '/' || (SELECT count(*) FROM fact_campaign_responses) || '/' || (SELECT count(*) FROM agg_customer_monthly)",
  ).stdout.trim();

const result = {
  date: new Date().toISOString(),
  transformFullSeconds: +full.seconds.toFixed(2),
  handWrittenFloorSeconds: +floor.seconds.toFixed(2),
  fullOverFloor: +(full.seconds / floor.seconds).toFixed(2),
  transformRerunSeconds: +rerun.seconds.toFixed(2),
  incrementalAfterChanges5Seconds: +incremental.seconds.toFixed(2),
  incrementalOverFull: +(incremental.seconds / full.seconds).toFixed(2),
  closedVersionsAfterChanges: Number(versions),
  factsAggDq: counts(dqDb),
  factsAggFloor: counts(floorDb),
  targets: { fullOverFloor: '<= 2', incrementalOverFull: '<= 0.25' },
  note: 'seconds include the dq CLI start-up (~0.7 s) and psql start-up for the floor',
};
console.table(result);
writeResult('transform', result);
for (const name of [dqName, floorName]) psql(admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
