import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dqBin = join(repoRoot, 'packages/cli/bin/run.js');

export interface DqResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh working directory for one CLI scenario. */
export function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'dq-e2e-'));
}

/**
 * Runs the built CLI as a user would: a child process in `cwd`, with a clean environment
 * (no inherited DQ_* or DATABASE_URL unless given in `env`).
 */
export function runDq(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<DqResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DQ_') && k !== 'DATABASE_URL'),
  );
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [dqBin, ...args], {
      cwd: options.cwd,
      env: { ...base, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}
