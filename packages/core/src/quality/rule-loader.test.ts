import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckKind } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { RuleLoader } from './rule-loader.js';

// Fake kinds: the loader knows check kinds only through their contract.
const kinds: CheckKind[] = [
  {
    name: 'not_null',
    paramsSchema: { required: ['column'] },
    compile: () => ({ mode: 'predicate', violation: 'FALSE', expected: '' }),
  },
  {
    name: 'between',
    paramsSchema: {
      required: ['column'],
      properties: { min: { type: 'number' }, max: { type: 'number' }, exclusive: { type: 'boolean' } },
      anyOf: [{ required: ['min'] }, { required: ['max'] }],
    },
    validate: (rule) =>
      rule.params.min === 13 ? [{ path: ['min'], message: '13 is unlucky. Allowed: any other number' }] : [],
    compile: () => ({ mode: 'predicate', violation: 'FALSE', expected: '' }),
  },
  {
    name: 'unique',
    paramsSchema: {
      properties: { columns: { type: 'array', items: { type: 'string' } } },
      oneOf: [{ required: ['column'] }, { required: ['columns'] }],
    },
    compile: () => ({ mode: 'predicate', violation: 'FALSE', expected: '' }),
  },
];
const categories = [
  { name: 'completeness', description: '' },
  { name: 'accuracy', description: '' },
];

function files(content: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dq-loader-'));
  for (const [name, text] of Object.entries(content)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
const inspect = (dir: string, paths = ['rules']) => new RuleLoader(kinds, categories, dir).inspect(paths);

describe('RuleLoader', () => {
  it('reads one rule or a list per file, YAML and JSON, recursively, with defaults', () => {
    const dir = files({
      'rules/a/one.yaml': 'name: one\ncategory: completeness\ntable: t\ncolumn: c\ncheck: not_null\n',
      'rules/b/list.yml':
        '- { name: two, category: accuracy, table: s.t, column: n, check: between, min: 0, threshold: "2.5%" }\n',
      'rules/c.json': JSON.stringify([
        {
          name: 'three',
          category: 'accuracy',
          table: 't',
          columns: ['a', 'b'],
          check: 'unique',
          severity: 'critical',
          threshold: 5,
        },
      ]),
      'rules/notes.txt': 'not a rule file',
    });
    const report = inspect(dir);
    expect(report.problems).toEqual([]);
    expect(report.files).toEqual(['rules/a/one.yaml', 'rules/b/list.yml', 'rules/c.json']);
    expect(report.rules.map((r) => [r.name, r.severity, r.thresholdPct, r.params])).toEqual([
      ['one', 'warning', 0, {}],
      ['two', 'warning', 2.5, { min: 0 }],
      ['three', 'critical', 5, { columns: ['a', 'b'] }],
    ]);
    expect(report.rules[1]!.source).toMatchObject({ file: 'rules/b/list.yml', line: 1 });
    // every field's own line, for messages about one field (dq rules validate --db)
    expect(report.rules[0]!.source).toEqual({
      file: 'rules/a/one.yaml',
      line: 1,
      fields: { name: 1, category: 2, table: 3, column: 4, check: 5 },
    });
  });

  it('names file, line, field and the allowed values for every problem, in line order', () => {
    const dir = files({
      'rules/x.yaml': [
        'name: x',
        'category: completness',
        'table: t',
        'column: c',
        'check: not_nul',
        'severity: hgih',
        'threshold: 150%',
      ].join('\n'),
    });
    expect(inspect(dir).problems).toEqual([
      'rules/x.yaml:2: category: "completness" is not a registered rule category. Allowed: completeness, accuracy.',
      'rules/x.yaml:5: check: "not_nul" is not a registered check kind (did you mean not_null?). Allowed: not_null, between, unique.',
      'rules/x.yaml:6: severity: "hgih" is not allowed. Allowed: critical, warning, info.',
      'rules/x.yaml:7: threshold: must be at most 100%.',
    ]);
  });

  it('refuses unknown fields with a suggestion, and reports what the check kind requires', () => {
    const dir = files({
      'rules/x.yaml': [
        '- name: a',
        '  category: accuracy',
        '  table: t',
        '  column: c',
        '  check: between',
        '  mni: 3',
        '- name: b',
        '  category: accuracy',
        '  table: t',
        '  check: not_null',
        '  threshold: lots',
        '- name: c',
        '  category: accuracy',
        '  table: t',
        '  check: unique',
        '- name: d',
        '  category: accuracy',
        '  table: t',
        '  column: c',
        '  check: between',
        '  min: 13',
      ].join('\n'),
    });
    const problems = inspect(dir).problems;
    expect(problems).toContain('rules/x.yaml:1: rule: needs at least one of min, max.');
    expect(problems.find((p) => p.startsWith('rules/x.yaml:6:'))).toMatch(
      /^rules\/x\.yaml:6: mni: unknown field \(did you mean min or max\?\)\. Allowed: name, description, .*, min, max, exclusive\.$/,
    );
    expect(problems).toContain('rules/x.yaml:7: column: is required for check not_null.');
    expect(problems).toContain(
      'rules/x.yaml:11: threshold: "lots" is not a percentage. Allowed: a number from 0 to 100, or a string like "5%".',
    );
    expect(problems).toContain('rules/x.yaml:12: rule: needs exactly one of column, columns.');
    expect(problems).toContain('rules/x.yaml:21: min: 13 is unlucky. Allowed: any other number');
  });

  it('refuses a rule name used twice across files, naming both places', () => {
    const rule = 'name: dup\ncategory: completeness\ntable: t\ncolumn: c\ncheck: not_null\n';
    const dir = files({
      'rules/a.yaml': rule,
      'rules/b.json': `{\n  "category": "completeness",\n  "name": "dup",\n  "table": "t", "column": "c", "check": "not_null"\n}`,
    });
    const report = inspect(dir);
    expect(report.problems).toEqual([
      'rules/b.json:3: name: "dup" is already defined at rules/a.yaml:1. Rule names must be unique.',
    ]);
    expect(report.rules).toHaveLength(1);
  });

  it('reports unreadable files and missing paths, and load() throws DQ_RULE_INVALID with exit code 2', () => {
    const dir = files({
      'rules/bad.yaml': 'name: [unclosed\n',
      'rules/bad.json': '{ "name": "x", }',
      'rules/empty.yaml': '',
    });
    const loader = new RuleLoader(kinds, categories, dir);
    const report = loader.inspect(['rules', 'nowhere']);
    expect(report.problems).toEqual([
      expect.stringMatching(/^nowhere: no such file or folder\.$/),
      expect.stringMatching(/^rules\/bad\.json:1: not valid JSON: /),
      expect.stringMatching(/^rules\/bad\.yaml:\d: not valid YAML: /),
      'rules/empty.yaml:1: the file holds no rule.',
    ]);
    expect(() => loader.load(['rules'])).toThrow(
      expect.objectContaining({ code: 'DQ_RULE_INVALID', exitCode: 2 }),
    );
  });
});
