import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableKinds, serverUrl } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, type DqResult, jsonOf, repoRoot, runDq, workdir } from './run-dq.js';

/** Every file under `dir`, read as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ file: path, text: readFileSync(path, 'latin1') });
  }
  return out;
}

const MISSPELLED = `
- name: people_email_present
  category: completeness
  table: safety_people
  column: email
  check: not_null
  where: emial IS NOT NULL OR id > 0
  severity: warning
`;
const HEALTHY = `
- name: people_id_present
  category: completeness
  table: safety_people
  column: id
  check: not_null
  severity: critical
`;

for (const kind of availableKinds()) {
  describe(`broken rules and one JSON shape [${kind}]`, () => {
    let database: CliDatabase;
    let cwd: string;
    const rules = (name: string, text: string) => {
      const dir = join(cwd, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'people.yaml'), text);
      return dir;
    };
    const dq = (args: string[], dir: string) =>
      runDq(args, { cwd, env: { ...database.env, DQ_QUALITY__RULES: dir } });

    beforeAll(async () => {
      database = await cliDatabase(kind);
      cwd = workdir();
      expect((await runDq(['db', 'migrate'], { cwd, env: database.env })).code).toBe(0);
      await database.withDb((db) =>
        db.exec(`CREATE TABLE safety_people (id int PRIMARY KEY, email text);
                 INSERT INTO safety_people VALUES (1, 'a@x'), (2, NULL);`),
      );
    });
    afterAll(() => database.test.drop());

    it('a misspelled column in where: rules validate --db and check exit 2 naming file, line, rule and column', async () => {
      const dir = rules('misspelled', MISSPELLED + HEALTHY);
      // without --db the file is valid: only the database knows the columns
      expect((await dq(['rules', 'validate'], dir)).code).toBe(0);
      const validate = await dq(['rules', 'validate', '--db'], dir);
      expect(validate.code, validate.stderr).toBe(2);
      expect(validate.stderr).toMatch(
        /misspelled\/people\.yaml:7: rule people_email_present: where: column "emial" does not exist/,
      );
      const check = await dq(['check', '--json'], dir);
      expect(check.code, check.stderr).toBe(2);
      const { data, error } = jsonOf(check);
      expect(error?.code).toBe('DQ_RULE_INVALID');
      expect(error?.message).toMatch(
        /people\.yaml:7: rule people_email_present: where: column "emial" does not exist/,
      );
      // the others still ran and were recorded
      const byRule = Object.fromEntries(
        data.results.map((r: { rule: string; status: string; invalid?: string }) => [r.rule, r]),
      );
      expect(byRule.people_id_present.status).toBe('PASSED');
      expect(byRule.people_email_present.status).toBe('ERROR');
      expect(byRule.people_email_present.invalid).toMatch(/emial/);
      const human = await dq(['check'], dir);
      expect(human.code).toBe(2);
      expect(human.stdout).toMatch(/INVALID\s+warning\s+people_email_present/);
    });

    it('an unreachable database still exits 3 for rules validate --db and check', async () => {
      const dir = rules('unreachable', MISSPELLED);
      const env = { DATABASE_URL: 'postgres://u@127.0.0.1:1/x', DQ_QUALITY__RULES: dir };
      expect((await runDq(['rules', 'validate', '--db'], { cwd, env })).code).toBe(3);
      expect((await runDq(['check'], { cwd, env })).code).toBe(3);
    });

    it('--json prints one envelope for exit 0, 1, 2 and 3 alike', async () => {
      const ok = rules('ok', HEALTHY);
      const failing = rules('failing', HEALTHY.replace('column: id', 'column: email'));
      const invalidFile = rules('invalid-file', HEALTHY.replace('check: not_null', 'check: not_nul'));
      const runs: [DqResult, number][] = [
        [await dq(['check', '--json'], ok), 0],
        [await dq(['check', '--json'], failing), 1],
        [await dq(['check', '--json'], invalidFile), 2],
        [
          await runDq(['check', '--json'], {
            cwd,
            env: { DATABASE_URL: 'postgres://u@127.0.0.1:1/x', DQ_QUALITY__RULES: ok },
          }),
          3,
        ],
      ];
      for (const [res, code] of runs) {
        expect(res.code, res.stderr).toBe(code);
        const envelope = jsonOf(res);
        expect(Object.keys(envelope).sort()).toEqual(['data', 'error', 'exitCode']);
        if (code === 0) expect(envelope.error).toBeNull();
        else
          expect(Object.keys(envelope.error ?? {})).toEqual(
            expect.arrayContaining(['code', 'message', 'hint']),
          );
      }
      // the run is data on exit 0 and on exit 1 alike
      expect(jsonOf(runs[0]![0]).data.results[0].rule).toBe('people_id_present');
      expect(jsonOf(runs[1]![0]).data.results[0].status).toBe('FAILED');
      expect(jsonOf(runs[2]![0]).data).toBeNull();
    });
  });
}

describe('secrets never reach any output', () => {
  const SECRETS = ['s3cr3tQueryPw', 'tok-s3cr3t-plugin'];
  const plugin = join(repoRoot, 'test/fixtures/plugin-conformity');

  /** Runs commands in a fresh folder with the secrets in the config and the URL; returns every output. */
  async function outputs(url: string, commands: string[][]): Promise<{ code: number; text: string }[]> {
    const cwd = workdir();
    const rulesDir = join(cwd, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'r.yaml'), HEALTHY.replace('safety_people', 'secret_people'));
    writeFileSync(
      join(cwd, 'dq.yaml'),
      // the secrets come from the environment, as they should: no file of the folder holds one
      `database: { url: "\${SAFETY_DB_URL}" }\nplugins:\n  - ["${plugin}", { referenceDsn: "\${SAFETY_TOKEN}" }]\nquality: { rules: rules }\nlogging: { level: debug, dir: logs }\n`,
    );
    const env = { DQ_LOGGING__LEVEL: 'debug', SAFETY_DB_URL: url, SAFETY_TOKEN: SECRETS[1]! };
    const results: { code: number; text: string }[] = [];
    for (const args of commands) {
      const res = await runDq([...args, '--config', 'dq.yaml'], { cwd, env });
      results.push({ code: res.code, text: `${args.join(' ')}\n${res.stdout}\n${res.stderr}` });
    }
    for (const f of filesUnder(cwd)) results.push({ code: 0, text: `${f.file}\n${f.text}` });
    return results;
  }

  const COMMANDS = [
    ['doctor'],
    ['doctor', '--json'],
    ['plugins', '--json'],
    ['db', 'migrate'],
    ['db', 'migrate', '--json'],
    ['check'],
    ['check', '--json'],
    ['rules', 'validate', '--db', '--json'],
    ['report', 'html'],
    ['report', 'html', '--json'],
  ];

  it('an unreachable server with ?password= in the URL and a secret plugin option', async () => {
    const all = await outputs(`postgres://u@127.0.0.1:1/x?password=${SECRETS[0]}`, COMMANDS);
    expect(all.some((o) => /Cannot connect to PostgreSQL/.test(o.text))).toBe(true);
    for (const o of all) for (const s of SECRETS) expect(o.text, o.text.slice(0, 200)).not.toContain(s);
  });

  it.runIf(serverUrl())(
    'a reachable server (trust auth ignores the password): migrate, check, report',
    async () => {
      const { cliDatabase: make } = await import('./run-dq.js');
      const database = await make('postgres');
      try {
        await database.withDb((db) =>
          db.exec('CREATE TABLE secret_people (id int PRIMARY KEY); INSERT INTO secret_people VALUES (1);'),
        );
        const url = new URL(database.test.url!);
        url.searchParams.set('password', SECRETS[0]!);
        const all = await outputs(url.toString(), COMMANDS);
        // the commands really ran: a check result and a report are among the outputs
        expect(all.some((o) => o.text.includes('people_id_present'))).toBe(true);
        expect(all.some((o) => /dq-report-\d{8}\.html/.test(o.text))).toBe(true);
        for (const o of all) for (const s of SECRETS) expect(o.text, o.text.slice(0, 200)).not.toContain(s);
      } finally {
        await database.test.drop();
      }
    },
  );
});
