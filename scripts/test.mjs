#!/usr/bin/env node
// `npm test`: make sure the workspace is installed and built, then run the whole vitest suite.
// The PostgreSQL half runs when DATABASE_URL is set; otherwise this says plainly that it did not.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpm, pnpmCommand } from './pnpm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);

const [cmd, pre] = pnpmCommand();
const res = spawnSync(cmd, [...pre, 'exec', 'vitest', 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});

if (!process.env.DATABASE_URL) {
  console.log(
    '\nNOTE: the PostgreSQL half of the suite was NOT run (DATABASE_URL is not set); only PGlite was tested.\n' +
      '      Run `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test` for both.',
  );
}
process.exit(res.status ?? 1);
