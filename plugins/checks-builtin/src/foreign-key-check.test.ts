import type { CheckCompileContext } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { ForeignKeyCheck, HASHED_PARENT_ROWS } from './foreign-key-check.js';

function context(parentRows: number | undefined): CheckCompileContext {
  return {
    table: '"child"',
    alias: 'dq_t',
    from: '"child" AS dq_t',
    where: 'TRUE',
    recordId: 'dq_t.ctid::text',
    bind: () => '$1',
    column: (n) => `dq_t."${n}"`,
    columnType: () => 'text',
    rowEstimate: (table) => (table === 'parent' ? parentRows : undefined),
  };
}

const rule = {
  name: 'fk',
  category: 'integrity',
  severity: 'warning',
  table: 'child',
  column: 'pid',
  check: 'foreign_key',
  params: { references: { table: 'parent', column: 'pid' } },
} as unknown as Parameters<ForeignKeyCheck['compile']>[0];

describe('foreign_key', () => {
  it('fuses into the table scan while the parent keys fit a hash in memory', () => {
    for (const rows of [undefined, 0, 50_000, HASHED_PARENT_ROWS]) {
      expect(new ForeignKeyCheck().compile(rule, context(rows)).mode).toBe('predicate');
    }
  });

  it('runs a spillable anti-join of its own once the parent is larger than that', () => {
    const compiled = new ForeignKeyCheck().compile(rule, context(HASHED_PARENT_ROWS + 1));
    expect(compiled.mode).toBe('query');
    if (compiled.mode !== 'query') return;
    expect(compiled.measure).toContain('LEFT JOIN (SELECT DISTINCT');
    expect(compiled.measure).not.toContain('NOT IN');
  });
});
