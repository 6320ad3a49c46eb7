#!/usr/bin/env node
// bench/load: `dq generate` and `dq load` at scale 1 on PostgreSQL, against a floor measured in
// the same run: a bare COPY (psql \copy) of the same six files into plain text tables. Also the
// peak memory of `dq load` at scale 5 against scale 1.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/load.mjs [--skip-scale5]
//
// Prints a table and writes bench/results/load-<date>.json: medians of 5 alternating rounds.
// Ratios are what to compare: the
// machines are noisy, absolute seconds are not.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, root, shell, writeResult } from './lib.mjs';

const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-load-'));
const { psql: psqlArgs, freshDatabase: fresh, dq: cli } = shell(work);
const psql = (url, sql) => psqlArgs(url, '-c', sql);
const freshDatabase = (name) => fresh(admin, name);

/** Runs the dq CLI; returns wall seconds and the process's peak RSS in MiB. */
const dq = (args, env) => cli(args, env, join(work, `rss-${process.hrtime.bigint()}`));

function config(dataDir) {
  const file = join(work, `dq-${Date.now()}.yaml`);
  writeFileSync(
    file,
    readFileSync(join(root, 'config/dq.config.yaml'), 'utf8').replaceAll('data/raw', dataDir),
  );
  return file;
}

/** dq generate + dq load at a scale; returns timings and peak RSS. */
function runScale(scale) {
  const data = join(work, `raw-${scale}`);
  mkdirSync(data, { recursive: true });
  const gen = dq(['generate', '--out', data, '--scale', String(scale), '--date', '20260101']);
  const url = freshDatabase(`dq_bench_load_${String(scale).replace('.', '_')}`);
  const cfg = config(data);
  dq(['db', 'migrate', '--config', cfg], { DATABASE_URL: url });
  const load = dq(['load', '--config', cfg], { DATABASE_URL: url });
  return { data, url, gen, load };
}

/** The floor: psql \copy of each file into a plain text table named after its header. */
function bareCopy(dataDir) {
  const url = freshDatabase('dq_bench_load_floor');
  let seconds = 0;
  for (const file of readdirSync(dataDir).sort()) {
    const path = join(dataDir, file);
    const header = readFileSync(path, 'utf8').slice(0, 4096).split('\n')[0];
    const table = `floor_${file.replace(/_\d{8}\.csv$/, '')}`;
    psql(
      url,
      `CREATE TABLE ${table} (${header
        .split(',')
        .map((c) => `"${c}" text`)
        .join(', ')})`,
    );
    seconds += psql(url, `\\copy ${table} FROM '${path}' WITH (FORMAT csv, HEADER true)`).seconds;
  }
  return { seconds, url };
}

// Rounds alternate the floor and dq load on the same files, and medians are compared: the
// machine is shared and its load drifts during a run, which a single pair would measure instead.
const ROUNDS = 5;
const s1 = runScale(1);
const cfg1 = config(s1.data);
const loads1 = [s1.load];
const floorSamples = [];
for (let round = 0; round < ROUNDS; round++) {
  floorSamples.push(bareCopy(s1.data).seconds);
  if (round > 0) loads1.push(dq(['load', '--config', cfg1], { DATABASE_URL: s1.url }));
}
const loadSamples = loads1.map((l) => l.seconds);
const floor = { seconds: median(floorSamples) };
const loadSeconds = median(loadSamples);
// Peak RSS moves by ±10% from run to run with when the GC runs (V8 collects buffers in bulk):
// medians over the rounds at scale 1 and three loads at scale 5.
const rss1 = median(loads1.map((l) => l.rssMiB));
const rows = Number(
  psql(
    s1.url,
    'SELECT sum(rows_loaded) FROM stg_audit_log WHERE load_id = (SELECT max(load_id) FROM stg_audit_log)',
  ).stdout.trim(),
);
const s5 = process.argv.includes('--skip-scale5') ? undefined : runScale(5);
const loads5 = s5
  ? [s5.load, ...[1, 2].map(() => dq(['load', '--config', config(s5.data)], { DATABASE_URL: s5.url }))]
  : [];
const rss5 = median(loads5.map((l) => l.rssMiB));

const result = {
  date: new Date().toISOString(),
  machine: `${process.platform} node ${process.version}`,
  rowsLoadedScale1: rows,
  generateScale1Seconds: +s1.gen.seconds.toFixed(2),
  loadScale1Seconds: +loadSeconds.toFixed(2),
  bareCopySeconds: +floor.seconds.toFixed(2),
  loadOverCopy: +(loadSeconds / floor.seconds).toFixed(2),
  loadSamples: loadSamples.map((x) => +x.toFixed(2)).join(' '),
  bareCopySamples: floorSamples.map((x) => +x.toFixed(2)).join(' '),
  loadPeakRssScale1MiB: +rss1.toFixed(0),
  loadPeakRssScale1Samples: loads1.map((l) => Math.round(l.rssMiB)).join(' '),
  ...(s5
    ? {
        loadScale5Seconds: +s5.load.seconds.toFixed(2),
        loadPeakRssScale5MiB: +rss5.toFixed(0),
        loadPeakRssScale5Samples: loads5.map((l) => Math.round(l.rssMiB)).join(' '),
        rssScale5OverScale1: +(rss5 / rss1).toFixed(2),
        generatePeakRssScale1MiB: +s1.gen.rssMiB.toFixed(0),
        generatePeakRssScale5MiB: +s5.gen.rssMiB.toFixed(0),
      }
    : {}),
  targets: { loadOverCopy: '<= 1.5', generateScale1Seconds: '< 30', rssScale5OverScale1: '<= 1.2' },
};
console.table(result);
writeResult('load', result);
for (const name of ['dq_bench_load_1', 'dq_bench_load_5', 'dq_bench_load_floor'])
  psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
