#!/usr/bin/env node
// bench/pglite-floor: how much slower the embedded database (PGlite) is than the PostgreSQL
// server on the same work, with nothing of dq in between: floor.sh's hand-written pipeline (bare
// COPY, CREATE TABLE AS, one fused scan per table) run on PGlite and on the server, per phase, in
// one run on the same scale-1 CSVs, rounds alternating. On the server it is floor.sh itself (one
// psql session); on PGlite the same SQL, read out of floor.sh, in one PGlite instance on a data
// directory (as dq uses it), the \copy lines as COPY FROM '/dev/blob' of each file. Also the time
// PGlite takes to create a fresh data directory (its initdb), which a first `dq db migrate` pays.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/pglite-floor.mjs \
//     [--rounds 3] [--floor PATH]
//
// Writes bench/results/pglite-floor-<date>.json: medians per phase and their ratio pglite/server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUrl, median, root, shell, writeResult } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const ROUNDS = Number(opt('--rounds', '3'));
const FLOOR = opt('--floor', join(root, '..', 'shared', 'bench', 'floor.sh'));
const { PGlite } = await import(
  createRequire(join(root, 'packages/db/package.json')).resolve('@electric-sql/pglite')
);

const admin = adminUrl();
const work = mkdtempSync(join(tmpdir(), 'dq-bench-pglite-floor-'));
const { freshDatabase, psql } = shell(work);
const data = join(work, 'raw');
mkdirSync(data, { recursive: true });
spawnSync(
  process.execPath,
  [join(root, 'packages/cli/bin/run.js'), 'generate', '--out', data, '--scale', '1', '--date', '20261127'],
  { cwd: work },
);

// floor.sh's SQL: its heredocs in order (setup, transform, check) and its \copy lines (load).
const script = readFileSync(FLOOR, 'utf8');
const [setup, transform, check] = [...script.matchAll(/<<'SQL'\n([\s\S]*?)\nSQL/g)].map((m) => m[1]);
const copies = [...script.matchAll(/\\\\copy (\w+) from '\$\(f (\w+)\)' csv header/g)].map((m) => ({
  table: m[1],
  file: join(
    data,
    readdirSync(data)
      .filter((n) => n.startsWith(`${m[2]}_`))
      .sort()
      .at(-1),
  ),
}));
if (!setup || !transform || !check || copies.length !== 6)
  throw new Error(`could not read the SQL of ${FLOOR}`);

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function pgliteRound() {
  const dir = join(work, `pglite-${process.hrtime.bigint()}`);
  let pg;
  const initdb = await timed(async () => {
    pg = await PGlite.create({ dataDir: dir });
  });
  await pg.exec(setup);
  const phases = {
    load: await timed(async () => {
      for (const { table, file } of copies) {
        await pg.query(`COPY fl.${table} FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], {
          blob: new Blob([readFileSync(file)]),
        });
      }
    }),
    transform: await timed(() => pg.exec(transform)),
    check: await timed(() => pg.exec(check)),
  };
  await pg.close();
  rmSync(dir, { recursive: true, force: true });
  return { phases, initdb };
}

function serverRound() {
  const url = freshDatabase(admin, 'dq_bench_pglite_floor');
  const res = spawnSync('bash', [FLOOR, data, url], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`floor.sh failed: ${res.stderr}`);
  const phases = {};
  for (const m of res.stdout.matchAll(/^phase (\w+) ([\d.]+)$/gm)) phases[m[1]] = Number(m[2]);
  psql(admin, '-c', 'DROP DATABASE IF EXISTS dq_bench_pglite_floor WITH (FORCE)');
  return { phases };
}

const samples = { pglite: [], server: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const who of round % 2 === 0 ? ['pglite', 'server'] : ['server', 'pglite']) {
    const r = who === 'pglite' ? await pgliteRound() : serverRound();
    r.phases.total = r.phases.load + r.phases.transform + r.phases.check;
    samples[who].push(r);
    console.error(
      `round ${round + 1} ${who}: ${JSON.stringify(r.phases)}${r.initdb ? ` initdb ${r.initdb.toFixed(2)}` : ''}`,
    );
  }
}
const r2 = (x) => +x.toFixed(2);
const med = (who) =>
  Object.fromEntries(
    ['load', 'transform', 'check', 'total'].map((k) => [k, r2(median(samples[who].map((r) => r.phases[k])))]),
  );
const p = med('pglite');
const s = med('server');
const result = {
  date: new Date().toISOString(),
  command: `node bench/pglite-floor.mjs ${argv.join(' ')}`.trim(),
  machine: `${process.platform} node ${process.version}, load average at end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  rounds: ROUNDS,
  pgliteSeconds: p,
  serverSeconds: s,
  pgliteOverServer: Object.fromEntries(Object.keys(p).map((k) => [k, r2(p[k] / s[k])])),
  pgliteInitdbSeconds: r2(median(samples.pglite.map((r) => r.initdb))),
  samples: Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [
      k,
      v.map((r) => Object.fromEntries(Object.entries(r.phases).map(([a, b]) => [a, r2(b)]))),
    ]),
  ),
};
console.table({ pglite: p, server: s, ratio: result.pgliteOverServer });
console.log(`results: ${writeResult('pglite-floor', result)}`);
rmSync(work, { recursive: true, force: true });
