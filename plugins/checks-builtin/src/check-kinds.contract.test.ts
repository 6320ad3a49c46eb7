import { checkKindContract } from '@dq/testing';
import plugin from './index.js';

const people = {
  columns: { id: 'int PRIMARY KEY', v: 'text' },
  rows: [
    [1, 'a'],
    [2, null],
    [3, ''],
    [4, null],
  ],
};

// Every built-in check kind on the contract of @dq/testing, on PGlite and PostgreSQL.
checkKindContract(plugin, {
  not_null: { rule: { column: 'v' }, table: people, expect: { failed: 2, scope: 4 }, allNull: 4 },
  unique: {
    rule: { column: 'a' },
    table: {
      columns: { a: 'text', b: 'int' },
      rows: [
        ['x', 1],
        ['x', 1],
        ['x', 2],
        ['y', 1],
        ['z', null],
        ['z', null],
        [null, 1],
        [null, 1],
      ],
    },
    expect: { failed: 5, scope: 8 },
  },
  between: {
    rule: { column: 'n', min: 0, max: 10 },
    table: {
      columns: { id: 'int PRIMARY KEY', n: 'numeric' },
      rows: [
        [1, 0],
        [2, 10],
        [3, 5],
        [4, -1],
        [5, 11],
        [6, null],
      ],
    },
    expect: { failed: 2, scope: 6 },
  },
  in_set: {
    rule: { column: 'status', values: ['Active', "it's"] },
    table: {
      columns: { id: 'int PRIMARY KEY', status: 'text' },
      rows: [
        [1, 'Active'],
        [2, 'Closed'],
        [3, 'active'],
        [4, null],
        [5, "it's"],
        [6, 'Active'],
      ],
    },
    expect: { failed: 2, scope: 6 },
  },
  regex: {
    rule: { column: 'phone', pattern: '^[0-9]{3}-[0-9]{3}-[0-9]{4}$' },
    table: {
      columns: { id: 'int PRIMARY KEY', phone: 'text' },
      rows: [
        [1, '555-123-4567'],
        [2, '5551234567'],
        [3, '(555) 123-4567'],
        [4, null],
        [5, ''],
        [6, "it's"],
      ],
    },
    expect: { failed: 4, scope: 6 },
  },
  foreign_key: {
    rule: { column: 'pid', references: { table: 'ck_fk_parent', column: 'pid' } },
    table: {
      columns: { id: 'int PRIMARY KEY', pid: 'text' },
      rows: [
        [1, 'P1'],
        [2, 'P3'],
        [3, null],
        [4, 'P2'],
        [5, 'P3'],
      ],
    },
    tables: { ck_fk_parent: { columns: { pid: 'text PRIMARY KEY' }, rows: [['P1'], ['P2']] } },
    expect: { failed: 2, scope: 5 },
  },
  freshness: {
    rule: { column: 'ts', max_age: '2d', now: '2026-01-12T12:00:00Z' },
    table: {
      columns: { id: 'int PRIMARY KEY', ts: 'timestamp' },
      rows: [
        [1, '2026-01-09 08:00'],
        [2, '2026-01-10 12:00'],
        [3, null],
      ],
    },
    expect: { failed: 0, scope: 1 },
    // no data is stale data
    empty: { failed: 1, scope: 1 },
    allNull: { failed: 1, scope: 1 },
  },
  row_count: {
    rule: { min: 3 },
    table: { columns: { id: 'int PRIMARY KEY' }, rows: [[1], [2], [3]] },
    expect: { failed: 0, scope: 1 },
    empty: { failed: 1, scope: 1 },
  },
  compare: {
    rule: {
      left: { expression: 'sum(v)' },
      right: { table: 'ck_compare_right', expression: 'sum(v)', where: "k = 'a'" },
      tolerance: 1,
    },
    table: { columns: { v: 'numeric' }, rows: [[100], [50], [null]] },
    tables: {
      ck_compare_right: {
        columns: { v: 'numeric', k: 'text' },
        rows: [
          [149, 'a'],
          [1000, 'b'],
        ],
      },
    },
    expect: { failed: 0, scope: 1 },
    empty: { failed: 1, scope: 1 },
    literalFields: ['left', 'right'],
  },
  sql: {
    rule: { sql: 'SELECT id AS record_identifier FROM {table} WHERE v > 3' },
    table: {
      columns: { id: 'int PRIMARY KEY', v: 'int' },
      rows: [
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    },
    expect: { failed: 2, scope: 5 },
    literalFields: ['sql'],
  },
  json_logic: {
    rule: { logic: { '<': [{ var: 'a' }, { var: 'b' }] } },
    table: {
      columns: { id: 'int PRIMARY KEY', a: 'int', b: 'int' },
      rows: [
        [1, 1, 2],
        [2, 3, 2],
        [3, null, 2],
        [4, 2, 2],
        [5, 5, 1],
      ],
    },
    expect: { failed: 3, scope: 5 },
  },
});
