#!/usr/bin/env node
// bench/pipeline: the whole dq pipeline (load, transform, check) against its floor, the same
// pipeline written by hand as set-based SQL in one psql session (../shared/bench/floor.sh), on the
// same CSVs and the same server in one run. Rounds alternate which goes first (the machine is
// shared and its load drifts); medians per phase are compared as ratios.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/pipeline.mjs \
//     [--rounds 3] [--pglite N] [--scale10] [--floor PATH] [--scale 1]
//
// Each dq round is a fresh database and the separate commands `dq db migrate`, `dq load`,
// `dq transform`, `dq check`; a phase's time is what the command measured inside (load: first
// source started to last finished; transform: its total; check: its durationMs), so the ~0.7 s
// Node start-up of each command is left out (it is in the `wall` figures). Peak RSS is the dq
// process's (on the server the work is in PostgreSQL's backends, not counted). After each round
// the warehouse tables are checksummed (md5 of the ordered row texts): every round must agree,
// and the figures are kept in the results so a later run can be compared row for row.
//   --pglite N   also N alternating rounds of `dq run` on the embedded database against `dq run`
//                on the server, per phase and also after migrate (a fresh embedded directory's
//                migrate includes PGlite's initdb; the server database is created off the clock);
//                bench/pglite-floor.mjs measures the engines alone on floor.sh's SQL
//   --scale10    also one dq round at scale 10: time per phase over scale 1, peak RSS per command
// Writes bench/results/pipeline-<date>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, root, shell, writeResult } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const ROUNDS = Number(opt('--rounds', '3'));
const PGLITE_ROUNDS = Number(opt('--pglite', '0'));
const SCALE10 = argv.includes('--scale10');
const BASE = Number(opt('--scale', '1')); // a smaller base scale only to try the script out
const FLOOR = opt('--floor', join(root, '..', 'shared', 'bench', 'floor.sh'));
const DATE = '20261127';
if (!existsSync(FLOOR)) {
  console.error(`floor.sh not found at ${FLOOR}; pass --floor PATH.`);
  process.exit(2);
}

const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-pipeline-'));
const { psql, freshDatabase } = shell(work);
const cli = join(root, 'packages/cli/bin/run.js');

/** The dq CLI with --json: wall seconds, peak RSS (MiB) and the parsed result; exit 0 or 1 pass. */
function dq(args, env) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [cli, ...args, '--json'], {
    cwd: work,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: `--require ${join(root, 'bench/report-rss.cjs')}`,
      BENCH_RSS_FILE: rssFile,
    },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wall = (performance.now() - t0) / 1000;
  // check: 1 when a rule failed, 3 when one could not run (its result says ERROR): both measured
  const ok = res.status === 0 || res.status === 1 || (args[0] === 'check' && res.status === 3);
  if (!ok) {
    console.error(res.stdout.slice(0, 4000), res.stderr.slice(0, 4000));
    throw new Error(`dq ${args.join(' ')} failed (${res.status})`);
  }
  const rssMiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
  const out = JSON.parse(res.stdout);
  return { wall, rssMiB, data: out.data ?? out };
}

function configFor(dataDir) {
  const file = join(work, `dq-${process.hrtime.bigint()}.yaml`);
  writeFileSync(
    file,
    readFileSync(join(root, 'config/dq.config.yaml'), 'utf8')
      .replaceAll('data/raw', dataDir)
      .replace('rules: rules', `rules: ${join(root, 'rules')}`)
      // a rule cut off by the 60 s timeout on a busy machine would shorten the check it measures
      .replace('statementTimeoutMs: 60000', 'statementTimeoutMs: 900000'),
  );
  return file;
}

function generate(scale) {
  const dir = join(work, `raw-${scale}`);
  mkdirSync(dir, { recursive: true });
  const gen = dq(['generate', '--out', dir, '--scale', String(scale), '--date', DATE], {});
  return { dir, seconds: gen.wall, rssMiB: gen.rssMiB };
}

/** Checksums of every warehouse table (test/fixtures/warehouse-checksums.sql): exact and by value. */
function checksums(url) {
  const file = join(root, 'test/fixtures/warehouse-checksums.sql');
  const out = {};
  for (const line of psql(url, '-c', "SET work_mem = '256MB'", '-f', file).stdout.trim().split('\n')) {
    const [table, n, exact, byValue] = line.split('|');
    out[table] = { n: Number(n), exact, byValue };
  }
  return out;
}

const span = (results) => {
  const start = Math.min(...results.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...results.map((r) => Date.parse(r.finishedAt)));
  return (end - start) / 1000;
};

