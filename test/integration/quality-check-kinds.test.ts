import { describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';
import { byName, counts, migrateCore, runRules, type TestRule } from './quality-harness.js';

/**
 * Every built-in check kind on small tables with NULLs, duplicates, boundary values and an
 * empty table, asserting the exact failed/scope counts (failed first, then scope).
 */
describeEachDatabase('built-in check kinds', ({ db }) => {
  const check = async (rules: TestRule[]) => {
    const run = await runRules(db(), rules);
    const results = byName(run);
    return Object.fromEntries(rules.map((r) => [r.name, counts(results[r.name])]));
  };

  beforeAll(async () => {
    await migrateCore(db());
    await db().exec(`
      CREATE TABLE empty_t (id int PRIMARY KEY, v text, n numeric, ts timestamp);
      CREATE TABLE nn_t (id int PRIMARY KEY, v text);
      INSERT INTO nn_t VALUES (1, 'a'), (2, NULL), (3, ''), (4, NULL);
      CREATE TABLE u_t (a text, b int);
      INSERT INTO u_t VALUES ('x', 1), ('x', 1), ('x', 2), ('y', 1), ('z', NULL), ('z', NULL), (NULL, 1), (NULL, 1);
      CREATE TABLE b_t (id int PRIMARY KEY, n numeric, s text);
      INSERT INTO b_t VALUES (1, 0, '0'), (2, 10, '10'), (3, 5, 'abc'), (4, -1, '5.5'), (5, 11, NULL), (6, NULL, ' 7 ');
      CREATE TABLE i_t (id int PRIMARY KEY, status text, n int);
      INSERT INTO i_t VALUES (1, 'A', 1), (2, 'B', 2), (3, 'C', 3), (4, 'a', NULL), (5, NULL, 1), (6, '', 2);
      CREATE TABLE r_t (id int PRIMARY KEY, phone text);
      INSERT INTO r_t VALUES (1, '555-123-4567'), (2, '5551234567'), (3, '(555) 123-4567'), (4, NULL), (5, ''), (6, 'it''s');
      CREATE TABLE fk_parent (pid text PRIMARY KEY);
      INSERT INTO fk_parent VALUES ('P1'), ('P2');
      CREATE TABLE fk_child (id int PRIMARY KEY, pid text);
      INSERT INTO fk_child VALUES (1, 'P1'), (2, 'P3'), (3, NULL), (4, 'P2'), (5, 'P3');
      CREATE TABLE f_t (id int PRIMARY KEY, ts timestamp, d date, txt text);
      INSERT INTO f_t VALUES (1, '2026-01-09 08:00', '2026-01-09', '2026-01-09T08:00:00Z'),
                             (2, '2026-01-10 12:00', '2026-01-10', '2026-01-10T12:00:00Z'), (3, NULL, NULL, NULL);
      CREATE TABLE rc_t (id int PRIMARY KEY);
      INSERT INTO rc_t VALUES (1), (2), (3);
      CREATE TABLE c_left (v numeric);
      INSERT INTO c_left VALUES (100), (50), (NULL);
      CREATE TABLE c_right (v numeric, k text);
      INSERT INTO c_right VALUES (149, 'a'), (1000, 'b');
      CREATE TABLE s_t (id int PRIMARY KEY, v int);
      INSERT INTO s_t SELECT g, g FROM generate_series(1, 5) g;
      CREATE TABLE j_t (id int PRIMARY KEY, a int, b int, s text);
      INSERT INTO j_t VALUES (1, 1, 2, 'x'), (2, 3, 2, 'y'), (3, NULL, 2, 'x'), (4, 2, 2, NULL), (5, 5, 1, '');
      CREATE TABLE j_big (id int PRIMARY KEY);
      INSERT INTO j_big SELECT generate_series(1, 4500);

      -- Duplicated values and NULLs next to values that differ only at the edge (case, a trailing
      -- space, 1 against 1.00, a bound against a hair past it).
      CREATE TABLE nn2_t (id int PRIMARY KEY, v text);
      INSERT INTO nn2_t VALUES (1, 'a'), (2, 'a'), (3, NULL), (4, NULL), (5, ' '), (6, '');
      CREATE TABLE u2_t (id int PRIMARY KEY, t text, n numeric);
      INSERT INTO u2_t VALUES (1, 'x', 1), (2, 'X', 1.0), (3, 'x ', 1.00), (4, 'y', 2), (5, NULL, NULL), (6, 'y', NULL);
      CREATE TABLE b2_t (id int PRIMARY KEY, n numeric, i int);
      INSERT INTO b2_t VALUES (1, 0, 0), (2, 0, 0), (3, 10, 10), (4, 10, 10), (5, -0.001, -1), (6, 10.001, 11),
                              (7, NULL, NULL), (8, NULL, NULL);
      CREATE TABLE i2_t (id int PRIMARY KEY, s text, n numeric);
      INSERT INTO i2_t VALUES (1, 'A', 1.00), (2, 'A', 1), (3, 'a', 2.0), (4, ' A', 2.5), (5, '', NULL), (6, NULL, 3);
      CREATE TABLE r2_t (id int PRIMARY KEY, code text);
      INSERT INTO r2_t VALUES (1, 'AB-12'), (2, 'AB-12'), (3, 'ab-12'), (4, 'AB-123'), (5, 'AB-123'), (6, NULL),
                              (7, NULL), (8, 'xAB-12');
      CREATE TABLE fk2_parent (pid text);
      INSERT INTO fk2_parent VALUES ('P1'), ('P1'), (NULL), ('p2');
      CREATE TABLE fk2_child (id int PRIMARY KEY, pid text);
      INSERT INTO fk2_child VALUES (1, 'P1'), (2, 'P1'), (3, 'p1'), (4, 'P2'), (5, 'p2'), (6, 'P1 '), (7, NULL), (8, NULL);
      CREATE TABLE f2_t (id int PRIMARY KEY, ts timestamp);
      INSERT INTO f2_t VALUES (1, '2026-01-10 12:00'), (2, '2026-01-10 12:00'), (3, NULL), (4, '2026-01-01 00:00');
      CREATE TABLE rc2_t (a int, b text);
      INSERT INTO rc2_t VALUES (NULL, NULL), (NULL, NULL), (1, 'x'), (1, 'x');
      CREATE TABLE c2_left (v numeric);
      INSERT INTO c2_left VALUES (100), (100), (NULL);
      CREATE TABLE c2_right (v numeric);
      INSERT INTO c2_right VALUES (200);
      CREATE TABLE s2_t (id int PRIMARY KEY, v int);
      INSERT INTO s2_t VALUES (1, 1), (2, 2), (3, NULL), (4, NULL), (5, 5);
      CREATE TABLE j2_t (id int PRIMARY KEY, a int, b numeric);
      INSERT INTO j2_t VALUES (1, 1, 1), (2, 1, 1), (3, 2, 1.5), (4, NULL, 1), (5, 3, NULL);
    `);
  });

  it('not_null: NULL is the violation, an empty string or a blank is a value, duplicates each count; where narrows the scope', async () => {
    expect(
      await check([
        { name: 'nn', table: 'nn_t', column: 'v', check: 'not_null' },
        { name: 'nn_where', table: 'nn_t', column: 'v', check: 'not_null', where: 'id > 2' },
        { name: 'nn_empty', table: 'empty_t', column: 'v', check: 'not_null' },
        { name: 'nn_dups', table: 'nn2_t', column: 'v', check: 'not_null' },
      ]),
    ).toEqual({ nn: '2/4', nn_where: '1/2', nn_empty: '0/0', nn_dups: '2/6' });
  });

  it('unique: every row of a duplicated key fails, NULL keys are skipped but in scope; case and blanks differ, 1 = 1.00', async () => {
    expect(
      await check([
        { name: 'u_col', table: 'u_t', column: 'a', check: 'unique' },
        { name: 'u_pair', table: 'u_t', columns: ['a', 'b'], check: 'unique' },
        { name: 'u_where', table: 'u_t', column: 'a', check: 'unique', where: 'b = 1' },
        { name: 'u_empty', table: 'empty_t', column: 'v', check: 'unique' },
        // Case and a trailing space make different keys; 1, 1.0 and 1.00 are one numeric key.
        { name: 'u_text_edges', table: 'u2_t', column: 't', check: 'unique' },
        { name: 'u_numeric_edges', table: 'u2_t', column: 'n', check: 'unique' },
        { name: 'u_pair_null_part', table: 'u2_t', columns: ['t', 'n'], check: 'unique' },
      ]),
    ).toEqual({
      u_col: '5/8',
      u_pair: '2/8',
      u_where: '2/5',
      u_empty: '0/0',
      u_text_edges: '2/6',
      u_numeric_edges: '3/6',
      u_pair_null_part: '0/6',
    });
  });

  it('between: inclusive and exclusive bounds (each twice, and a hair outside), one-sided, NULL skipped, non-numeric text as a violation', async () => {
    expect(
      await check([
        { name: 'b_incl', table: 'b_t', column: 'n', check: 'between', min: 0, max: 10 },
        { name: 'b_excl', table: 'b_t', column: 'n', check: 'between', min: 0, max: 10, exclusive: true },
        { name: 'b_min', table: 'b_t', column: 'n', check: 'between', min: 0, exclusive: true },
        { name: 'b_max', table: 'b_t', column: 'n', check: 'between', max: 10 },
        { name: 'b_text', table: 'b_t', column: 's', check: 'between', min: 0, max: 10 },
        { name: 'b_empty', table: 'empty_t', column: 'n', check: 'between', min: 0 },
        // Each bound twice, and a hair outside each: -0.001 and 10.001 (numeric), -1 and 11 (int).
        { name: 'b_edges', table: 'b2_t', column: 'n', check: 'between', min: 0, max: 10 },
        {
          name: 'b_edges_excl',
          table: 'b2_t',
          column: 'n',
          check: 'between',
          min: 0,
          max: 10,
          exclusive: true,
        },
        { name: 'b_edges_int', table: 'b2_t', column: 'i', check: 'between', min: 0, max: 10 },
        { name: 'b_edges_max', table: 'b2_t', column: 'n', check: 'between', max: 10 },
      ]),
    ).toEqual({
      b_incl: '2/6',
      b_excl: '4/6',
      b_min: '2/6',
      b_max: '1/6',
      b_text: '1/6',
      b_empty: '0/0',
      b_edges: '2/8',
      b_edges_excl: '6/8',
      b_edges_int: '2/8',
      b_edges_max: '1/8',
    });
  });

  it('in_set: text and numeric columns (1.00 is 1), case- and blank-sensitive, duplicates, NULL skipped', async () => {
    expect(
      await check([
        { name: 'in_text', table: 'i_t', column: 'status', check: 'in_set', values: ['A', 'B'] },
        { name: 'in_num', table: 'i_t', column: 'n', check: 'in_set', values: [1, 2] },
        { name: 'in_empty', table: 'empty_t', column: 'v', check: 'in_set', values: ['x'] },
        // 'a', ' A' and '' are not 'A'; 1.00 and 2.0 are the numbers 1 and 2, 2.5 is not.
        { name: 'in_text_edges', table: 'i2_t', column: 's', check: 'in_set', values: ['A', 'B'] },
        { name: 'in_numeric_edges', table: 'i2_t', column: 'n', check: 'in_set', values: [1, 2] },
      ]),
    ).toEqual({
      in_text: '3/6',
      in_num: '1/6',
      in_empty: '0/0',
      in_text_edges: '3/6',
      in_numeric_edges: '2/6',
    });
  });

  it('regex: the pattern is bound (a quote in it is fine), ignore_case, anchors at the edge, duplicates, NULL skipped', async () => {
    expect(
      await check([
        {
          name: 're_phone',
          table: 'r_t',
          column: 'phone',
          check: 'regex',
          pattern: '^[0-9]{3}-[0-9]{3}-[0-9]{4}$',
        },
        {
          name: 're_quote',
          table: 'r_t',
          column: 'phone',
          check: 'regex',
          pattern: "^it's$",
          where: 'id = 6',
        },
        {
          name: 're_case',
          table: 'i_t',
          column: 'status',
          check: 'regex',
          pattern: '^[a-c]$',
          ignore_case: true,
        },
        { name: 're_empty', table: 'empty_t', column: 'v', check: 'regex', pattern: 'x' },
        // Anchored, one character too many or too few fails; unanchored, a match inside is enough.
        {
          name: 're_anchored',
          table: 'r2_t',
          column: 'code',
          check: 'regex',
          pattern: '^[A-Z]{2}-[0-9]{2}$',
        },
        {
          name: 're_unanchored',
          table: 'r2_t',
          column: 'code',
          check: 'regex',
          pattern: '[A-Z]{2}-[0-9]{2}',
        },
      ]),
    ).toEqual({
      re_phone: '4/6',
      re_quote: '0/1',
      re_case: '1/6',
      re_empty: '0/0',
      re_anchored: '4/8',
      re_unanchored: '1/8',
    });
  });

  it('foreign_key: each orphan row fails, NULL skipped, a NULL or duplicated parent key changes nothing', async () => {
    expect(
      await check([
        {
          name: 'fk',
          table: 'fk_child',
          column: 'pid',
          check: 'foreign_key',
          references: { table: 'fk_parent', column: 'pid' },
        },
        {
          name: 'fk_empty',
          table: 'empty_t',
          column: 'v',
          check: 'foreign_key',
          references: { table: 'fk_parent', column: 'pid' },
        },
        // The parent has a duplicated key and a NULL (which must not hide every orphan, as a bare
        // NOT IN would); 'p1', 'P2' and 'P1 ' are orphans, a key that exists twice is one match.
        {
          name: 'fk_edges',
          table: 'fk2_child',
          column: 'pid',
          check: 'foreign_key',
          references: { table: 'fk2_parent', column: 'pid' },
        },
      ]),
    ).toEqual({ fk: '2/5', fk_empty: '0/0', fk_edges: '3/8' });
  });

  it('foreign_key against a parent too large to hash runs a join of its own: same counts, same samples', async () => {
    // Statistics as ANALYZE leaves them on a parent of ten million rows; the rows are fk2_parent's.
    await db().exec(`
      CREATE TABLE fk_big_parent (pid text) WITH (autovacuum_enabled = false);
      INSERT INTO fk_big_parent SELECT pid FROM fk2_parent;
      UPDATE pg_class SET reltuples = 10000000 WHERE oid = 'fk_big_parent'::regclass;
    `);
    const references = { table: 'fk_big_parent', column: 'pid' };
    const run = await runRules(db(), [
      { name: 'fk_big', table: 'fk2_child', column: 'pid', check: 'foreign_key', references },
      { name: 'fk_big_empty', table: 'empty_t', column: 'v', check: 'foreign_key', references },
    ]);
    const results = byName(run);
    expect(counts(results.fk_big)).toBe('3/8');
    expect(counts(results.fk_big_empty)).toBe('0/0');
    const samples = await db().query<{
      record_identifier: string;
      failed_value: string;
      expected_value: string;
    }>(
      'SELECT record_identifier, failed_value, expected_value FROM dq_exceptions WHERE result_id = $1 ORDER BY 1',
      [results.fk_big!.resultId],
    );
    expect(samples.rows).toEqual([
      { record_identifier: '3', failed_value: 'p1', expected_value: 'exists in fk_big_parent.pid' },
      { record_identifier: '4', failed_value: 'P2', expected_value: 'exists in fk_big_parent.pid' },
      { record_identifier: '6', failed_value: 'P1 ', expected_value: 'exists in fk_big_parent.pid' },
    ]);
  });

  it('freshness: exactly max_age old is fresh, a second more is stale; text and dates cast; no data is stale', async () => {
    const now = '2026-01-12T12:00:00Z';
    expect(
      await check([
        { name: 'fr_edge', table: 'f_t', column: 'ts', check: 'freshness', max_age: '2d', now },
        { name: 'fr_stale', table: 'f_t', column: 'ts', check: 'freshness', max_age: '47h', now },
        { name: 'fr_text', table: 'f_t', column: 'txt', check: 'freshness', max_age: '48h', now },
        { name: 'fr_date', table: 'f_t', column: 'd', check: 'freshness', max_age: '2d', now },
        {
          name: 'fr_where',
          table: 'f_t',
          column: 'ts',
          check: 'freshness',
          max_age: '2d',
          now,
          where: 'id = 1',
        },
        { name: 'fr_empty', table: 'empty_t', column: 'ts', check: 'freshness', max_age: '7d', now },
        // The newest value twice, beside a NULL and an older row.
        { name: 'fr_dups_edge', table: 'f2_t', column: 'ts', check: 'freshness', max_age: '2d', now },
        { name: 'fr_dups_stale', table: 'f2_t', column: 'ts', check: 'freshness', max_age: '47h', now },
        {
          name: 'fr_only_null',
          table: 'f2_t',
          column: 'ts',
          check: 'freshness',
          max_age: '7d',
          now,
          where: 'id = 3',
        },
      ]),
    ).toEqual({
      fr_edge: '0/1',
      fr_stale: '1/1',
      fr_text: '0/1',
      fr_date: '1/1',
      fr_where: '1/1',
      fr_empty: '1/1',
      fr_dups_edge: '0/1',
      fr_dups_stale: '1/1',
      fr_only_null: '1/1',
    });
  });

  it('row_count: min and max are inclusive; an empty scope counts 0; NULL and duplicated rows count', async () => {
    expect(
      await check([
        { name: 'rc_min3', table: 'rc_t', check: 'row_count', min: 3 },
        { name: 'rc_min4', table: 'rc_t', check: 'row_count', min: 4 },
        { name: 'rc_max2', table: 'rc_t', check: 'row_count', max: 2 },
        { name: 'rc_none', table: 'rc_t', check: 'row_count', min: 1, where: 'id > 10' },
        { name: 'rc_empty', table: 'empty_t', check: 'row_count', max: 0 },
        // All-NULL rows and duplicated rows are rows.
        { name: 'rc_dups_exact', table: 'rc2_t', check: 'row_count', min: 4, max: 4 },
        { name: 'rc_dups_max3', table: 'rc2_t', check: 'row_count', max: 3 },
        { name: 'rc_null_rows', table: 'rc2_t', check: 'row_count', min: 2, max: 2, where: 'a IS NULL' },
      ]),
    ).toEqual({
      rc_min3: '0/1',
      rc_min4: '1/1',
      rc_max2: '1/1',
      rc_none: '1/1',
      rc_empty: '0/1',
      rc_dups_exact: '0/1',
      rc_dups_max3: '1/1',
      rc_null_rows: '0/1',
    });
  });

  it('compare: absolute and relative tolerance with the boundary inclusive; NULL aggregates; duplicated and NULL rows', async () => {
    const sides = {
      left: { expression: 'sum(v)' },
      right: { table: 'c_right', expression: 'sum(v)', where: "k = 'a'" },
    };
    expect(
      await check([
        { name: 'cmp_abs_ok', table: 'c_left', check: 'compare', ...sides, tolerance: 1 },
        { name: 'cmp_abs_bad', table: 'c_left', check: 'compare', ...sides, tolerance: 0.5 },
        { name: 'cmp_pct_ok', table: 'c_left', check: 'compare', ...sides, tolerance: '1%' },
        { name: 'cmp_pct_bad', table: 'c_left', check: 'compare', ...sides, tolerance: '0.5%' },
        {
          name: 'cmp_one_null',
          table: 'c_left',
          check: 'compare',
          left: { expression: 'sum(v)' },
          right: { table: 'empty_t', expression: 'sum(n)' },
          tolerance: 1000,
        },
        {
          name: 'cmp_both_null',
          table: 'empty_t',
          check: 'compare',
          left: { expression: 'sum(n)' },
          right: { expression: 'max(n)' },
        },
      ]),
    ).toEqual({
      cmp_abs_ok: '0/1',
      cmp_abs_bad: '1/1',
      cmp_pct_ok: '0/1',
      cmp_pct_bad: '1/1',
      cmp_one_null: '1/1',
      cmp_both_null: '0/1',
    });
    // Duplicated rows both count in a sum; count(v) skips the NULL that count(*) counts.
    expect(
      await check([
        {
          name: 'cmp_dups',
          table: 'c2_left',
          check: 'compare',
          left: { expression: 'sum(v)' },
          right: { table: 'c2_right', expression: 'sum(v)' },
        },
        {
          name: 'cmp_null_rows',
          table: 'c2_left',
          check: 'compare',
          left: { expression: 'count(v)' },
          right: { expression: 'count(*)' },
        },
        {
          name: 'cmp_null_rows_tolerated',
          table: 'c2_left',
          check: 'compare',
          left: { expression: 'count(v)' },
          right: { expression: 'count(*)' },
          tolerance: 1,
        },
      ]),
    ).toEqual({ cmp_dups: '0/1', cmp_null_rows: '1/1', cmp_null_rows_tolerated: '0/1' });
  });

  it('sql: failed = rows the query returns (NULLs and duplicates included), scope = rows of the table in where', async () => {
    expect(
      await check([
        {
          name: 'sql_all',
          table: 's_t',
          check: 'sql',
          sql: 'SELECT id AS record_identifier FROM s_t WHERE v > 3;',
        },
        {
          name: 'sql_where',
          table: 's_t',
          check: 'sql',
          sql: 'SELECT id FROM s_t WHERE v > 3',
          where: 'v > 1',
        },
        { name: 'sql_empty', table: 'empty_t', check: 'sql', sql: 'SELECT * FROM empty_t' },
        // Rows about NULLs count; a row returned twice counts twice; >= includes the bound.
        { name: 'sql_nulls', table: 's2_t', check: 'sql', sql: 'SELECT id FROM s2_t WHERE v IS NULL' },
        {
          name: 'sql_dups',
          table: 's2_t',
          check: 'sql',
          sql: 'SELECT s.id FROM s2_t s CROSS JOIN (VALUES (1), (2)) AS d(k) WHERE s.v = 5',
        },
        {
          name: 'sql_bound',
          table: 's2_t',
          check: 'sql',
          sql: 'SELECT id FROM s2_t WHERE v >= 2',
          where: 'v IS NOT NULL',
        },
      ]),
    ).toEqual({
      sql_all: '2/5',
      sql_where: '2/4',
      sql_empty: '0/0',
      sql_nulls: '2/5',
      sql_dups: '2/5',
      sql_bound: '2/3',
    });
  });

  it('json_logic: compiled (with arithmetic) and evaluated logic agree on NULLs, duplicates, bounds and an empty table; in, missing and !! follow json-logic', async () => {
    expect(
      await check([
        { name: 'jl_sql', table: 'j_t', check: 'json_logic', logic: { '<': [{ var: 'a' }, { var: 'b' }] } },
        {
          name: 'jl_js',
          table: 'j_t',
          check: 'json_logic',
          logic: { '<': [{ '/': [{ var: 'a' }, 1] }, { var: 'b' }] },
        },
        {
          name: 'jl_arith',
          table: 'j_t',
          check: 'json_logic',
          logic: { '<': [{ '+': [{ var: 'a' }, 0] }, { var: 'b' }] },
        },
        { name: 'jl_in', table: 'j_t', check: 'json_logic', logic: { in: [{ var: 's' }, ['x', 'y']] } },
        { name: 'jl_missing', table: 'j_t', check: 'json_logic', logic: { '!': { missing: ['s'] } } },
        { name: 'jl_truthy', table: 'j_t', check: 'json_logic', logic: { '!!': { var: 's' } } },
        {
          name: 'jl_batches',
          table: 'j_big',
          check: 'json_logic',
          logic: { '<': [{ '%': [{ var: 'id' }, 1000] }, 999] },
        },
        {
          name: 'jl_empty',
          table: 'empty_t',
          check: 'json_logic',
          logic: { '==': [{ '/': [{ var: 'n' }, 1] }, 1] },
        },
        { name: 'jl_sql_empty', table: 'empty_t', check: 'json_logic', logic: { '<': [{ var: 'n' }, 1] } },
        // Duplicated rows at the bound a = b pass <=; a NULL on either side is skipped.
        {
          name: 'jl_sql_edges',
          table: 'j2_t',
          check: 'json_logic',
          logic: { '<=': [{ var: 'a' }, { var: 'b' }] },
        },
        {
          name: 'jl_js_edges',
          table: 'j2_t',
          check: 'json_logic',
          logic: { '<=': [{ '/': [{ var: 'a' }, 1] }, { var: 'b' }] },
        },
        {
          name: 'jl_arith_edges',
          table: 'j2_t',
          check: 'json_logic',
          logic: { '==': [{ '*': [{ var: 'a' }, 2] }, { '+': [{ var: 'b' }, { var: 'b' }] }] },
        },
      ]),
    ).toEqual({
      jl_sql: '3/5',
      jl_js: '3/5',
      jl_arith: '3/5',
      jl_in: '1/5',
      jl_missing: '2/5',
      jl_truthy: '2/5',
      jl_batches: '4/4500',
      jl_empty: '0/0',
      jl_sql_empty: '0/0',
      jl_sql_edges: '1/5',
      jl_js_edges: '1/5',
      jl_arith_edges: '1/5',
    });
  });
});
