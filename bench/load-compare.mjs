#!/usr/bin/env node
// bench/load-compare: `dq load` of the same scale-1 feeds by two builds of dq, alternating in one
// run: a baseline checkout (BASELINE, e.g. a worktree of the commit before a change, built) and
// this one. Each load goes into a freshly migrated database, so both do the same work. Also the
// bare COPY floor (psql \copy) of the same files.
//
//   BASELINE=/tmp/dq-baseline DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node bench/load-compare.mjs [--rounds 5] [--scale 1]
//
// Writes bench/results/load-compare-<date>.json: medians; the ratio this/baseline is the figure.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, root, shell, writeResult } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const baseline = process.env.BASELINE;
if (!baseline) {
  console.error(
    'Set BASELINE to a built checkout of dq to compare with (git worktree add ... && npm run build).',
  );
  process.exit(2);
}
const rounds = Number(arg('rounds', '5'));
const scale = arg('scale', '1');
const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-compare-'));
const { sh, psql: psqlArgs, freshDatabase } = shell(work);
const psql = (url, sql) => psqlArgs(url, '-c', sql);

const builds = {
  baseline: join(baseline, 'packages/cli/bin/run.js'),
  current: join(root, 'packages/cli/bin/run.js'),
};
function dq(build, args, env) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const run = sh(process.execPath, [builds[build], ...args], {
    ...env,
    NODE_OPTIONS: `--require ${join(root, 'bench/report-rss.cjs')}`,
    BENCH_RSS_FILE: rssFile,
  });
  return { ...run, rssMiB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 };
}

const data = join(work, 'raw');
mkdirSync(data, { recursive: true });
dq('current', ['generate', '--out', data, '--scale', scale, '--date', '20260101']);
// Each build reads its own default config: a newer config can hold keys an older build refuses.
const configOf = (build) => {
  const file = join(work, `dq-${build}.yaml`);
  const checkout = build === 'current' ? root : baseline;
  writeFileSync(
    file,
    readFileSync(join(checkout, 'config/dq.config.yaml'), 'utf8').replaceAll('data/raw', data),
  );
  return file;
};

function loadOnce(build) {
  const url = freshDatabase(admin, `dq_bench_cmp_${build}`);
  const cfg = configOf(build);
  dq(build, ['db', 'migrate', '--config', cfg], { DATABASE_URL: url });
  const run = dq(build, ['load', '--config', cfg], { DATABASE_URL: url });
  const rows = Number(
    psql(url, "SELECT sum(rows_loaded) FROM stg_audit_log WHERE status <> 'FAILED'").stdout.trim(),
  );
  return { seconds: run.seconds, rssMiB: run.rssMiB, rows };
}

function bareCopy() {
  const url = freshDatabase(admin, 'dq_bench_cmp_floor');
  let seconds = 0;
  for (const file of readdirSync(data).sort()) {
    const path = join(data, file);
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
  return seconds;
}

const samples = { baseline: [], current: [], floor: [] };
for (let round = 0; round < rounds; round++) {
  // Alternate which build goes first: the machine's load drifts during a run.
  const order = round % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
  for (const build of order) samples[build].push(loadOnce(build));
  samples.floor.push(bareCopy());
}
const med = (build, key) => median(samples[build].map((s) => s[key]));
const result = {
  date: new Date().toISOString(),
  machine: `${process.platform} node ${process.version}`,
  scale: Number(scale),
  rounds,
  rowsLoaded: samples.current[0].rows,
  rowsLoadedBaseline: samples.baseline[0].rows,
  baselineSeconds: +med('baseline', 'seconds').toFixed(2),
  currentSeconds: +med('current', 'seconds').toFixed(2),
  currentOverBaseline: +(med('current', 'seconds') / med('baseline', 'seconds')).toFixed(3),
  bareCopySeconds: +median(samples.floor).toFixed(2),
  currentOverCopy: +(med('current', 'seconds') / median(samples.floor)).toFixed(2),
  baselineSamples: samples.baseline.map((s) => +s.seconds.toFixed(2)).join(' '),
  currentSamples: samples.current.map((s) => +s.seconds.toFixed(2)).join(' '),
  baselinePeakRssMiB: Math.round(med('baseline', 'rssMiB')),
  currentPeakRssMiB: Math.round(med('current', 'rssMiB')),
  target: { currentOverBaseline: '<= 1.05 (no slower, within noise)' },
};
console.table(result);
writeResult('load-compare', result);
for (const name of ['dq_bench_cmp_baseline', 'dq_bench_cmp_current', 'dq_bench_cmp_floor'])
  psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
