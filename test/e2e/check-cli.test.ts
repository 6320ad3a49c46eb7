import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, dataOf, jsonOf, runDq, workdir } from './run-dq.js';

/** Writes one rule folder: name -> file content. */
function folder(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

const PASSING_CRITICAL = `
- name: id_present
  category: completeness
  table: cli_people
  column: id
  check: not_null
  severity: critical
`;
const FAILING_WARNING = `
- name: phone_format
  category: validity
  table: cli_people
  column: phone
  check: regex
  pattern: '^[0-9]{3}-[0-9]{4}$'
  severity: warning
  threshold: 5%
`;

describe('dq rules validate', () => {
  it('exits 2 on a typo in check, naming the file and the line, without a database', async () => {
    const cwd = workdir();
    const dir = folder(cwd, 'rules', {
      'good.yaml': PASSING_CRITICAL,
      'typo.yaml': 'name: typo_rule\ncategory: completeness\ntable: t\ncolumn: c\ncheck: not_nul\n',
    });
    // An unreachable server: validation must never try it.
    const env = { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x' };
    const res = await runDq(['rules', 'validate', dir], { cwd, env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      'rules/typo.yaml:5: check: "not_nul" is not a registered check kind (did you mean not_null?). Allowed: not_null, unique,',
    );
    const ok = await runDq(['rules', 'validate', join(dir, 'good.yaml'), '--json'], { cwd, env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(dataOf(ok)).toMatchObject({
      valid: true,
      rules: [{ name: 'id_present', category: 'completeness' }],
    });
  });

  it('dq rules list --json lists name and category from the files', async () => {
    const cwd = workdir();
    const dir = folder(cwd, 'rules', { 'a.yaml': PASSING_CRITICAL + FAILING_WARNING });
    const res = await runDq(['rules', 'list', '--json'], { cwd, env: { DQ_QUALITY__RULES: dir } });
    expect(res.code, res.stderr).toBe(0);
    const rules = dataOf(res);
    expect(rules.map((r: { name: string; category: string }) => [r.name, r.category])).toEqual([
      ['id_present', 'completeness'],
      ['phone_format', 'validity'],
    ]);
  });

  it('dq check exits 3 when the database is unreachable, without printing the password', async () => {
    const cwd = workdir();
    const dir = folder(cwd, 'rules', { 'a.yaml': PASSING_CRITICAL });
    const res = await runDq(['check'], {
      cwd,
      env: { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x', DQ_QUALITY__RULES: dir },
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/Cannot connect to PostgreSQL/);
    expect(res.stderr + res.stdout).not.toContain('secret');
  });
});

for (const kind of availableKinds()) {
  describe(`dq check [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const dq = (rules: string, ...args: string[]) =>
      runDq(['check', ...args], { cwd, env: { ...database.env, DQ_QUALITY__RULES: rules } });

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      const migrate = await runDq(['db', 'migrate'], { cwd, env: database.env });
      expect(migrate.code, migrate.stderr).toBe(0);
      await database.withDb((db) =>
        db.exec(`CREATE TABLE cli_people (id int PRIMARY KEY, phone text);
                 INSERT INTO cli_people SELECT g, CASE WHEN g % 2 = 0 THEN '555-0100' ELSE '5550100' END
                   FROM generate_series(1, 20) g;`),
      );
    });
    afterAll(() => database.test.drop());

    it('exits 0 when only warnings fail, 1 with --fail-on warning, and --junit writes one testcase per rule', async () => {
      const rules = folder(cwd, 'ok', { 'a.yaml': PASSING_CRITICAL, 'b.yaml': FAILING_WARNING });
      const pass = await dq(rules);
      expect(pass.code, pass.stderr).toBe(0);
      expect(pass.stdout).toMatch(/FAILED\s+warning\s+phone_format\s+cli_people\s+10\/20\s+50%\s+5%/);
      expect(pass.stdout).toMatch(/overall score: /);
      // PGlite ignores statement_timeout: the output says so plainly, where a server needs no note.
      if (kind === 'pglite') {
        expect(pass.stdout).toContain(
          'note: The embedded database (PGlite) cannot cancel a running statement: a rule running longer than quality.statementTimeoutMs is reported ERROR only when it ends.',
        );
      } else {
        expect(pass.stdout).not.toContain('note:');
      }
      const junit = join(cwd, 'out/junit.xml');
      const fail = await dq(rules, '--fail-on', 'warning', '--junit', junit);
      expect(fail.code, fail.stderr).toBe(1);
      expect(fail.stderr).toContain('phone_format');
      const xml = readFileSync(junit, 'utf8');
      expect(xml.match(/<testcase /g)).toHaveLength(2);
      expect(xml).toContain('<testcase classname="completeness" name="id_present"');
      expect(xml).toMatch(
        /<testcase classname="validity" name="phone_format"[^>]*>\s*<failure message="10 of 20 row\(s\) failed/,
      );
      expect(xml).toMatch(/sample records: 1, 3, 5/);
      const never = await dq(rules, '--fail-on', 'never', '--json');
      expect(never.code, never.stderr).toBe(0);
      const run = dataOf(never);
      expect(run.results.map((r: { rule: string; status: string }) => [r.rule, r.status])).toEqual([
        ['id_present', 'PASSED'],
        ['phone_format', 'FAILED'],
      ]);
      expect(
        run.scorecard.categories.find((c: { category: string }) => c.category === 'validity').score,
      ).toBe(50);
    });

    it('exits 1 when a critical rule fails under the default fail-on', async () => {
      const rules = folder(cwd, 'crit', {
        'a.yaml': FAILING_WARNING.replace('severity: warning', 'severity: critical'),
      });
      const res = await dq(rules);
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toMatch(/FAILED at or above --fail-on critical: phone_format/);
    });

    it('exits 2 on an invalid rule file before touching the database', async () => {
      const rules = folder(cwd, 'bad', {
        'a.yaml': PASSING_CRITICAL.replace('check: not_null', 'check: not_nul'),
      });
      const res = await dq(rules);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/a\.yaml:6: check: "not_nul" is not a registered check kind/);
    });

    it('exits 3 when a rule is ERROR, and still records the others', async () => {
      const rules = folder(cwd, 'err', {
        // plans fine, fails while it runs (the divisor is zero only in the data)
        'a.yaml': `${PASSING_CRITICAL}\n- { name: broken, category: validity, table: cli_people, check: sql, sql: 'SELECT 1 / (id - id) FROM cli_people' }\n`,
      });
      const res = await dq(rules, '--json');
      expect(res.code).toBe(3);
      const { data, error } = jsonOf(res);
      expect(error?.code).toBe('DQ_RULE_ERROR');
      const statuses = data.results.map((r: { rule: string; status: string }) => [r.rule, r.status]);
      expect(statuses).toEqual([
        ['id_present', 'PASSED'],
        ['broken', 'ERROR'],
      ]);
    });
  });
}
