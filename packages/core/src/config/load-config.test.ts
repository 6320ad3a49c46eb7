import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DqError } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { redactConfig } from './redact-config.js';

function dirWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-config-'));
  writeFileSync(join(dir, 'dq.yaml'), yaml);
  return dir;
}

function errorOf(fn: () => unknown): DqError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DqError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('fills every default and resolves relative paths against the working directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dq-config-'));
    const { config } = loadConfig({ cwd, env: {} });
    expect(config.configFile).toBeUndefined();
    expect(config.quality).toEqual({
      rules: join(cwd, 'rules'),
      failOn: 'critical',
      exceptionSampleLimit: 1000,
      statementTimeoutMs: 60000,
      ruleRole: 'dq_rule_reader',
    });
    expect(config.database.embedded.dir).toBe(join(cwd, '.dq/pgdata'));
    expect(config.database.url).toBeUndefined();
    expect(config.reporting.email.smtp.port).toBe(1025);
  });

  it('interpolates ${VAR}; an unset VAR leaves the key absent; a single reference keeps its type', () => {
    const cwd = dirWith(
      'reporting:\n  email:\n    smtp: { host: "${SMTP_HOST}", port: "${SMTP_PORT}", user: "${SMTP_USER}" }\n    from: "dq@${DOMAIN:-example.org}"\n',
    );
    const { config } = loadConfig({
      cwd,
      file: 'dq.yaml',
      env: { SMTP_HOST: 'mail.local', SMTP_PORT: '2525' },
    });
    expect(config.reporting.email.smtp.host).toBe('mail.local');
    expect(config.reporting.email.smtp.port).toBe(2525);
    expect(config.reporting.email.smtp).not.toHaveProperty('user');
    expect(config.reporting.email.from).toBe('dq@example.org');
  });

  it('${VAR:?why} makes a variable required and says why', () => {
    const cwd = dirWith('database:\n  url: ${WAREHOUSE_URL:?the warehouse server}\n');
    const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: {} }));
    expect(err.code).toBe('DQ_CONFIG_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      'dq.yaml:2: database.url needs the environment variable WAREHOUSE_URL: the warehouse server.',
    );
  });

  it('applies DQ_ overrides: __ between levels, segments camelCased, values typed', () => {
    const cwd = dirWith('quality: { failOn: critical }\n');
    const { config } = loadConfig({
      cwd,
      file: 'dq.yaml',
      env: {
        DQ_QUALITY__FAIL_ON: 'warning',
        DQ_QUALITY__EXCEPTION_SAMPLE_LIMIT: '50',
        DQ_DATABASE__EMBEDDED__DIR: '/tmp/x',
      },
    });
    expect(config.quality.failOn).toBe('warning');
    expect(config.quality.exceptionSampleLimit).toBe(50);
    expect(config.database.embedded.dir).toBe('/tmp/x');
  });

  it('uses DATABASE_URL when the config sets no database.url', () => {
    const cwd = dirWith('project: { name: x }\n');
    const { config, secrets } = loadConfig({
      cwd,
      file: 'dq.yaml',
      env: { DATABASE_URL: 'postgres://u:pw123@h/db' },
    });
    expect(config.database.url).toBe('postgres://u:pw123@h/db');
    expect(secrets).toContain('pw123');
  });

  it('reports every problem at once with file, line, key path and fix', () => {
    const cwd = dirWith(
      [
        'project: { name: x }',
        'quality:',
        '  failOn: often',
        '  statementTimeoutMs: soon',
        'reportng: {}',
        'sources:',
        '  - { name: a, kind: csv, table: "bad table" }',
      ].join('\n'),
    );
    const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: {} }));
    expect(err.exitCode).toBe(2);
    expect(err.details).toEqual([
      'dq.yaml:3: quality.failOn: "often" is not allowed. Fix: use one of critical, warning, info, never.',
      'dq.yaml:4: quality.statementTimeoutMs: must be an integer, got "soon". Fix: write an integer.',
      'dq.yaml:5: reportng: unknown key. Fix: did you mean reporting.',
      'dq.yaml:7: sources[0].table: "bad table" does not match ^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$. Fix: correct the value.',
    ]);
  });

  it('refuses two sources with one name and two sources writing one staging table', () => {
    const cwd = dirWith(
      [
        'sources:',
        '  - { name: products, kind: csv, table: stg_products }',
        '  - { name: items, kind: csv, table: stg_items }',
        '  - { name: products, kind: csv, table: stg_products_eu }',
        '  - { name: items_2, kind: csv, table: public.stg_items }',
        '  - { name: other, kind: csv, table: stg_other }',
      ].join('\n'),
    );
    const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: {} }));
    expect(err.code).toBe('DQ_CONFIG_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.details).toEqual([
      'dq.yaml:4: sources[2].name: "products" is already the name of sources[0]. Fix: give each source its own name.',
      'dq.yaml:5: sources[3].table: public.stg_items is already loaded by sources[1] (stg_items). Fix: give each source its own staging table.',
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    const cwd = dirWith('quality:\n  failOn: [critical\n');
    const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: {} }));
    expect(err.code).toBe('DQ_CONFIG_INVALID');
    expect(err.message).toMatch(/dq\.yaml:\d+: /);
  });

  it('never shows a secret in a validation message or a printed config', () => {
    const cwd = dirWith('reporting:\n  email:\n    smtp: { pass: 12345 }\n');
    const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: {} }));
    expect(err.message).toContain('reporting.email.smtp.pass: must be a string, got ***');
    expect(err.message).not.toContain('12345');

    const ok = dirWith('reporting:\n  email:\n    smtp: { pass: "${SMTP_PASS}" }\n');
    const { config, secrets } = loadConfig({
      cwd: ok,
      file: 'dq.yaml',
      env: { SMTP_PASS: 'hunter22', DATABASE_URL: 'postgres://me:topsecret@db/x' },
    });
    const printed = JSON.stringify(redactConfig(config, secrets));
    expect(printed).not.toContain('hunter22');
    expect(printed).not.toContain('topsecret');
    expect(printed).toContain('postgres://me:***@db/x');
  });

  it('a database URL that cannot work is a config error naming the variable, never its password', () => {
    const cwd = dirWith('database:\n  url: "${DATABASE_URL}"\n');
    const problem = (url: string) => {
      const err = errorOf(() => loadConfig({ cwd, file: 'dq.yaml', env: { DATABASE_URL: url } }));
      expect(err.exitCode).toBe(2);
      expect(err.message).not.toContain('pw-secret');
      return (err.details as string[]).join('\n');
    };
    expect(problem('postgress://user:pw-secret@host/db')).toBe(
      'environment variable DATABASE_URL (through dq.yaml:2): database.url: "postgress://user:***@host/db" starts with "postgress://". Fix: the scheme is postgres:// (or postgresql://).',
    );
    expect(problem('postgres://user:pw-secret@127.0.0.1:99999/db')).toMatch(
      /DATABASE_URL \(through dq\.yaml:2\): database\.url: .* has port "99999"\. Fix: use a port from 1 to 65535/,
    );
    expect(problem('postgres://user:pw-secret@/db?host=/no/such/dir')).toMatch(
      /names the socket directory \/no\/such\/dir, which does not exist/,
    );
    // a password that looks like a port, or holds one, is no port problem
    expect(() =>
      loadConfig({ cwd, file: 'dq.yaml', env: { DATABASE_URL: 'postgres://u:12@h:5432/db?password=x:1' } }),
    ).not.toThrow();
    // set straight in DATABASE_URL (no config key) it is attributed to the variable alone
    const bare = dirWith('project: { name: x }\n');
    const err = errorOf(() =>
      loadConfig({ cwd: bare, file: 'dq.yaml', env: { DATABASE_URL: 'postgres://u:pw-secret@h:0/db' } }),
    );
    expect(err.details).toEqual([
      'environment variable DATABASE_URL: database.url: "postgres://u:***@h:0/db" has port "0". Fix: use a port from 1 to 65535 (PostgreSQL\'s default is 5432).',
    ]);
  });

  it('a ?password= in the URL is a secret', () => {
    const { secrets } = loadConfig({
      cwd: dirWith('project: { name: x }\n'),
      file: 'dq.yaml',
      env: { DATABASE_URL: 'postgres://u@h:1/x?password=s3cr3t' },
    });
    expect(secrets).toContain('s3cr3t');
  });

  it('an unquoted ${VAR} inside { ... } gives the first YAML error, its line and the fix, not a cascade', () => {
    const lines = [
      'project: { name: Retail DW }',
      'database: { url: ${DATABASE_URL}, embedded: { dir: .dq/pgdata } }',
      ...Array.from({ length: 30 }, (_, i) => `# filler ${i}`),
      'sources: [{ name: a, kind: csv, table: t }]',
    ];
    const err = errorOf(() => loadConfig({ cwd: dirWith(lines.join('\n')), file: 'dq.yaml', env: {} }));
    expect(err.code).toBe('DQ_CONFIG_INVALID');
    expect(err.message.split('\n')).toHaveLength(2);
    expect(err.message).toMatch(
      /dq\.yaml:2: not valid YAML: .*\(and \d+ more errors after it, most likely caused by it\)/,
    );
    expect(err.hint).toContain('must be quoted: url: "${DATABASE_URL}"');
  });
});
