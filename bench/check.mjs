#!/usr/bin/env node
// bench/check: `dq check` with all the rules under rules/ at scale 1 on PostgreSQL, against two
// baselines run in the same database in the same run, which compute the same scope and failed
// counts (the bench checks that they do):
//   floor     bench/check-fused-baseline.sql: one hand-written query per table (psql)
//   per rule  bench/check-per-rule-baseline.sql: each rule as its own query, one after another
// Then the peak memory of the dq process on a rule with 400,000 violations against the same rule
// with none, for a fused predicate rule (not_null) and a json-logic rule evaluated in Node.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/check.mjs [--rounds 3]
//
// Each timing is the median of --rounds runs (after one warm-up run of each, which also syncs the
// rules), taken in turns so that load from elsewhere on the machine hits all three alike. dq's
// seconds include its start-up; the psql seconds include psql's. Prints the figures and writes
// bench/results/check-<date>.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, databaseUrl, median, root, shell, writeResult } from './lib.mjs';

const admin = adminUrl();
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const work = mkdtempSync(join(tmpdir(), 'dq-bench-check-'));
const data = join(work, 'raw');
const dbName = 'dq_bench_check';
const url = databaseUrl(admin, dbName);
const MEMORY_ROWS = 400_000;

const { psql, dq: cli } = shell(work);

/** Writes a dq config for the bench: the generated data, and the given rules folder. */
function config(name, rules) {
  const file = join(work, name);
  writeFileSync(
    file,
    readFileSync(join(root, 'config/dq.config.yaml'), 'utf8')
      .replaceAll('data/raw', data)
      .replace(/rules: rules\b/, `rules: ${JSON.stringify(rules)}`),
  );
  return file;
}
const retail = config('dq.yaml', join(root, 'rules'));

/** Runs the dq CLI on the bench database; returns wall seconds, stdout and peak RSS in MiB. */
const dq = (args, cfg = retail) =>
  cli([...args, '--config', cfg], { DATABASE_URL: url }, join(work, `rss-${process.hrtime.bigint()}`));
const round2 = (x) => +x.toFixed(2);

/** `name|scope|failed` lines, sorted: what the three ways must agree on. */
const countsOf = (lines) => lines.trim().split('\n').sort().join('\n');
function dqCounts(stdout) {
  const run = JSON.parse(stdout);
  const errors = run.results.filter((r) => r.status === 'ERROR');
  if (errors.length > 0)
    throw new Error(`dq check: ${errors.map((r) => `${r.rule}: ${r.message}`).join('; ')}`);
  return { run, counts: countsOf(run.results.map((r) => `${r.rule}|${r.scope}|${r.failed}`).join('\n')) };
}

// --- the warehouse at scale 1 ---------------------------------------------------------------
mkdirSync(data, { recursive: true });
dq(['generate', '--out', data, '--scale', '1', '--date', '20260101']);
psql(admin, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, '-c', `CREATE DATABASE ${dbName}`);
dq(['db', 'migrate']);
dq(['load']);
dq(['transform']);
// Hint bits and statistics settled before anything is timed, for every contestant alike.
psql(url, '-c', 'VACUUM ANALYZE');

// --- timings --------------------------------------------------------------------------------
const check = () => dq(['check', '--json', '--fail-on', 'never']);
const floor = () => psql(url, '-f', join(root, 'bench/check-fused-baseline.sql'));
const perRule = () => psql(url, '-f', join(root, 'bench/check-per-rule-baseline.sql'));

const warm = { check: check(), floor: floor(), perRule: perRule() };
const { run: firstRun, counts } = dqCounts(warm.check.stdout);
for (const [name, res] of [
  ['bench/check-fused-baseline.sql', warm.floor],
  ['bench/check-per-rule-baseline.sql', warm.perRule],
]) {
  if (countsOf(res.stdout) !== counts) {
    console.error(`dq check:\n${counts}\n\n${name}:\n${countsOf(res.stdout)}`);
    throw new Error(`${name} does not compute the counts dq check does`);
  }
}
const times = { check: [], checkEngine: [], floor: [], perRule: [] };
for (let i = 0; i < rounds; i++) {
  const c = check();
  times.check.push(c.seconds);
  times.checkEngine.push(JSON.parse(c.stdout).durationMs / 1000);
  times.floor.push(floor().seconds);
  times.perRule.push(perRule().seconds);
}
const checkSeconds = median(times.check);
const floorSeconds = median(times.floor);
const perRuleSeconds = median(times.perRule);

