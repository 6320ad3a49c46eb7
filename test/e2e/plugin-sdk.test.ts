import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataOf, repoRoot, runDq } from './run-dq.js';

/** Runs a command as a user would in a shell, outside the repository; resolves with its output. */
function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('DQ_') && !k.startsWith('npm_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS',
    ),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const res = await sh(cmd, args, cwd);
  if (res.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${res.code}:\n${res.out.slice(-3000)}`);
  return res.out;
}

const KINDS = {
  check: 'team-check',
  source: 'team-source',
  category: 'team-category',
  reporter: 'team-reporter',
};

/**
 * The plugin SDK end to end, as a team outside this repository uses it: pack the SDK, generate a
 * plugin of each kind with `dq plugins new` in a temporary folder, install the tarballs there, run
 * the generated tests, build, and run dq with the four plugins listed in a config.
 */
describe('a team writes, tests and uses its own plugins from outside the repository', () => {
  it('packs, generates, installs, tests and runs a check kind, a source, a category and a reporter', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dq-team-'));
    const sdk = join(root, 'sdk');
    const packed = JSON.parse(
      (await ok(process.execPath, [join(repoRoot, 'scripts/pack-sdk.mjs'), sdk, '--no-build'], repoRoot))
        .trim()
        .split('\n')
        .at(-1)!,
    ) as Record<string, string>;
    expect(Object.keys(packed)).toEqual(['@dq/plugin-api', '@dq/db', '@dq/core', '@dq/testing']);
    for (const tarball of Object.values(packed)) expect(existsSync(tarball), tarball).toBe(true);

    const plugins = join(root, 'plugins');
    for (const [kind, name] of Object.entries(KINDS)) {
      const res = await runDq(
        ['plugins', 'new', name, '--kind', kind, '--dir', plugins, '--sdk', sdk, '--json'],
        {
          cwd: root,
        },
      );
      expect(res.code, res.stderr).toBe(0);
      expect(dataOf(res).files).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'src/index.ts']),
      );
    }
    // A second `plugins new` into the same folder is refused, nothing overwritten.
    const again = await runDq(['plugins', 'new', 'team-check', '--kind', 'check', '--dir', plugins], {
      cwd: root,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists and is not empty');

    // One npm install for the four packages (an npm workspace of the team's repository).
    const pkg = JSON.parse(readFileSync(join(plugins, 'team-check/package.json'), 'utf8'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({
        name: 'team-dq-plugins',
        private: true,
        workspaces: Object.values(KINDS).map((n) => `plugins/${n}`),
        overrides: pkg.overrides,
      }),
    );
    await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], root);
    for (const name of Object.values(KINDS)) {
      const dir = join(plugins, name);
      const tested = await ok('npm', ['test'], dir);
      expect(tested).toMatch(/Tests\s+\d+ passed/);
      await ok('npm', ['run', 'build'], dir);
      expect(existsSync(join(dir, 'dist/index.js'))).toBe(true);
    }

    // dq with the team's plugins listed in a config: the source loads a file, the check kind runs
    // from a rule file under the team's category, the reporter writes its artefact.
    const project = join(root, 'project');
    mkdirSync(join(project, 'data'), { recursive: true });
    mkdirSync(join(project, 'rules'), { recursive: true });
    writeFileSync(join(project, 'data/settings_20260101.txt'), 'colour=blue\nsize=10\nnot a pair\nname=Al\n');
    writeFileSync(
      join(project, 'rules/settings.yaml'),
      'name: setting_values_long_enough\ncategory: team_category\ntable: stg_settings\ncolumn: value\ncheck: team_check\nmin_length: 3\nseverity: warning\nthreshold: 50%\n',
    );
    writeFileSync(
      join(project, 'dq.yaml'),
      [
        'plugins:',
        ...Object.values(KINDS).map((n) => `  - ../plugins/${n}`),
        'sources:',
        '  - { name: settings, kind: team_source, path: data, pattern: "settings_*.txt", table: stg_settings, mode: full }',
        'quality: { rules: rules }',
        '',
      ].join('\n'),
    );
    const dq = (...args: string[]) => runDq([...args, '--config', 'dq.yaml'], { cwd: project });

    const listed = await dq('plugins', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const contributes = dataOf(listed)
      .plugins.filter((p: { builtin: boolean }) => !p.builtin)
      .flatMap((p: { contributes: unknown[] }) => p.contributes);
    expect(contributes).toEqual(
      expect.arrayContaining([
        { token: 'checkKind', name: 'team_check' },
        { token: 'source', name: 'team_source' },
        { token: 'ruleCategory', name: 'team_category' },
        { token: 'reporter', name: 'team-reporter' },
      ]),
    );
    expect((await dq('db', 'migrate')).code).toBe(0);
    const load = await dq('load', '--json');
    expect(load.code, load.stderr).toBe(0);
    expect(dataOf(load).results[0]).toMatchObject({
      source: 'settings',
      status: 'PARTIAL',
      rowsRead: 4,
      rowsLoaded: 3,
      rowsRejected: 1,
    });
    const check = await dq('check', '--json');
    expect(check.code, check.stderr).toBe(0);
    const result = dataOf(check).results.find(
      (r: { rule: string }) => r.rule === 'setting_values_long_enough',
    );
    // "10" and "Al" are shorter than 3 characters: 2 of 3 rows, more than the 50% allowed.
    expect(result).toMatchObject({ check: 'team_check', category: 'team_category', failed: 2, scope: 3 });
    const report = await dq('report', 'team-reporter', '--out', 'out/summary.md');
    expect(report.code, report.stderr).toBe(0);
    const summary = readFileSync(join(project, 'out/summary.md'), 'utf8');
    expect(summary).toContain('| setting_values_long_enough | FAILED | 2 | 3 |');
    // Kept for a look when anything above failed; a passing run leaves nothing behind.
    rmSync(root, { recursive: true, force: true });
  }, 900_000);
});
