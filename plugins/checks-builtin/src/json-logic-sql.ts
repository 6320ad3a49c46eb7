import { type CheckCompileContext, isValidIdent } from '@dq/plugin-api';
import { asOperation } from './json-logic-operators.js';
import { isNumericType } from './numeric-value.js';

/** Thrown inside the compiler when an expression has no SQL translation: evaluate it in Node. */
class NoSql extends Error {}

const COMPARISON: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITHMETIC = new Set(['+', '-', '*']);

/**
 * Translates json-logic into a SQL boolean over the scanned row, for the operators ==, ===, !=,
 * !==, <, <=, >, >=, and, or, !, !!, in, var and missing, and the arithmetic +, - and * over
 * numeric columns and number literals. Returns undefined when the logic uses anything else.
 * Comparisons follow SQL: one involving NULL is unknown, and the caller treats unknown as
 * satisfied (a null is missing, not invalid). Truthiness (`!!`, `!`, a bare `var`) follows
 * JavaScript by the column's type: NULL, false, 0 and '' are false.
 *
 * Arithmetic is exact `numeric` arithmetic, where json-logic-js would use binary floating point:
 * `line_total - quantity * unit_price` over decimal columns is 0.01, not 0.010000000000000009.
 * Anything that would make JavaScript coerce (a text column, a string, a boolean) or that SQL
 * would refuse where JavaScript would not (division and modulo by zero) stays in json-logic-js.
 */
export function jsonLogicToSql(logic: unknown, ctx: CheckCompileContext): string | undefined {
  try {
    return new Translator(ctx).bool(logic);
  } catch (err) {
    if (err instanceof NoSql) return undefined;
    throw err;
  }
}

class Translator {
  constructor(private readonly ctx: CheckCompileContext) {}

  bool(logic: unknown): string {
    const operation = asOperation(logic);
    if (!operation) {
      if (typeof logic === 'object' && logic !== null) throw new NoSql();
      // JavaScript truthiness of a literal is known now.
      return logic ? 'TRUE' : 'FALSE';
    }
    const [op, args] = operation;
    switch (op) {
      case '==':
      case '===':
        return this.equality(args, false);
      case '!=':
      case '!==':
        return this.equality(args, true);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.comparison(op, args);
      case 'and':
      case 'or':
        if (args.length === 0) throw new NoSql();
        return `(${args.map((a) => this.bool(a)).join(op === 'and' ? ' AND ' : ' OR ')})`;
      case '!':
        return `(NOT ${this.bool(args[0])})`;
      case '!!':
        return this.bool(args[0]);
      case 'in':
        return this.membership(args);
      case 'missing':
        return this.missing(args);
      case 'var':
        return this.truthy(args);
      default:
        throw new NoSql();
    }
  }

  private value(logic: unknown): string {
    if (logic === null) return 'NULL';
    if (typeof logic === 'number') {
      // An integer stays untyped so it compares with an integer column; a fraction is numeric.
      return Number.isInteger(logic) ? this.ctx.bind(logic) : `${this.ctx.bind(logic)}::numeric`;
    }
    if (typeof logic === 'string' || typeof logic === 'boolean') return this.ctx.bind(logic);
    const operation = asOperation(logic);
    if (!operation) throw new NoSql();
    if (operation[0] === 'var') return this.variable(operation[1]);
    if (ARITHMETIC.has(operation[0])) return this.number(logic);
    return this.bool(logic);
  }

  /** A numeric expression: a number literal, a numeric column, or +, - and * over them. */
  private number(logic: unknown): string {
    if (typeof logic === 'number') return `${this.ctx.bind(logic)}::numeric`;
    const operation = asOperation(logic);
    if (!operation) throw new NoSql();
    const [op, args] = operation;
    if (op === 'var') {
      const [name, fallback] = args;
      if (typeof name !== 'string' || !isNumericType(this.ctx.columnType(name))) throw new NoSql();
      if (args.length > 1 && typeof fallback !== 'number') throw new NoSql();
      return `(${this.variable(args)})::numeric`;
    }
    if (op === '-' && args.length === 1) return `(- ${this.number(args[0])})`;
    if (op === '-' && args.length === 2) return `(${this.number(args[0])} - ${this.number(args[1])})`;
    if ((op === '+' || op === '*') && args.length > 0) {
      return `(${args.map((a) => this.number(a)).join(` ${op} `)})`;
    }
    throw new NoSql();
  }

  private variable(args: unknown[]): string {
    const [name, fallback] = args;
    if (typeof name !== 'string' || !isValidIdent(name) || name.includes('.')) throw new NoSql();
    const column = this.ctx.column(name);
    return args.length > 1 ? `coalesce(${column}, ${this.value(fallback)})` : column;
  }

  private equality(args: unknown[], negate: boolean): string {
    if (args.length !== 2) throw new NoSql();
    const [a, b] = args;
    if (a === null || b === null) {
      const other = this.value(a === null ? b : a);
      return `(${other} IS ${negate ? 'NOT ' : ''}NULL)`;
    }
    return `(${this.value(a)} ${negate ? '<>' : '='} ${this.value(b)})`;
  }

  private comparison(op: string, args: unknown[]): string {
    if (args.length === 2) return `(${this.value(args[0])} ${COMPARISON[op]} ${this.value(args[1])})`;
    if (args.length === 3 && (op === '<' || op === '<=')) {
      const middle = this.value(args[1]);
      return `(${this.value(args[0])} ${op} ${middle} AND ${middle} ${op} ${this.value(args[2])})`;
    }
    throw new NoSql();
  }

  private membership(args: unknown[]): string {
    const [needle, haystack] = args;
    if (Array.isArray(haystack)) {
      if (haystack.some((v) => typeof v === 'object' && v !== null)) throw new NoSql();
      const values = haystack.filter((v) => v !== null).map(String);
      return `(${this.value(needle)} = ANY(${this.ctx.bind(values)}))`;
    }
    // `in` on a string is a substring test.
    return `(strpos((${this.value(haystack)})::text, (${this.value(needle)})::text) > 0)`;
  }

  private missing(args: unknown[]): string {
    const names = Array.isArray(args[0]) ? args[0] : args;
    if (names.length === 0) return 'FALSE';
    const tests = names.map((name) => {
      if (typeof name !== 'string') throw new NoSql();
      const column = this.variable([name]);
      return `${column} IS NULL OR ${column}::text = ''`;
    });
    return `(${tests.join(' OR ')})`;
  }

  private truthy(args: unknown[]): string {
    const column = this.variable(args);
    const name = String(args[0]);
    const type = args.length > 1 ? undefined : this.ctx.columnType(name);
    if (type === 'boolean') return `coalesce(${column}, FALSE)`;
    if (type && /^(smallint|integer|bigint|numeric|real|double precision)/.test(type)) {
      return `coalesce(${column} <> 0, FALSE)`;
    }
    if (type && /^(text|character)/.test(type)) return `coalesce(${column} <> '', FALSE)`;
    return `(${column} IS NOT NULL)`;
  }
}
