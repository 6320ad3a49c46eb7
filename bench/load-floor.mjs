#!/usr/bin/env node
// bench/load-floor: where the time of `dq load` goes against the bare COPY, in one run on the same
// scale-1 files, rounds alternating (the machine is shared; ratios hold, seconds do not):
//   bare     floor.sh's load phase: one psql session, \copy of each file into plain text tables
//   audited  the same session \copy-ing the rows dq stages (each file's columns + row_hash +
//            source_line, exported once from a dq load) into tables with dq's audit columns and
//            their defaults (load_id, source_file, load_timestamp): the server's share of the audit
//            columns, with nothing computed in Node
//   dq       `dq load` on a freshly migrated database: its own span (first source started to last
//            finished, the Node start-up left out), and the CPU seconds of the dq process (Node's
//            share: reading, checking, row hashes), beside those of a `dq load` that has nothing to
//            load (start-up, config, discovery)
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/load-floor.mjs [--rounds 5]
//
// Writes bench/results/load-floor-<date>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, root, shell, writeResult } from './lib.mjs';

const argv = process.argv.slice(2);
const ROUNDS = Number(argv[argv.indexOf('--rounds') + 1] || 5);
const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-load-floor-'));
const { psql, freshDatabase } = shell(work);
const cli = join(root, 'packages/cli/bin/run.js');

function dq(args, env) {
  const cpuFile = join(work, `cpu-${process.hrtime.bigint()}`);
  const res = spawnSync(process.execPath, [cli, ...args, '--json'], {
    cwd: work,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: `--require ${join(root, 'bench/report-rss.cjs')}`,
      BENCH_CPU_FILE: cpuFile,
    },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (res.status !== 0) throw new Error(`dq ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  const cpu = Number(readFileSync(cpuFile, 'utf8').trim());
  return { cpu, data: JSON.parse(res.stdout).data };
}

const data = join(work, 'raw');
mkdirSync(data, { recursive: true });
dq(['generate', '--out', data, '--scale', '1', '--date', '20261127'], {});
const config = join(work, 'dq.yaml');
writeFileSync(config, readFileSync(join(root, 'config/dq.config.yaml'), 'utf8').replaceAll('data/raw', data));
const files = readdirSync(data).sort();
const tableOf = (file) => `b_${file.replace(/_\d{8}\.csv$/, '')}`;
const headerOf = (file) =>
  readFileSync(join(data, file), 'utf8').slice(0, 4096).split('\n')[0].replace('\r', '').split(',');

/** One psql session running `script`; its wall seconds (psql's start-up is ~10 ms). */
function session(url, script) {
  const file = join(work, `s-${process.hrtime.bigint()}.sql`);
  writeFileSync(file, script);
  return psql(url, '-f', file).seconds;
}

function dqLoad() {
  const url = freshDatabase(admin, 'dq_bench_load_floor_dq');
  dq(['db', 'migrate', '--config', config], { DATABASE_URL: url });
  const load = dq(['load', '--config', config], { DATABASE_URL: url });
  const results = load.data.results;
  const span =
    (Math.max(...results.map((r) => Date.parse(r.finishedAt))) -
      Math.min(...results.map((r) => Date.parse(r.startedAt)))) /
    1000;
  const idle = dq(['load', '--config', config], { DATABASE_URL: url });
  return { url, span, cpu: load.cpu, idleCpu: idle.cpu };
}

// The rows dq stages, exported once: the audited floor copies exactly these.
const first = dqLoad();
const staged = {};
for (const file of files) {
  const cols = [...headerOf(file).map((c) => `"${c}"`), 'row_hash', 'source_line'];
  const out = join(work, `staged-${file}`);
  const stg = `stg_${file.replace(/_\d{8}\.csv$/, '')}`;
  psql(
    first.url,
    '-c',
    `\\copy (SELECT ${cols.join(', ')} FROM ${stg} ORDER BY source_line) TO '${out}' CSV`,
  );
  staged[file] = { out, cols };
}

function bare() {
  const url = freshDatabase(admin, 'dq_bench_load_floor_bare');
  session(
    url,
    files
      .map(
        (f) =>
          `CREATE TABLE ${tableOf(f)} (${headerOf(f)
            .map((c) => `"${c}" text`)
            .join(', ')});`,
      )
      .join('\n'),
  );
  return session(url, files.map((f) => `\\copy ${tableOf(f)} from '${join(data, f)}' csv header`).join('\n'));
}

function audited() {
  const url = freshDatabase(admin, 'dq_bench_load_floor_audited');
  session(
    url,
    files
      .map(
        (f) =>
          `CREATE TABLE ${tableOf(f)} (${headerOf(f)
            .map((c) => `"${c}" text`)
            .join(
              ', ',
            )}, load_id bigint DEFAULT 1, source_file text DEFAULT '${join(data, f)}', row_hash text, load_timestamp timestamptz DEFAULT now(), source_line integer);`,
      )
      .join('\n'),
  );
  return session(
    url,
    files
      .map((f) => `\\copy ${tableOf(f)} (${staged[f].cols.join(', ')}) from '${staged[f].out}' csv`)
      .join('\n'),
  );
}

const samples = { bare: [], audited: [], dq: [], dqCpu: [], dqIdleCpu: [] };
const pushDq = (r) => {
  samples.dq.push(r.span);
  samples.dqCpu.push(r.cpu);
  samples.dqIdleCpu.push(r.idleCpu);
};
pushDq(first);
for (let round = 0; round < ROUNDS; round++) {
  const order = [
    ['bare', bare],
    ['audited', audited],
    ['dq', dqLoad],
  ];
  for (let k = 0; k < round % 3; k++) order.push(order.shift());
  for (const [name, fn] of order) {
    if (name === 'dq') {
      if (round > 0) pushDq(fn());
    } else samples[name].push(fn());
  }
  console.error(
    `round ${round + 1}: ${JSON.stringify(Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.at(-1)?.toFixed(2)])))}`,
  );
}
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, +median(v).toFixed(2)]));
const r2 = (x) => +x.toFixed(2);
const result = {
  date: new Date().toISOString(),
  command: `node bench/load-floor.mjs ${argv.join(' ')}`.trim(),
  machine: `${process.platform} node ${process.version}, load average at end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  rounds: ROUNDS,
  medianSeconds: { bareCopy: m.bare, auditedCopy: m.audited, dqLoad: m.dq },
  ratios: {
    dqOverBare: r2(m.dq / m.bare),
    auditedOverBare: r2(m.audited / m.bare),
    dqOverAudited: r2(m.dq / m.audited),
  },
  dqProcessCpuSeconds: { load: m.dqCpu, nothingToLoad: m.dqIdleCpu, loadWork: r2(m.dqCpu - m.dqIdleCpu) },
  samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(r2).join(' ')])),
  target: { dqOverBare: '<= 1.5' },
};
console.table(result.medianSeconds);
console.table(result.ratios);
console.log(`results: ${writeResult('load-floor', result)}`);
for (const name of ['dq', 'bare', 'audited'])
  psql(admin, '-c', `DROP DATABASE IF EXISTS dq_bench_load_floor_${name} WITH (FORCE)`);
rmSync(work, { recursive: true, force: true });
