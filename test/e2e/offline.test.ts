import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runDq, workdir } from './run-dq.js';

/**
 * The default configuration works with no network at all: the whole pipeline and the docs run
 * on the embedded database with the built-in chart renderer and e-mail off, and no step opens a
 * connection or looks up a host. Every attempt is recorded by a preload in the dq process.
 */
describe('the default configuration', () => {
  it('generates, runs the whole pipeline and writes the docs without one network call', async () => {
    const cwd = workdir();
    const log = join(cwd, 'network.log');
    const env = {
      NODE_OPTIONS: `--require ${join(repoRoot, 'test/e2e/fixtures/record-network.cjs')}`,
      NETWORK_LOG_FILE: log,
      DQ_QUALITY__RULES: join(repoRoot, 'rules'),
    };
    const config = join(repoRoot, 'config/dq.config.yaml');
    const dq = (...args: string[]) => runDq([...args, '--config', config], { cwd, env });

    for (const step of [['generate', '--scale', '0.01', '--date', '20260101'], ['run'], ['docs']]) {
      const result = await dq(...step);
      expect(result.code, `dq ${step.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(existsSync(join(cwd, 'reports')), 'the run wrote its HTML report').toBe(true);
    const attempts = existsSync(log) ? readFileSync(log, 'utf8').trim() : '';
    expect(attempts).toBe('');
    // generate, the whole pipeline and the docs: minutes on a loaded shared machine
  }, 600_000);

  it('the recorder sees a connection when one is made (so an empty log means something)', async () => {
    const cwd = workdir();
    const log = join(cwd, 'network.log');
    const result = await runDq(['doctor'], {
      cwd,
      env: {
        NODE_OPTIONS: `--require ${join(repoRoot, 'test/e2e/fixtures/record-network.cjs')}`,
        NETWORK_LOG_FILE: log,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      },
    });
    expect(result.code).toBe(3);
    expect(readFileSync(log, 'utf8')).toMatch(/connect .*"port":1/);
  });
});
