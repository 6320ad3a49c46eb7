import type { CheckCompileContext } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { JsonLogicCheck } from './json-logic-check.js';
import { jsonLogicToSql } from './json-logic-sql.js';

function context(types: Record<string, string> = {}): CheckCompileContext & { values: unknown[] } {
  const values: unknown[] = [];
  return {
    values,
    table: '"t"',
    alias: 'dq_t',
    from: '"t" AS dq_t',
    where: 'TRUE',
    recordId: 'dq_t.ctid::text',
    bind: (v) => {
      values.push(v);
      return `$${values.length}`;
    },
    column: (n) => `dq_t."${n}"`,
    columnType: (n) => types[n],
  };
}

describe('json-logic to SQL', () => {
  it('translates comparisons, and/or/not, in, missing and truthiness', () => {
    const ctx = context({ s: 'text', flag: 'boolean' });
    const sql = jsonLogicToSql(
      {
        and: [
          { '<=': [0, { var: 'a' }, 10] },
          { or: [{ '==': [{ var: 'b' }, null] }, { '!=': [{ var: 'b' }, 'x'] }] },
          { in: [{ var: 's' }, ['p', 'q']] },
          { '!': { missing: ['s'] } },
          { '!!': { var: 'flag' } },
        ],
      },
      ctx,
    );
    expect(sql).toBe(
      '(($1 <= dq_t."a" AND dq_t."a" <= $2) AND ((dq_t."b" IS NULL) OR (dq_t."b" <> $3)) AND (dq_t."s" = ANY($4)) AND (NOT (dq_t."s" IS NULL OR dq_t."s"::text = \'\')) AND coalesce(dq_t."flag", FALSE))',
    );
    expect(ctx.values).toEqual([0, 10, 'x', ['p', 'q']]);
  });

  it('translates +, - and * over numeric columns and numbers as exact numeric arithmetic', () => {
    const ctx = context({ total: 'numeric(14,2)', qty: 'integer', price: 'numeric(12,2)' });
    const sql = jsonLogicToSql(
      { '<=': [-0.01, { '-': [{ var: 'total' }, { '*': [{ var: 'qty' }, { var: 'price' }] }] }, 0.01] },
      ctx,
    );
    expect(sql).toBe(
      '($1::numeric <= ((dq_t."total")::numeric - ((dq_t."qty")::numeric * (dq_t."price")::numeric)) AND ((dq_t."total")::numeric - ((dq_t."qty")::numeric * (dq_t."price")::numeric)) <= $2::numeric)',
    );
    expect(
      jsonLogicToSql({ '>': [{ '+': [{ '-': { var: 'qty' } }, 1, { var: ['price', 0] }] }, 0] }, ctx),
    ).toBe('(((- (dq_t."qty")::numeric) + $3::numeric + (coalesce(dq_t."price", $4))::numeric) > $5)');
  });

  it('leaves arithmetic to json-logic-js where JavaScript would coerce or SQL would refuse', () => {
    const ctx = context({ n: 'integer', s: 'text' });
    expect(jsonLogicToSql({ '<': [{ '+': [{ var: 'a' }, 1] }, 3] }, context())).toBeUndefined();
    expect(jsonLogicToSql({ '<': [{ '+': [{ var: 's' }, 1] }, 3] }, ctx)).toBeUndefined();
    expect(jsonLogicToSql({ '<': [{ '+': [{ var: 'n' }, '1'] }, 3] }, ctx)).toBeUndefined();
    expect(jsonLogicToSql({ '<': [{ '/': [{ var: 'n' }, 2] }, 3] }, ctx)).toBeUndefined();
    expect(jsonLogicToSql({ '<': [{ '%': [{ var: 'n' }, 2] }, 3] }, ctx)).toBeUndefined();
    expect(jsonLogicToSql({ '<': [{ '-': [{ var: 'n' }, 1, 2] }, 3] }, ctx)).toBeUndefined();
    expect(jsonLogicToSql({ '!!': { '+': [{ var: 'n' }, 1] } }, ctx)).toBeUndefined();
  });

  it('gives up (undefined) on operators it does not translate, and on dotted or computed vars', () => {
    expect(jsonLogicToSql({ '==': [{ var: 'a.b' }, 1] }, context())).toBeUndefined();
    expect(jsonLogicToSql({ if: [true, 1, 2] }, context())).toBeUndefined();
  });

  it('compiles to a fusable predicate when it can, to an evaluate check when it cannot', () => {
    const kind = new JsonLogicCheck();
    const rule = (logic: unknown) => ({
      name: 'r',
      category: 'validity',
      table: 't',
      check: 'json_logic',
      severity: 'warning' as const,
      thresholdPct: 0,
      tags: [],
      params: { logic },
    });
    expect(kind.compile(rule({ '>': [{ var: 'a' }, 1] }), context()).mode).toBe('predicate');
    expect(kind.compile(rule({ '>': [{ '*': [{ var: 'a' }, 2] }, 1] }), context()).mode).toBe('evaluate');
    expect(kind.validate(rule({ and: [{ frobnicate: [1] }, { log: 'x' }] }))).toEqual([
      {
        path: ['logic', 'and', 0],
        message: expect.stringMatching(/^"frobnicate" is not a json-logic operator\. Allowed: ==, /),
      },
      { path: ['logic', 'and', 1], message: expect.stringMatching(/^"log" is not a json-logic operator/) },
    ]);
  });
});
