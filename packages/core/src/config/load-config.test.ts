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
    const { config } = loadConfig({
      cwd: ok,
      file: 'dq.yaml',
      env: { SMTP_PASS: 'hunter22', DATABASE_URL: 'postgres://me:topsecret@db/x' },
    });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('hunter22');
    expect(printed).not.toContain('topsecret');
    expect(printed).toContain('postgres://me:***@db/x');
  });
});
