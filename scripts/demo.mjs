#!/usr/bin/env node
// `npm run demo`: install, build, and run dq end to end on the embedded database (PGlite under
// .dq/pgdata): no database server needed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpm } from './pnpm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const step = (title) => console.log(`\n== ${title}`);

step('Installing dependencies (pnpm, frozen lockfile)');
pnpm(['install', '--frozen-lockfile']);

step('Building the workspace (turbo)');
pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);

// The demo always uses the embedded database, even when DATABASE_URL is set for the tests.
const env = { ...process.env };
if (env.DATABASE_URL)
  console.log('(DATABASE_URL is set; the demo ignores it and uses the embedded database)');
delete env.DATABASE_URL;

function dq(args) {
  const res = spawnSync(process.execPath, [join(root, 'packages/cli/bin/run.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  if (res.status !== 0) {
    console.error(`\ndq ${args.join(' ')} failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
}

step('dq db migrate (embedded database at .dq/pgdata)');
dq(['db', 'migrate']);

step('dq generate (seed volumes, into data/raw)');
dq(['generate']);

step('dq run (migrate, load, transform, check, report: the whole pipeline)');
dq(['run']);

step('dq profile (column profiles into stg_data_profile)');
dq(['profile', '--table', 'stg_crm_customers']);

step('dq docs (data-mapping.xlsx, glossary.md, kpis.md)');
dq(['docs']);

step('dq doctor');
dq(['doctor']);

console.log(`
Demo done. The report is in ${join(root, 'reports')} (dq-report-<date>.html); the docs in ${join(root, 'docs/generated')}.
The embedded database lives in ${join(root, '.dq/pgdata')}; the feeds in ${join(root, 'data/raw')}.
Try: pnpm dq plugins   |   pnpm dq load --mode incremental   |   pnpm dq profile --json   |   npm test`);
