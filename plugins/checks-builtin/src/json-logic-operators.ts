/** Operators json-logic-js evaluates (`log` left out: a rule must not write to the console). */
export const JSON_LOGIC_OPERATORS: readonly string[] = [
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
];

/** `{ op: args }` with exactly one key is an operation (json-logic's rule); anything else is data. */
export function asOperation(logic: unknown): [string, unknown[]] | undefined {
  if (typeof logic !== 'object' || logic === null || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return undefined;
  const op = keys[0]!;
  const args = (logic as Record<string, unknown>)[op];
  return [op, Array.isArray(args) ? args : [args]];
}

/** Every operation whose operator json-logic-js does not know, with its path inside the logic. */
export function unknownOperators(
  logic: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; op: string }[] {
  if (Array.isArray(logic)) return logic.flatMap((item, i) => unknownOperators(item, [...path, i]));
  const operation = asOperation(logic);
  if (!operation) return [];
  const [op] = operation;
  const here = JSON_LOGIC_OPERATORS.includes(op) ? [] : [{ path, op }];
  return [...here, ...unknownOperators((logic as Record<string, unknown>)[op], [...path, op])];
}