/** One dq round on a fresh database: each phase's own time, wall, peak RSS; the checksums. */
function dqRound(dataDir, dbName, withChecksums = true) {
  const url = freshDatabase(admin, dbName);
  const config = configFor(dataDir);
  const env = { DATABASE_URL: url };
  const run = (...args) => dq([...args, '--config', config], env);
  const migrate = run('db', 'migrate');
  const load = run('load');
  const transform = run('transform');
  const check = run('check', '--no-alerts');
  const phases = {
    load: span(load.data.results),
    transform: transform.data.ms / 1000,
    check: check.data.durationMs / 1000,
  };
  const round = {
    phases,
    wall: { migrate: migrate.wall, load: load.wall, transform: transform.wall, check: check.wall },
    rssMiB: { migrate: migrate.rssMiB, load: load.rssMiB, transform: transform.rssMiB, check: check.rssMiB },
    transformSteps: Object.fromEntries(transform.data.steps.map((s) => [s.name, s.ms / 1000])),
    checksums: withChecksums ? checksums(url) : undefined,
    checkErrors: check.data.results.filter((r) => r.status === 'ERROR').map((r) => r.rule),
  };
  psql(admin, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  return round;
}

/** floor.sh on a fresh database: `phase NAME SECONDS` lines. */
function floorRound(dataDir) {
  const url = freshDatabase(admin, 'dq_bench_pipeline_floor');
  const res = spawnSync('bash', [FLOOR, dataDir, url], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`floor.sh failed: ${res.stderr}`);
  const phases = {};
  for (const m of res.stdout.matchAll(/^phase (\w+) ([\d.]+)$/gm)) phases[m[1]] = Number(m[2]);
  psql(admin, '-c', 'DROP DATABASE IF EXISTS dq_bench_pipeline_floor WITH (FORCE)');
  return { phases };
}

/**
 * `dq run` on a fresh database (server) or a fresh embedded directory (PGlite). A failed rule
 * does not fail the run (failOn: never): dq run's --json then holds the phase timings.
 */
function runPipeline(dataDir, engine) {
  const dir = join(work, `pglite-${process.hrtime.bigint()}`);
  const env = {
    DQ_QUALITY__FAIL_ON: 'never',
    ...(engine === 'server'
      ? { DATABASE_URL: freshDatabase(admin, 'dq_bench_pipeline_run') }
      : { DATABASE_URL: undefined, DQ_DATABASE__EMBEDDED__DIR: dir }),
  };
  const config = configFor(dataDir);
  const res = dq(['run', '--config', config], env);
  const phases = Object.fromEntries(res.data.timings.map((t) => [t.name, t.ms / 1000]));
  if (engine === 'server') psql(admin, '-c', 'DROP DATABASE IF EXISTS dq_bench_pipeline_run WITH (FORCE)');
  else rmSync(dir, { recursive: true, force: true });
  return { total: res.data.totalMs / 1000, phases, rssMiB: res.rssMiB };
}

const r2 = (x) => +x.toFixed(2);
const PHASES = ['load', 'transform', 'check'];
const total = (p) => PHASES.reduce((s, k) => s + p[k], 0);
const medians = (rounds, pick) =>
  Object.fromEntries(Object.keys(pick(rounds[0])).map((k) => [k, r2(median(rounds.map((r) => pick(r)[k])))]));

const s1 = generate(BASE);
console.error(`generated scale 1 in ${s1.seconds.toFixed(1)} s`);
const dqRounds = [];
const floorRounds = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['floor', 'dq'] : ['dq', 'floor'];
  for (const who of order) {
    if (who === 'floor') floorRounds.push(floorRound(s1.dir));
    // checksums (a minute on a busy machine) after the first and the last dq round
    else dqRounds.push(dqRound(s1.dir, 'dq_bench_pipeline', round === 0 || round === ROUNDS - 1));
    const last = who === 'floor' ? floorRounds.at(-1) : dqRounds.at(-1);
    console.error(`round ${round + 1} ${who}: ${JSON.stringify(last.phases)}`);
  }
}
for (const r of [...dqRounds, ...floorRounds]) r.phases.total = total(r.phases);
const dqMed = medians(dqRounds, (r) => r.phases);
const floorMed = medians(floorRounds, (r) => r.phases);
const ratios = Object.fromEntries(Object.keys(dqMed).map((k) => [k, r2(dqMed[k] / floorMed[k])]));
const byValue = (c) => JSON.stringify(Object.fromEntries(Object.entries(c).map(([t, v]) => [t, v.byValue])));
const summed = dqRounds.filter((r) => r.checksums);
const sameWarehouse = summed.every((r) => byValue(r.checksums) === byValue(summed[0].checksums));

