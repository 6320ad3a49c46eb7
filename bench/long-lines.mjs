#!/usr/bin/env node
// bench/long-lines: `dq load` of files whose one data line is a single quoted field of 10, 100 and
// 200 MB, on PostgreSQL, against a floor measured in the same run: a bare COPY (psql \copy) of
// the same file. A long line must cost time linear in its length and memory bounded by it, so
// what matters is that seconds per MB (above a one-line file's load, the CLI start-up) stay
// about constant from 10 to 200 MB, and that dq's peak RSS above that baseline is a small
// multiple of the line.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/long-lines.mjs [--sizes 10,100,200]
//
// Prints the figures and writes bench/results/long-lines-<date>.json (medians of 3 rounds).
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, shell, writeResult } from './lib.mjs';

const admin = adminUrl();
const sizesArg = process.argv.indexOf('--sizes');
const SIZES = (sizesArg > 0 ? process.argv[sizesArg + 1] : '10,100,200').split(',').map(Number);
const ROUNDS = 3;
const MB = 1 << 20;

const work = mkdtempSync(join(tmpdir(), 'dq-bench-long-'));
const { psql, freshDatabase, dq: cli } = shell(work);
const dbName = `dq_bench_long_lines_${process.pid}`;
const url = freshDatabase(admin, dbName);

/** A feed with one data line of `mb` MB in a quoted field (a comma and a quote inside it too). */
function writeFeed(dir, mb) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'notes_20260101.csv');
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,note,amount\n1,"');
  const text = 'lorem ipsum, "dolor" sit amet '.repeat(2185).slice(0, 65_536);
  const block = Buffer.from(text.replaceAll('"', '""'));
  const blocks = Math.max(1, Math.round((mb * MB) / text.length));
  for (let k = 0; k < blocks; k++) writeSync(fd, block);
  writeSync(fd, '",10\n2,short,20\n');
  closeSync(fd);
  return path;
}

function config(dir, table) {
  const file = join(work, `dq-${table}.yaml`);
  writeFileSync(
    file,
    `sources:\n  - { name: ${table}, kind: csv, path: ${dir}, pattern: "notes_*.csv", table: ${table}, mode: full }\n`,
  );
  return file;
}

const load = (cfg, source) =>
  cli(
    ['load', '--source', source, '--config', cfg],
    { DATABASE_URL: url },
    join(work, `rss-${process.hrtime.bigint()}`),
  );

cli(['db', 'migrate', '--config', config(work, 'stg_none')], { DATABASE_URL: url });

// The baseline: the same shape with a one-line note (CLI start-up, connection, a tiny COPY).
const baseDir = join(work, 'base');
mkdirSync(baseDir, { recursive: true });
writeFileSync(join(baseDir, 'notes_20260101.csv'), 'id,note,amount\n1,"short",10\n2,short,20\n');
const baseCfg = config(baseDir, 'stg_long_base');
const baseRuns = Array.from({ length: ROUNDS }, (_, round) => {
  if (round > 0) {
    renameSync(join(baseDir, `notes_2026010${round}.csv`), join(baseDir, `notes_2026010${round + 1}.csv`));
  }
  return load(baseCfg, 'stg_long_base');
});
const baseSeconds = median(baseRuns.map((r) => r.seconds));
const baseRss = median(baseRuns.map((r) => r.rssMiB));

const rows = [];
for (const mb of SIZES) {
  const dir = join(work, `mb${mb}`);
  let path = writeFeed(dir, mb);
  const table = `stg_long_${mb}`;
  const cfg = config(dir, table);
  psql(url, '-c', `CREATE TABLE floor_${mb} (id text, note text, amount text)`);
  const dqRuns = [];
  const floorRuns = [];
  for (let round = 0; round < ROUNDS; round++) {
    // dq load skips a file it loaded before (same name, size, content): each round renames it
    if (round > 0) {
      const next = join(dir, `notes_2026010${round + 1}.csv`);
      renameSync(path, next);
      path = next;
    }
    psql(url, '-c', `TRUNCATE floor_${mb}`);
    floorRuns.push(
      psql(url, '-c', `\\copy floor_${mb} FROM '${path}' WITH (FORMAT csv, HEADER true)`).seconds,
    );
    dqRuns.push(load(cfg, table));
  }
  const check = psql(
    url,
    '-c',
    `SELECT (SELECT count(*) FROM ${table}) || ' ' || (SELECT max(length(note)) FROM ${table}) || ' ' ||
            (SELECT max(length(note)) FROM floor_${mb}) || ' ' ||
            (SELECT rows_read || '/' || rows_loaded || '/' || rows_rejected || '/' || status FROM stg_audit_log
              WHERE table_name = '${table}' ORDER BY load_id DESC LIMIT 1)`,
  ).stdout.trim();
  const [staged, noteChars, floorChars, audit] = check.split(' ');
  if (staged !== '2' || noteChars !== floorChars || !audit.endsWith('/SUCCESS')) {
    throw new Error(
      `${mb} MB: staged ${staged} rows, note ${noteChars} vs ${floorChars} chars, audit ${audit}`,
    );
  }
  const seconds = median(dqRuns.map((r) => r.seconds));
  const rss = median(dqRuns.map((r) => r.rssMiB));
  const floor = median(floorRuns);
  rows.push({
    lineMB: mb,
    loadSeconds: +seconds.toFixed(2),
    bareCopySeconds: +floor.toFixed(2),
    loadOverCopy: +(seconds / floor).toFixed(2),
    secondsPerMBAboveBaseline: +((seconds - baseSeconds) / mb).toFixed(4),
    peakRssMiB: Math.round(rss),
    rssAboveBaselineOverLine: +((rss - baseRss) / mb).toFixed(2),
    loadSamples: dqRuns.map((r) => +r.seconds.toFixed(2)).join(' '),
    rssSamples: dqRuns.map((r) => Math.round(r.rssMiB)).join(' '),
  });
  psql(url, '-c', `DROP TABLE floor_${mb}; DROP TABLE ${table}`);
  rmSync(dir, { recursive: true, force: true });
}

const last = rows[rows.length - 1];
const result = {
  date: new Date().toISOString(),
  machine: `${process.platform} node ${process.version}`,
  baselineLoadSeconds: +baseSeconds.toFixed(2),
  baselinePeakRssMiB: Math.round(baseRss),
  sizes: rows,
  // 1 when time grows linearly with the line; quadratic growth would make it largest/smallest
  // (20 for 200 MB over 10 MB). The smallest size is the noisiest (its line costs about as much
  // as the CLI's start-up varies), so the ratio to each size is given.
  perMBLargestOver: Object.fromEntries(
    rows
      .slice(0, -1)
      .map((r) => [
        `${r.lineMB}MB`,
        +(last.secondsPerMBAboveBaseline / r.secondsPerMBAboveBaseline).toFixed(2),
      ]),
  ),
  targets: { perMBLargestOver: '<= 1.5 (linear)', rssAboveBaselineOverLine: '<= 4 at every size' },
};
console.log(JSON.stringify(result, null, 2));
writeResult('long-lines', result);
psql(admin, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