// --- memory: 400,000 violations against none -------------------------------------------------
const memoryRules = join(work, 'memory-rules');
mkdirSync(memoryRules);
writeFileSync(
  join(memoryRules, 'memory.yaml'),
  `- name: bench_memory_not_null
  category: completeness
  table: bench_check_memory
  column: v
  check: not_null
- name: bench_memory_json_logic
  description: json-logic with % (not compiled to SQL), so every row travels through json-logic-js.
  category: validity
  table: bench_check_memory
  check: json_logic
  logic: { "==": [{ "%": [{ var: n }, 2] }, 0] }
`,
);
const memoryConfig = config('dq-memory.yaml', memoryRules);
// Every row violates both rules (v NULL, n odd); then none does.
psql(
  url,
  '-c',
  `CREATE TABLE bench_check_memory AS SELECT g::bigint AS id, NULL::text AS v, 2 * g + 1 AS n
     FROM generate_series(1, ${MEMORY_ROWS}) g`,
  '-c',
  'ALTER TABLE bench_check_memory ADD PRIMARY KEY (id)',
  '-c',
  'VACUUM ANALYZE bench_check_memory',
);
function peakRss(rule) {
  const runs = [0, 1].map(() => dq(['check', '--json', '--fail-on', 'never', '--rule', rule], memoryConfig));
  const result = JSON.parse(runs[0].stdout).results[0];
  return { failed: result.failed, scope: result.scope, rssMiB: Math.max(...runs.map((r) => r.rssMiB)) };
}
const violating = {
  notNull: peakRss('bench_memory_not_null'),
  jsonLogic: peakRss('bench_memory_json_logic'),
};
psql(
  url,
  '-c',
  "UPDATE bench_check_memory SET v = 'x', n = n - 1",
  '-c',
  'VACUUM ANALYZE bench_check_memory',
);
const clean = {
  notNull: peakRss('bench_memory_not_null'),
  jsonLogic: peakRss('bench_memory_json_logic'),
};
for (const [name, r] of Object.entries({ ...violating, ...clean })) {
  if (r.scope !== MEMORY_ROWS)
    throw new Error(`memory rule ${name}: scope ${r.scope}, expected ${MEMORY_ROWS}`);
}
if (violating.notNull.failed !== MEMORY_ROWS || violating.jsonLogic.failed !== MEMORY_ROWS) {
  throw new Error('the memory rules did not fail on every row');
}
if (clean.notNull.failed !== 0 || clean.jsonLogic.failed !== 0)
  throw new Error('the clean memory table failed');

const result = {
  date: new Date().toISOString(),
  machine: `${process.platform} node ${process.version}`,
  rules: firstRun.results.length,
  rounds,
  checkSeconds: round2(checkSeconds),
  checkEngineSeconds: round2(median(times.checkEngine)),
  fusedFloorSeconds: round2(floorSeconds),
  perRuleSeconds: round2(perRuleSeconds),
  checkOverFloor: round2(checkSeconds / floorSeconds),
  perRuleOverCheck: round2(perRuleSeconds / checkSeconds),
  // What fusing can save at all: anything computing these counts is at best near the floor.
  perRuleOverFloor: round2(perRuleSeconds / floorSeconds),
  checkPeakRssMiB: Math.round(warm.check.rssMiB),
  memoryRows: MEMORY_ROWS,
  notNullRssNoneMiB: Math.round(clean.notNull.rssMiB),
  notNullRss400kMiB: Math.round(violating.notNull.rssMiB),
  notNullRssRatio: round2(violating.notNull.rssMiB / clean.notNull.rssMiB),
  jsonLogicRssNoneMiB: Math.round(clean.jsonLogic.rssMiB),
  jsonLogicRss400kMiB: Math.round(violating.jsonLogic.rssMiB),
  jsonLogicRssRatio: round2(violating.jsonLogic.rssMiB / clean.jsonLogic.rssMiB),
  runs: {
    checkSeconds: times.check.map(round2),
    checkEngineSeconds: times.checkEngine.map(round2),
    fusedFloorSeconds: times.floor.map(round2),
    perRuleSeconds: times.perRule.map(round2),
  },
  targets: { checkOverFloor: '<= 1.5', perRuleOverCheck: '>= 5', notNullRssRatio: '<= 1.2' },
  note: 'medians; dq seconds include the CLI start-up, psql seconds psql start-up; the three compute the same counts',
};
const { runs, targets, ...figures } = result;
console.table(figures);
console.log('runs', runs);
writeResult('check', result);
psql(admin, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
