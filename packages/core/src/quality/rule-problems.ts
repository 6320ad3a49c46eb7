import type { ErrorObject } from 'ajv';
import { formatPath, pointerToPath, showValue, suggest } from '../config/config-errors.js';

/** A schema problem in one rule: where (path, key or value) and what. */
export interface RuleProblem {
  path: (string | number)[];
  /** True when the line to report is the key's (unknown keys), not the value's. */
  key: boolean;
  text: string;
}

type Schema = Record<string, unknown>;

/** Drops the per-branch errors of a union that has its own error: one message per mistake. */
export function dropUnionNoise(error: ErrorObject, _i: number, all: ErrorObject[]): boolean {
  return !all.some(
    (other) =>
      other !== error &&
      (other.keyword === 'anyOf' || other.keyword === 'oneOf') &&
      error.schemaPath.startsWith(`${other.schemaPath}/`),
  );
}

/** One message (field, problem, allowed values) for an ajv error on a rule. */
export function describeRuleError(
  error: ErrorObject,
  rule: unknown,
  allowedKeys: readonly string[],
): RuleProblem {
  const path = pointerToPath(error.instancePath);
  const at = formatPath(path) || 'rule';
  const params = error.params as Record<string, unknown>;
  const value = path.reduce<unknown>((node, seg) => (node as Record<string | number, unknown>)?.[seg], rule);
  const shown = showValue(value, path);
  if (path.length === 1 && path[0] === 'threshold') {
    return {
      path,
      key: false,
      text: `threshold: ${shown} is not a percentage. Allowed: a number from 0 to 100, or a string like "5%".`,
    };
  }
  switch (error.keyword) {
    case 'unevaluatedProperties':
    case 'additionalProperties': {
      const extra = String(params.unevaluatedProperty ?? params.additionalProperty);
      const allowed =
        error.keyword === 'additionalProperties'
          ? Object.keys((error.parentSchema as Schema)?.properties ?? {})
          : [...allowedKeys];
      const close = suggest(extra, allowed);
      return {
        path: [...path, extra],
        key: true,
        text: `${formatPath([...path, extra])}: unknown field${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}. Allowed: ${allowed.join(', ')}.`,
      };
    }
    case 'required':
      return {
        path,
        key: false,
        text: `${formatPath([...path, String(params.missingProperty)])}: is required${path.length ? '' : ` for check ${checkOf(rule)}`}.`,
      };
    case 'enum':
      return {
        path,
        key: false,
        text: `${at}: ${shown} is not allowed. Allowed: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`,
      };
    case 'type':
      return {
        path,
        key: false,
        text: `${at}: must be ${String(params.type).replace(',', ' or ')}, got ${shown}.`,
      };
    case 'pattern':
      return { path, key: false, text: `${at}: ${shown} does not match ${String(params.pattern)}.` };
    case 'anyOf':
    case 'oneOf':
      return { path, key: false, text: `${at}: ${describeUnion(error)}` };
    default:
      return { path, key: false, text: `${at}: ${error.message} (got ${shown}).` };
  }
}

/** `anyOf`/`oneOf` of `required` branches reads as "needs one of min, max". */
function describeUnion(error: ErrorObject): string {
  const branches = ((error.parentSchema as Schema)?.[error.keyword] ?? []) as Schema[];
  const fields = branches.map((b) =>
    Array.isArray(b.required) && b.required.length === 1 ? b.required[0] : undefined,
  );
  if (fields.every((f) => typeof f === 'string')) {
    const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
    if (error.keyword === 'oneOf' && passing) return `give only one of ${fields.join(', ')}.`;
    return `needs ${error.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${fields.join(', ')}.`;
  }
  return `${error.message}.`;
}

function checkOf(rule: unknown): string {
  const check = (rule as Record<string, unknown> | null)?.check;
  return typeof check === 'string' ? check : '(none)';
}
