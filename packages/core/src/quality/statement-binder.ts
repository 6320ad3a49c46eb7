import type { BoundStatement } from '@dq/plugin-api';

// A bound value is spliced into SQL text as NUL + index + NUL: PostgreSQL refuses NUL in query
// text, so a token can never be confused with anything a rule author wrote, and a token that
// somehow survived would fail loudly instead of running.
const MARK = '\u0000';
const TOKEN = new RegExp(`${MARK}dq(\\d+)${MARK}`, 'g');

/**
 * Collects the values of one or more statements. `bind` hands out placeholder tokens; `statement`
 * numbers the tokens a text actually uses as `$1..$n` (unused values are left out, so several
 * statements can be compiled with one binder).
 */
export class StatementBinder {
  private readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `${MARK}dq${this.values.length - 1}${MARK}`;
  }

  statement(sql: string): BoundStatement {
    const numbers = new Map<number, number>();
    const values: unknown[] = [];
    const text = sql.replace(TOKEN, (_m, index: string) => {
      const i = Number(index);
      let n = numbers.get(i);
      if (n === undefined) {
        values.push(this.values[i]);
        n = values.length;
        numbers.set(i, n);
      }
      return `$${n}`;
    });
    return { text, values };
  }

  /**
   * A SELECT that is guaranteed to go through the extended query protocol: with no parameter the
   * pg driver sends the simple protocol, which runs several `;`-separated statements, and a rule's
   * SQL could then end the READ ONLY transaction. One bound TRUE keeps it a single statement.
   */
  select(sql: string): BoundStatement {
    const bound = this.statement(sql);
    if (bound.values.length > 0) return bound;
    return { text: `SELECT * FROM (${bound.text}\n) AS dq_s WHERE $1::boolean`, values: [true] };
  }
}
