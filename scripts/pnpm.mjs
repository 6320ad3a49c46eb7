#!/usr/bin/env node
// Runs the pinned pnpm. Corepack cannot fetch pnpm on every network, so we use a pnpm already on
// PATH when it is the pinned version, and otherwise fetch exactly that version through npx.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

export function pnpmCommand() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (onPath.status === 0 && onPath.stdout.trim() === pinned) return ['pnpm', []];
  return ['npx', ['-y', `pnpm@${pinned}`]];
}

/** Runs pnpm with args in the workspace root; exits the process on failure. */
export function pnpm(args, options = {}) {
  const [cmd, pre] = pnpmCommand();
  const res = spawnSync(cmd, [...pre, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      COREPACK_ENABLE_STRICT: '0',
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
      ...options.env,
    },
  });
  if (res.status !== 0) {
    console.error(`dq: \`pnpm ${args.join(' ')}\` failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status || 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, pre] = pnpmCommand();
  const res = spawnSync(cmd, [...pre, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exit(res.status ?? 1);
}
