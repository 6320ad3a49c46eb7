import { expect, it } from 'vitest';
import { StatementBinder } from './statement-binder.js';

it('numbers only the placeholders a statement uses, reusing one number per value', () => {
  const binder = new StatementBinder();
  const a = binder.bind('a');
  const b = binder.bind(2);
  const c = binder.bind(['x']);
  expect(binder.statement(`SELECT ${c}, ${a}, ${c}`)).toEqual({
    text: 'SELECT $1, $2, $1',
    values: [['x'], 'a'],
  });
  expect(binder.statement(`SELECT ${b}`)).toEqual({ text: 'SELECT $1', values: [2] });
});

it("leaves the rule author's $ signs alone", () => {
  const binder = new StatementBinder();
  const p = binder.bind(1);
  expect(binder.statement(`SELECT '$1 and $$x$$' WHERE n = ${p}`).text).toBe(
    "SELECT '$1 and $$x$$' WHERE n = $1",
  );
});

it('a select without parameters gets one, so the driver uses the single-statement protocol', () => {
  expect(new StatementBinder().select('SELECT 1')).toEqual({
    text: 'SELECT * FROM (SELECT 1\n) AS dq_s WHERE $1::boolean',
    values: [true],
  });
});
