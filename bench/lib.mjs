// What the bench scripts share: the server URL, child processes timed, the dq CLI with its peak
// memory, medians and the results file. Each script stays a stand-alone `node bench/<name>.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/run.js');

/** The server from DATABASE_URL; exits 2 with what to set when it is missing. */
export function adminUrl() {
  const admin = process.env.DATABASE_URL;
  if (!admin) {
    console.error(
      'Set DATABASE_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres).',
    );
    process.exit(2);
  }
  return admin;
}

/** The same server, another database. */
export const databaseUrl = (admin, name) =>
  Object.assign(new URL(admin), { pathname: `/${name}` }).toString();

/** Runs commands in `cwd`: wall seconds and stdout; a failure prints its output and throws. */
export function shell(cwd) {
  function sh(cmd, args, env = {}) {
    const t0 = performance.now();
    const res = spawnSync(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (res.status !== 0) {
      console.error(res.stdout, res.stderr);
      throw new Error(`${cmd} ${args.join(' ')} failed (${res.status})`);
    }
    return { seconds, stdout: res.stdout };
  }
  const psql = (url, ...args) => sh('psql', ['-qAt', '-v', 'ON_ERROR_STOP=1', url, ...args]);
  /** Drops and creates a database; returns its URL. */
  const freshDatabase = (admin, name) => {
    psql(admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`);
    return databaseUrl(admin, name);
  };
  /** The dq CLI; with `rssFile`, also its peak RSS in MiB (bench/report-rss.cjs). */
  const dq = (args, env = {}, rssFile = undefined) => {
    if (!rssFile) return sh(process.execPath, [cli, ...args], env);
    const run = sh(process.execPath, [cli, ...args], {
      ...env,
      NODE_OPTIONS: `--require ${join(root, 'bench/report-rss.cjs')}`,
      BENCH_RSS_FILE: rssFile,
    });
    const rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    return { ...run, rssMiB: rssKiB / 1024 };
  };
  return { sh, psql, freshDatabase, dq };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes bench/results/<name>-<date>.json. */
export function writeResult(name, result) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, `bench/results/${name}-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
