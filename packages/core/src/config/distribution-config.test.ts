import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DqError } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

function dirWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-config-'));
  writeFileSync(join(dir, 'dq.yaml'), yaml);
  return dir;
}

function problemsOf(cwd: string, env: Record<string, string> = {}): string[] {
  try {
    loadConfig({ cwd, file: 'dq.yaml', env });
  } catch (err) {
    if (err instanceof DqError) return (err.details as string[] | undefined) ?? [err.message];
    throw err;
  }
  return [];
}

describe('database.distribution', () => {
  it('is none unless configured', () => {
    const { config } = loadConfig({ cwd: dirWith(''), file: 'dq.yaml', env: {} });
    expect(config.database.distribution).toBe('none');
  });

  it('citus with a coordinator URL, from the file or DQ_DATABASE__DISTRIBUTION', () => {
    const url = 'postgres://postgres@127.0.0.1:9700/dq';
    const fromFile = loadConfig({
      cwd: dirWith('database: { distribution: citus }\n'),
      file: 'dq.yaml',
      env: { DATABASE_URL: url },
    });
    expect(fromFile.config.database.distribution).toBe('citus');
    const fromEnv = loadConfig({
      cwd: dirWith(''),
      file: 'dq.yaml',
      env: { DATABASE_URL: url, DQ_DATABASE__DISTRIBUTION: 'citus' },
    });
    expect(fromEnv.config.database.distribution).toBe('citus');
  });

  it('a misspelt mode names the line and the allowed values', () => {
    const problems = problemsOf(dirWith('database:\n  distribution: cytus\n'), {
      DATABASE_URL: 'postgres://h/db',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^dq\.yaml:2: .*database\.distribution.*none.*citus/);
  });

  it('citus on the embedded database is an error with the fix', () => {
    const problems = problemsOf(dirWith('database:\n  distribution: citus\n'));
    expect(problems).toEqual([
      'dq.yaml:2: database.distribution: citus needs a Citus coordinator. Fix: set DATABASE_URL (or database.url) to the coordinator, or remove distribution to use the embedded database.',
    ]);
  });
});
