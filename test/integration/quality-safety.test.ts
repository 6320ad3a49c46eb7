import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '@dq/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  byName,
  counts,
  migrateCore,
  runRules,
  runRulesWithReport,
  type TestRule,
} from './quality-harness.js';

/** What a successful read of a server file would put in a table or a report. */
const SERVER_FILE_MARKERS = ['root:x:0:0', 'pg_wal', 'PG_VERSION', 'SCRAM-SHA-256'];

/**
 * Rule files cannot change data, read the server's files, signal other sessions or leave state
 * behind, in any pass: every pass runs READ ONLY as the read-only rule role, the samples are
 * written by dq from what that pass returned, and the session is reset after each rule.
 */
describeEachDatabase('rule safety', ({ db, kind, testDatabase }) => {
  const marker = join(tmpdir(), `dq-copy-to-program-${process.pid}`);
  /** A second connection (server): what it sees is what everybody else sees. */
  let bystander: pg.Client | undefined;
  let bystanderPid = 0;

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE victim (id int PRIMARY KEY, v text);
      INSERT INTO victim SELECT g, 'v' || g FROM generate_series(1, 10) g;
      CREATE SEQUENCE victim_seq;
      CREATE TABLE audit (at timestamptz DEFAULT now());
      CREATE FUNCTION log_row() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO audit DEFAULT VALUES; RETURN true; END $$;
      CREATE FUNCTION drop_victim() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN DROP TABLE victim; RETURN true; END $$;
      -- Writes and drops only when it can: every pass of a rule must leave it nothing to do.
      CREATE FUNCTION sneaky() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
          IF current_setting('transaction_read_only') = 'off' THEN
            INSERT INTO audit DEFAULT VALUES;
            PERFORM setval('victim_seq', 4242);
            DROP TABLE victim;
          END IF;
          RETURN true;
        END $$;
    `);
    const url = testDatabase().url;
    if (url) {
      bystander = new pg.Client({ connectionString: url });
      await bystander.connect();
      bystanderPid = (await bystander.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    }
  });

  afterAll(async () => {
    await bystander?.end();
    rmSync(marker, { force: true });
  });

  /** The state every attack must leave as it was, read from another connection where there is one. */
  const state = async () => {
    const read = async (sql: string) =>
      bystander
        ? (await bystander.query(sql)).rows[0]
        : (await db().query<Record<string, unknown>>(sql)).rows[0];
    return {
      victim: await read("SELECT count(*)::int AS n, string_agg(v, ',' ORDER BY id) AS v FROM victim"),
      sequence: await read('SELECT last_value::int AS v, is_called FROM victim_seq'),
      audit: await read('SELECT count(*)::int AS n FROM audit'),
      largeObjects: await read('SELECT count(*)::int AS n FROM pg_largeobject_metadata'),
      searchPath: await read("SELECT current_setting('search_path') AS v"),
    };
  };

  const attacks: (TestRule & { reason: RegExp; engines?: string[] })[] = [
    {
      name: 'setval',
      table: 'victim',
      check: 'sql',
      sql: "SELECT setval('victim_seq', 4242)",
      reason: /permission denied for sequence victim_seq/,
    },
    {
      name: 'nextval',
      table: 'victim',
      check: 'sql',
      sql: "SELECT nextval('victim_seq')",
      reason: /permission denied for sequence victim_seq/,
    },
    {
      name: 'setval_in_where',
      table: 'victim',
      column: 'v',
      check: 'not_null',
      where: "setval('victim_seq', 1) > 0",
      reason: /permission denied for sequence victim_seq/,
    },
    {
      name: 'lo_from_bytea',
      table: 'victim',
      check: 'sql',
      sql: "SELECT lo_from_bytea(0, 'x'::bytea)",
      reason:
        /wrote to the database although its transaction was READ ONLY|cannot execute lo_from_bytea\(\) in a read-only transaction/,
    },
    {
      name: 'lo_import',
      table: 'victim',
      check: 'sql',
      sql: "SELECT lo_import('/etc/passwd')",
      reason: /permission denied for function lo_import/,
    },
    {
      name: 'lo_export',
      table: 'victim',
      check: 'sql',
      sql: "SELECT lo_export(1, '/tmp/dq-lo-export')",
      reason: /permission denied for function lo_export/,
    },
    {
      name: 'writing_function',
      table: 'victim',
      check: 'sql',
      sql: 'SELECT id FROM victim WHERE log_row()',
      reason: /read-only transaction/,
    },
    {
      name: 'dropping_function',
      table: 'victim',
      column: 'v',
      check: 'not_null',
      where: 'drop_victim()',
      reason: /read-only transaction/,
    },
    {
      name: 'read_server_file',
      table: 'victim',
      check: 'sql',
      sql: "SELECT 1 AS record_identifier, pg_read_file('/etc/passwd') AS failed_value",
      reason: /permission denied for function pg_read_file/,
    },
    {
      name: 'list_server_dir',
      table: 'victim',
      check: 'sql',
      sql: "SELECT pg_ls_dir('.') AS failed_value",
      reason: /permission denied for function pg_ls_dir/,
    },
    {
      name: 'read_passwords',
      table: 'victim',
      check: 'sql',
      sql: 'SELECT rolname AS record_identifier, rolpassword AS failed_value FROM pg_authid',
      reason: /permission denied for (table|relation) pg_authid/,
    },
    {
      name: 'copy_to_program',
      table: 'victim',
      check: 'sql',
      sql: `COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`,
      reason: /syntax error/,
    },
    {
      name: 'commit_then_drop',
      table: 'victim',
      check: 'sql',
      sql: 'SELECT 1; COMMIT; DROP TABLE victim',
      reason: /multiple commands|syntax error/,
    },
    {
      name: 'escape_subquery',
      table: 'victim',
      check: 'sql',
      sql: 'SELECT 1) AS a; COMMIT; DROP TABLE victim; SELECT (1',
      reason: /multiple commands|syntax error/,
    },
    {
      name: 'delete',
      table: 'victim',
      check: 'sql',
      sql: 'DELETE FROM victim RETURNING *',
      reason: /syntax error/,
    },
    {
      name: 'cte_delete',
      table: 'victim',
      check: 'sql',
      sql: 'WITH d AS (DELETE FROM victim RETURNING *) SELECT * FROM d',
      reason: /data-modifying statement|read-only transaction|permission denied/,
    },
    {
      name: 'update',
      table: 'victim',
      check: 'sql',
      sql: "UPDATE victim SET v = 'x' RETURNING id",
      reason: /syntax error/,
    },
    { name: 'drop', table: 'victim', check: 'sql', sql: 'DROP TABLE victim', reason: /syntax error/ },
    // The embedded database has a single superuser session: set_config is taken from PUBLIC there,
    // so a rule cannot switch its role back. On a server the rule role may set its own session
    // state; the session is discarded after the rule (tested below).
    {
      name: 'set_role_back',
      table: 'victim',
      check: 'sql',
      sql: "SELECT 1 WHERE set_config('role', 'postgres', true) IS NULL",
      reason: /permission denied (for function set_config|to set role)/,
    },
    {
      name: 'terminate_backend',
      table: 'victim',
      check: 'sql',
      sql: `SELECT pg_terminate_backend(${'${pid}'})`,
      reason: /permission denied to terminate process|must be a (member of the role|superuser to terminate)/,
      engines: ['postgres'],
    },
    {
      name: 'cancel_backend',
      table: 'victim',
      check: 'sql',
      sql: `SELECT pg_cancel_backend(${'${pid}'})`,
      reason: /permission denied to cancel query|must be a (member of the role|superuser to cancel)/,
      engines: ['postgres'],
    },
  ];

  it('every attempt to write, read server files or signal another session is ERROR with its reason; nothing changes; the other rules run', async () => {
    const before = await state();
    const rules = attacks
      .filter((a) => !a.engines || a.engines.includes(kind))
      .map(({ reason: _r, engines: _e, ...rule }) =>
        typeof rule.sql === 'string'
          ? { ...rule, sql: rule.sql.replace('${pid}', String(bystanderPid)) }
          : rule,
      );
    const { run, html } = await runRulesWithReport(db(), [
      ...rules,
      { name: 'healthy', table: 'victim', column: 'v', check: 'regex', pattern: '^v[0-9]$' },
    ]);
    const results = byName(run);
    for (const attack of attacks.filter((a) => !a.engines || a.engines.includes(kind))) {
      const result = results[attack.name];
      expect(result?.status, `${attack.name}: ${result?.message}`).toBe('ERROR');
      expect(result?.message, attack.name).toMatch(attack.reason);
    }
    expect(counts(results.healthy)).toBe('1/10');
    expect(results.healthy?.status).toBe('FAILED');
    expect(run.ruleRole).toBe('dq_rule_reader');

    expect(await state()).toEqual(before);
    expect(existsSync(marker)).toBe(false);
    if (bystander) expect((await bystander.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);

    // Nothing a rule might have read from the server lands in a dq table or the report.
    const stored = await db().query<{ text: string }>(
      `SELECT coalesce(string_agg(concat_ws('|', record_identifier, column_name, failed_value, expected_value), '|'), '') AS text
         FROM dq_exceptions
       UNION ALL SELECT coalesce(string_agg(test_message, '|'), '') FROM dq_test_results`,
    );
    for (const found of [...stored.rows.map((r) => r.text), html]) {
      for (const m of SERVER_FILE_MARKERS) expect(found).not.toContain(m);
    }
    // ERROR results are recorded, without counts
    const errored = await db().query<{ test_status: string; total_records_checked: number | null }>(
      'SELECT test_status, total_records_checked FROM dq_test_results WHERE result_id = $1',
      [results.drop!.resultId],
    );
    expect(errored.rows).toEqual([{ test_status: 'ERROR', total_records_checked: null }]);
  });

  it('a function that writes or drops only when it can write finds no pass it can write in', async () => {
    const before = await state();
    const run = await runRules(db(), [
      // every pass of the rule reads, the sampling of its 9 violations included
      {
        name: 'sneaky_where',
        table: 'victim',
        column: 'v',
        check: 'regex',
        pattern: '^v1$',
        where: 'sneaky()',
      },
      {
        name: 'sneaky_sql',
        table: 'victim',
        check: 'sql',
        sql: 'SELECT id AS record_identifier FROM victim WHERE sneaky()',
      },
      {
        name: 'sneaky_case',
        table: 'victim',
        column: 'v',
        check: 'regex',
        pattern: '^v1$',
        where:
          "CASE WHEN current_setting('transaction_read_only') = 'off' THEN setval('victim_seq', 4242) > 0 ELSE true END",
      },
    ]);
    const results = byName(run);
    expect(counts(results.sneaky_where)).toBe('9/10');
    expect(counts(results.sneaky_sql)).toBe('10/10');
    expect(counts(results.sneaky_case)).toBe('9/10');
    expect(await state()).toEqual(before);
    const kept = await db().query<{ rule_name: string; n: number }>(
      `SELECT r.rule_name, count(*)::int AS n FROM dq_exceptions e JOIN dq_rules r USING (rule_id)
        WHERE e.result_id = ANY($1::bigint[]) GROUP BY 1 ORDER BY 1`,
      [Object.values(results).map((r) => r.resultId)],
    );
    expect(kept.rows).toEqual([
      { rule_name: 'sneaky_case', n: 9 },
      { rule_name: 'sneaky_sql', n: 10 },
      { rule_name: 'sneaky_where', n: 9 },
    ]);
  });

  it("session state set by a rule does not reach the next rule or dq's own writes", async () => {
    const run = await runRules(
      db(),
      [
        // Before this fix, the first made every later INSERT of dq fail and the run stored nothing.
        {
          name: 'read_only_forever',
          table: 'victim',
          check: 'sql',
          sql: "SELECT 1 AS x WHERE set_config('default_transaction_read_only', 'on', false) = 'on'",
        },
        {
          name: 'search_path',
          table: 'victim',
          check: 'sql',
          sql: "SELECT 1 AS x WHERE set_config('search_path', 'pg_catalog', false) IS NULL",
        },
        {
          name: 'advisory_lock',
          table: 'victim',
          check: 'sql',
          sql: "SELECT 1 AS x WHERE pg_advisory_lock(hashtext('dq:run')) IS NULL",
        },
        // Runs after the three above (one connection, see poolSize): sees none of their state.
        {
          name: 'probe',
          table: 'victim',
          check: 'sql',
          sql: "SELECT current_setting('search_path') AS failed_value WHERE current_setting('search_path') = 'pg_catalog' OR current_setting('default_transaction_read_only') = 'on'",
        },
      ],
      { overrides: { 'database.poolSize': 2 } },
    );
    const results = byName(run);
    expect(Object.keys(results).sort()).toEqual([
      'advisory_lock',
      'probe',
      'read_only_forever',
      'search_path',
    ]);
    expect(counts(results.probe)).toBe('0/10');
    if (kind === 'pglite') {
      for (const name of ['read_only_forever', 'search_path']) {
        expect(results[name]?.message).toMatch(/permission denied for function set_config/);
      }
    }
    const stored = await db().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM dq_test_results WHERE run_id = $1',
      [run.runId],
    );
    expect(stored.rows[0]?.n).toBe(4);
    if (bystander) {
      const lock = await bystander.query<{ free: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext('dq:run')) AS free",
      );
      expect(lock.rows[0]?.free).toBe(true);
      await bystander.query("SELECT pg_advisory_unlock(hashtext('dq:run'))");
    }
  });

  it('a fused scan that fails is rerun rule by rule: only the bad rule is ERROR', async () => {
    const run = await runRules(db(), [
      { name: 'good_1', table: 'victim', column: 'v', check: 'not_null' },
      { name: 'bad_column', table: 'victim', column: 'no_such_column', check: 'not_null' },
      { name: 'good_2', table: 'victim', column: 'id', check: 'between', min: 1, max: 5 },
    ]);
    const results = byName(run);
    expect(counts(results.good_1)).toBe('0/10');
    expect(counts(results.good_2)).toBe('5/10');
    expect(results.bad_column?.status).toBe('ERROR');
    expect(results.bad_column?.message).toMatch(/no_such_column/);
  });

  it.runIf(kind === 'postgres')(
    'a runaway rule is cancelled at the statement timeout and the run goes on',
    async () => {
      const started = performance.now();
      const run = await runRules(
        db(),
        [
          { name: 'runaway', table: 'victim', check: 'sql', sql: 'SELECT pg_sleep(30)' },
          // A rule that lifts its own timeout is cancelled by dq all the same.
          {
            name: 'no_timeout',
            table: 'victim',
            check: 'sql',
            sql: "SELECT id FROM victim, (SELECT set_config('statement_timeout', '0', true)) AS s WHERE pg_sleep(3) IS NOT NULL",
          },
          { name: 'after', table: 'victim', column: 'v', check: 'not_null' },
        ],
        { overrides: { 'quality.statementTimeoutMs': 500 } },
      );
      expect(performance.now() - started).toBeLessThan(15_000);
      const results = byName(run);
      expect(results.runaway?.status).toBe('ERROR');
      expect(results.runaway?.message).toMatch(/timed out after 500 ms/);
      expect(results.no_timeout?.status).toBe('ERROR');
      expect(results.no_timeout?.message).toMatch(/timed out after 500 ms/);
      expect(counts(results.after)).toBe('0/10');
    },
  );

  it.runIf(kind === 'pglite')(
    'on PGlite a rule longer than the timeout runs to its end and is then ERROR',
    async () => {
      const run = await runRules(
        db(),
        [
          { name: 'slow', table: 'victim', check: 'sql', sql: 'SELECT pg_sleep(0.4)' },
          { name: 'after', table: 'victim', column: 'v', check: 'not_null' },
        ],
        { overrides: { 'quality.statementTimeoutMs': 150 } },
      );
      const results = byName(run);
      expect(results.slow?.status).toBe('ERROR');
      expect(results.slow?.message).toMatch(/cannot cancel a running statement/);
      expect(counts(results.after)).toBe('0/10');
      expect(run.notes.join(' ')).toMatch(/PGlite/);
    },
  );
});
