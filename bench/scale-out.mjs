#!/usr/bin/env node
// bench/scale-out: the same four-step scenario on a plain PostgreSQL server and on a Citus
// coordinator (database.distribution: citus), timing each step and comparing the warehouse
// checksums (test/fixtures/warehouse-checksums.sql), rule results and scorecard after each.
//
//   node bench/scale-out.mjs --plain postgres://postgres@127.0.0.1:5432/postgres \
//        --citus postgres://postgres@127.0.0.1:9700/dq_bench [--scale 1]
//
// Each URL's database must exist and be empty (the Citus one with the extension and its workers
// added). Steps: first run; a no-op second run; an incremental load (5% more transaction items
// and responses appended to the same feeds); a day-2 feed with 5% SCD2 customer changes.
// Writes bench/results/scale-out-<date>.json.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dq = join(root, 'packages/cli/bin/run.js');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
if (!args.plain || !args.citus) {
  console.error('usage: node bench/scale-out.mjs --plain URL --citus URL [--scale 1]');
  process.exit(2);
}
const scale = args.scale ?? '1';
const checksumsSql = readFileSync(join(root, 'test/fixtures/warehouse-checksums.sql'), 'utf8');
const RESULTS_SQL = `SELECT r.rule_name, t.test_status, t.total_records_checked::bigint AS checked, t.failed_records::bigint AS failed,
         (SELECT count(*) FROM dq_exceptions e WHERE e.result_id = t.result_id)::int AS exceptions
    FROM dq_test_results t JOIN dq_rules r USING (rule_id)
   WHERE t.run_id = (SELECT run_id FROM dq_scorecards ORDER BY scorecard_id DESC LIMIT 1) ORDER BY r.rule_name`;
const SCORE_SQL = `SELECT overall_quality_score::text AS overall, rules_passed, rules_warned, rules_failed, rules_errored,
         total_records_checked::bigint AS checked, total_failed_records::bigint AS failed
    FROM dq_scorecards ORDER BY scorecard_id DESC LIMIT 1`;

const work = mkdtempSync(join(tmpdir(), 'dq-scale-out-'));
const raw = join(work, 'raw');
const config = join(work, 'dq.yaml');
writeFileSync(
  config,
  readFileSync(join(root, 'config/dq.config.yaml'), 'utf8').replaceAll('path: data/raw', `path: ${raw}`),
);
const run = (url, mode, ...cmd) =>
  execFileSync(process.execPath, [dq, ...cmd, '--config', config], {
    cwd: work,
    env: {
      ...process.env,
      DATABASE_URL: url,
      DQ_DATABASE__DISTRIBUTION: mode,
      DQ_QUALITY__RULES: join(root, 'rules'),
      DQ_QUALITY__STATEMENT_TIMEOUT_MS: '900000',
      DQ_LOGGING__LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
const generate = (out, ...extra) =>
  execFileSync(
    process.execPath,
    [dq, 'generate', '--config', config, '--out', out, '--scale', scale, ...extra],
    {
      cwd: work,
      stdio: 'ignore',
    },
  );

/** The next day's customers snapshot (5% changed), beside the feeds already there. */
function dayTwo() {
  const other = join(work, 'day2');
  generate(other, '--date', '20260101', '--changes', '5');
  const later = readdirSync(other).find((f) => f.startsWith('crm_customers_') && !f.includes('20260101'));
  copyFileSync(join(other, later), join(raw, later));
}

async function state(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const checksums = (await client.query(checksumsSql)).rows.sort((a, b) => a.table.localeCompare(b.table));
    const results = (await client.query(RESULTS_SQL)).rows;
    const scorecard = (await client.query(SCORE_SQL)).rows[0];
    return { checksums, results, scorecard };
  } finally {
    await client.end();
  }
}

/** 5% more items and responses, appended to the feeds already there (same file date). */
function appendIncrement() {
  for (const feed of ['ecom_transaction_items', 'campaign_responses']) {
    const file = readdirSync(raw).find((f) => f.startsWith(`${feed}_`));
    const lines = readFileSync(join(raw, file), 'utf8').trimEnd().split('\n');
    const body = lines.slice(1);
    const extra = body.slice(0, Math.ceil(body.length / 20)).map((l) => {
      const [id, ...rest] = l.split(',');
      return [`${id}X`, ...rest].join(',');
    });
    appendFileSync(join(raw, file), `${extra.join('\n')}\n`);
  }
}

const steps = [
  ['first run', () => generate(raw, '--date', '20260101')],
  ['no-op second run', () => {}],
  ['incremental load', appendIncrement],
  ['day-2 feed, 5% SCD2 changes', dayTwo],
];
mkdirSync(raw, { recursive: true });
const report = { scale: Number(scale), startedAt: new Date().toISOString(), steps: [] };
for (const url of [args.plain, args.citus]) run(url, url === args.citus ? 'citus' : 'none', 'db', 'migrate');
for (const [name, prepare] of steps) {
  prepare();
  const step = { name };
  for (const [label, url, mode] of [
    ['plain', args.plain, 'none'],
    ['citus', args.citus, 'citus'],
  ]) {
    const t0 = performance.now();
    try {
      run(url, mode, 'run');
    } catch (err) {
      if (err.status !== 1) throw new Error(`${label} ${name}: exit ${err.status}: ${err.stderr}`);
    }
    step[`${label}Seconds`] = Math.round((performance.now() - t0) / 100) / 10;
    step[label] = await state(url);
  }
  const same = (k) => JSON.stringify(step.plain[k]) === JSON.stringify(step.citus[k]);
  const byValue = (s) => s.checksums.map((c) => [c.table, c.n, c.by_value]);
  step.equal = {
    checksumsExact: same('checksums'),
    checksumsByValue: JSON.stringify(byValue(step.plain)) === JSON.stringify(byValue(step.citus)),
    results: same('results'),
    scorecard: same('scorecard'),
  };
  step.ratio = Math.round((step.citusSeconds / step.plainSeconds) * 100) / 100;
  console.log(
    `${name.padEnd(30)} plain ${String(step.plainSeconds).padStart(6)} s  citus ${String(step.citusSeconds).padStart(6)} s  x${step.ratio}  equal ${JSON.stringify(step.equal)}`,
  );
  report.steps.push(step);
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
const out = join(root, `bench/results/scale-out-${report.startedAt.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written ${out}`);