const result = {
  date: new Date().toISOString(),
  machine: `${process.platform} node ${process.version}, ${spawnSync('nproc').stdout?.toString().trim()} cores, load average at start ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  command: `node bench/pipeline.mjs ${argv.join(' ')}`.trim(),
  rounds: ROUNDS,
  generateScale1Seconds: r2(s1.seconds),
  scale1: {
    dqSeconds: dqMed,
    floorSeconds: floorMed,
    ratios,
    dqWallSeconds: medians(dqRounds, (r) => r.wall),
    dqPeakRssMiB: medians(dqRounds, (r) => r.rssMiB),
    transformStepSeconds: medians(dqRounds, (r) => r.transformSteps),
    samples: {
      dq: dqRounds.map((r) => Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, r2(v)]))),
      floor: floorRounds.map((r) => Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, r2(v)]))),
    },
    warehouseChecksums: dqRounds[0].checksums,
    sameWarehouseByValueEveryRound: sameWarehouse,
    checkErrors: [...new Set(dqRounds.flatMap((r) => r.checkErrors))],
  },
  targets: { total: '<= 1.8', transform: '<= 1.8', load: '<= 1.5 (floor: bare \\copy)' },
};
console.table({ dq: dqMed, floor: floorMed, ratio: ratios });

if (PGLITE_ROUNDS > 0) {
  const server = [];
  const pglite = [];
  for (let round = 0; round < PGLITE_ROUNDS; round++) {
    const order = round % 2 === 0 ? ['pglite', 'server'] : ['server', 'pglite'];
    for (const engine of order) {
      const r = runPipeline(s1.dir, engine);
      (engine === 'server' ? server : pglite).push(r);
      console.error(`dq run ${engine}: ${r.total.toFixed(1)} s ${JSON.stringify(r.phases)}`);
    }
  }
  const s = median(server.map((r) => r.total));
  const p = median(pglite.map((r) => r.total));
  // migrate on a fresh embedded directory includes PGlite's initdb (~10 s on a busy machine),
  // while the server's database is created before the clock starts: also compared without it.
  const past = (r) => r.total - (r.phases.migrate ?? 0);
  const sPast = median(server.map(past));
  const pPast = median(pglite.map(past));
  const serverPhases = medians(server, (r) => r.phases);
  const pglitePhases = medians(pglite, (r) => r.phases);
  result.pgliteVsServer = {
    serverRunSeconds: r2(s),
    pgliteRunSeconds: r2(p),
    ratio: r2(p / s),
    serverRunAfterMigrateSeconds: r2(sPast),
    pgliteRunAfterMigrateSeconds: r2(pPast),
    ratioAfterMigrate: r2(pPast / sPast),
    serverPhases,
    pglitePhases,
    phaseRatios: Object.fromEntries(
      Object.keys(pglitePhases).map((k) => [k, r2(pglitePhases[k] / serverPhases[k])]),
    ),
    samples: { server: server.map((r) => r2(r.total)), pglite: pglite.map((r) => r2(r.total)) },
    pglitePeakRssMiB: r2(median(pglite.map((r) => r.rssMiB))),
    target: '<= 1.5',
  };
  const v = result.pgliteVsServer;
  console.table({ server: v.serverPhases, pglite: v.pglitePhases, ratio: v.phaseRatios });
  console.error(
    `dq run pglite/server: ${v.ratio} (${v.pgliteRunSeconds} s / ${v.serverRunSeconds} s); after migrate ${v.ratioAfterMigrate}`,
  );
}

if (SCALE10) {
  const s10 = generate(10 * BASE);
  console.error(`generated scale 10 in ${s10.seconds.toFixed(1)} s`);
  const r10 = dqRound(s10.dir, 'dq_bench_pipeline_10', false);
  r10.phases.total = total(r10.phases);
  console.error(`scale 10: ${JSON.stringify(r10.phases)}`);
  const rss1 = medians(dqRounds, (r) => r.rssMiB);
  result.scale10 = {
    generateSeconds: r2(s10.seconds),
    generatePeakRssMiB: r2(s10.rssMiB),
    generateScale1PeakRssMiB: r2(s1.rssMiB),
    dqSeconds: Object.fromEntries(Object.entries(r10.phases).map(([k, v]) => [k, r2(v)])),
    timeOverScale1: Object.fromEntries(Object.keys(r10.phases).map((k) => [k, r2(r10.phases[k] / dqMed[k])])),
    transformStepSeconds: r10.transformSteps,
    dqPeakRssMiB: Object.fromEntries(Object.entries(r10.rssMiB).map(([k, v]) => [k, r2(v)])),
    rssOverScale1: Object.fromEntries(Object.keys(r10.rssMiB).map((k) => [k, r2(r10.rssMiB[k] / rss1[k])])),
    checkErrors: r10.checkErrors,
    targets: { timeOverScale1: '<= 11 per phase', rssOverScale1: '<= 1.2 per command' },
  };
  console.table({ seconds: result.scale10.dqSeconds, overScale1: result.scale10.timeOverScale1 });
  console.table({ rssMiB: result.scale10.dqPeakRssMiB, overScale1: result.scale10.rssOverScale1 });
}

console.log(`results: ${writeResult('pipeline', result)}`);
if (!sameWarehouse) console.error('WARNING: the warehouse checksums differ between rounds');
rmSync(work, { recursive: true, force: true });
