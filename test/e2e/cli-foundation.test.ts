import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, serverUrl } from '@dq/testing';
import { describe, expect, it } from 'vitest';
import { dataOf, jsonOf, repoRoot, runDq, workdir } from './run-dq.js';

const defaultConfig = join(repoRoot, 'config/dq.config.yaml');
const fixture = (name: string) => join(repoRoot, 'test/fixtures', name);

describe('dq db migrate', () => {
  it('on the embedded database: applies the schema, then is a no-op the second time', async () => {
    const cwd = workdir();
    const first = await runDq(['db', 'migrate', '--json'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(dataOf(first).applied.length).toBeGreaterThan(0);
    const second = await runDq(['db', 'migrate', '--json'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    const report = dataOf(second);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(dataOf(first).applied.length);
  });

  it.runIf(serverUrl())('on PostgreSQL: the second run changes no table', async () => {
    const test = await createTestDatabase('postgres');
    try {
      const cwd = workdir();
      const env = { DATABASE_URL: test.url! };
      const tables = async () =>
        (
          await test.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
          )
        ).rows[0]?.n;
      expect((await runDq(['db', 'migrate'], { cwd, env })).code).toBe(0);
      const after1 = await tables();
      const second = await runDq(['db', 'migrate', '--json'], { cwd, env });
      expect(second.code, second.stderr).toBe(0);
      expect(dataOf(second).applied).toEqual([]);
      expect(await tables()).toBe(after1);
      expect(after1).toBeGreaterThanOrEqual(10);
    } finally {
      await test.drop();
    }
  });
});

describe('dq plugins', () => {
  it('discovers a fixture plugin listed by path in config, with no change to core', async () => {
    const cwd = workdir();
    const config = join(cwd, 'dq.yaml');
    writeFileSync(
      config,
      readFileSync(defaultConfig, 'utf8').replace(
        'plugins: []',
        `plugins: [${JSON.stringify(fixture('plugin-conformity'))}]`,
      ),
    );
    const res = await runDq(['plugins', '--json', '--config', config], { cwd });
    expect(res.code, res.stderr).toBe(0);
    const { plugins } = dataOf(res);
    const mine = plugins.find((p: { id: string }) => p.id === 'fixture-conformity');
    expect(mine).toMatchObject({ builtin: false, version: '1.0.0' });
    expect(mine.contributes).toEqual([
      { token: 'ruleCategory', name: 'conformity' },
      { token: 'reporter', name: 'row-count' },
    ]);
    // the built-ins are still there
    expect(plugins.some((p: { id: string }) => p.id === 'rule-categories')).toBe(true);
  });

  it('passes options from a [path, options] entry to the plugin', async () => {
    const cwd = workdir();
    const config = join(cwd, 'dq.yaml');
    writeFileSync(
      config,
      `plugins:\n  - [${JSON.stringify(fixture('plugin-conformity'))}, { categoryName: reference_data }]\n`,
    );
    const res = await runDq(['plugins', '--json', '--config', config], { cwd });
    expect(res.code, res.stderr).toBe(0);
    const mine = dataOf(res).plugins.find((p: { id: string }) => p.id === 'fixture-conformity');
    expect(mine.contributes[0]).toEqual({ token: 'ruleCategory', name: 'reference_data' });
  });

  it("options that fail the plugin's schema stop dq with exit 2, naming file, line and key; the secret is never shown", async () => {
    const cwd = workdir();
    const config = join(cwd, 'dq.yaml');
    writeFileSync(
      config,
      [
        'project: { name: x }',
        'plugins:',
        `  - - ${JSON.stringify(fixture('plugin-conformity'))}`,
        '    - categoryName: Not Lower Case',
        '      referenceDsn: 12345678',
        '      colour: blue',
      ].join('\n'),
    );
    const res = await runDq(['plugins', '--config', config], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Invalid plugin or source options (3 problems)');
    expect(res.stderr).toContain(
      'dq.yaml:4: plugins[0][1].categoryName: "Not Lower Case" does not match ^[a-z_]+$',
    );
    // a secret by its schema, though its name does not say so
    expect(res.stderr).toContain('dq.yaml:5: plugins[0][1].referenceDsn: must be a string, got ***');
    expect(res.stderr).not.toContain('12345678');
    expect(res.stderr).toContain('dq.yaml:6: plugins[0][1].colour: unknown key');
  });

  it('a plugin providing not_null and csv again stops dq with exit 2, naming both plugins and the fix', async () => {
    const cwd = workdir();
    const config = join(cwd, 'dq.yaml');
    writeFileSync(config, `plugins:\n  - ${JSON.stringify(fixture('plugin-conflict'))}\n`);
    const res = await runDq(['plugins', '--json', '--config', config], { cwd });
    expect(res.code).toBe(2);
    const { error } = jsonOf(res);
    expect(error?.code).toBe('DQ_PLUGIN_CONFLICT');
    expect(error?.message).toMatch(
      /check kind "not_null" is provided by both checks-builtin \(builtin:@dq\/plugin-checks-builtin\) and team-conflict \(.*plugin-conflict\)\. Fix: .*\{ replace: true \}/,
    );
    expect(error?.message).toMatch(
      /source kind "csv" is provided by both source-csv \(builtin:@dq\/plugin-source-csv\) and team-conflict/,
    );
  });

  it('reports every broken plugin entry at once with exit 2, naming each', async () => {
    const cwd = workdir();
    const config = join(cwd, 'dq.yaml');
    writeFileSync(
      config,
      `plugins:\n  - ./no/such/plugin\n  - ${JSON.stringify(fixture('not-a-plugin'))}\n  - dq-plugin-that-is-not-installed\n`,
    );
    const res = await runDq(['plugins', '--config', config], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('3 plugins failed to load');
    expect(res.stderr).toContain(`./no/such/plugin: path ${join(cwd, 'no/such/plugin')} does not exist`);
    expect(res.stderr).toMatch(/not-a-plugin.*does not default-export a plugin/);
    expect(res.stderr).toContain('dq-plugin-that-is-not-installed: package not found');
  });
});

describe('configuration errors', () => {
  it('an unknown key and a wrong type give exit 2 naming the file, line, key path and fix', async () => {
    const cwd = workdir();
    const config = join(cwd, 'bad.yaml');
    copyFileSync(defaultConfig, config);
    const text = readFileSync(config, 'utf8').replace(
      'exceptionSampleLimit: 1000',
      'exceptionSampleLimit: lots',
    );
    writeFileSync(config, `${text}\nnot_a_real_key: 1\n`);
    const lines = readFileSync(config, 'utf8').split('\n');
    const keyLine = lines.findIndex((l) => l.startsWith('not_a_real_key')) + 1;
    const typeLine = lines.findIndex((l) => l.includes('exceptionSampleLimit: lots')) + 1;
    const res = await runDq(['doctor', '--config', config], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`bad.yaml:${keyLine}: not_a_real_key: unknown key. Fix: remove it`);
    expect(res.stderr).toContain(
      `bad.yaml:${typeLine}: quality.exceptionSampleLimit: must be an integer, got "lots". Fix: write an integer.`,
    );
  });

  it('a misspelt key gets a suggestion; a bad DQ_ variable is named', async () => {
    const cwd = workdir();
    const config = join(cwd, 'typo.yaml');
    writeFileSync(config, 'quality: { failon: warning }\n');
    const res = await runDq(['plugins', '--config', config], {
      cwd,
      env: { DQ_QUALITY__FAIL_ON: 'sometimes' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('typo.yaml:1: quality.failon: unknown key. Fix: did you mean failOn');
    expect(res.stderr).toContain(
      'environment variable DQ_QUALITY__FAIL_ON: quality.failOn: "sometimes" is not allowed. Fix: use one of critical, warning, info, never.',
    );
  });

  it('a missing --config file is exit 2', async () => {
    const cwd = workdir();
    const res = await runDq(['doctor', '--config', 'missing.yaml'], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Config file missing.yaml does not exist');
  });
});

describe('database errors', () => {
  it('an unreachable DATABASE_URL gives exit 3 and never prints the password', async () => {
    const cwd = workdir();
    const res = await runDq(['doctor'], {
      cwd,
      env: { DATABASE_URL: 'postgres://u:S3cretPw@127.0.0.1:1/x' },
    });
    expect(res.code).toBe(3);
    expect(res.stdout + res.stderr).toContain(
      'Cannot connect to PostgreSQL at postgres://u:***@127.0.0.1:1/x',
    );
    expect(res.stdout + res.stderr).not.toContain('S3cretPw');
  });

  it('--json errors are JSON on stdout with code and hint', async () => {
    const cwd = workdir();
    const res = await runDq(['db', 'migrate', '--json'], {
      cwd,
      env: { DATABASE_URL: 'postgres://u:S3cretPw@127.0.0.1:1/x' },
    });
    expect(res.code).toBe(3);
    const out = jsonOf(res);
    expect(out.data).toBeNull();
    expect(out.error?.code).toBe('DQ_DB_UNREACHABLE');
    expect(out.error?.hint).toMatch(/DATABASE_URL/);
    expect(res.stdout + res.stderr).not.toContain('S3cretPw');
  });
});
