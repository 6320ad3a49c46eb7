import type { CheckKind, RuleCategory, RuleDefinition, Severity } from '@dq/plugin-api';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { suggest } from '../config/config-errors.js';
import type { RawRule } from './rule-file-parser.js';
import { describeRuleError, dropUnionNoise } from './rule-problems.js';
import { COMMON_FIELDS, commonRuleSchema } from './rule-schema.js';
import { parseThreshold } from './threshold.js';

type Schema = Record<string, unknown>;

/** What validating one rule gave: the rule when it is valid, and every problem found. */
export interface RuleValidation {
  rule?: RuleDefinition;
  problems: string[];
}

/**
 * Validates rules as written: the common schema and the check kind's parameter schema together
 * (no unknown key), a registered category and check kind, then the kind's own checks. Messages
 * name file, line, field and the allowed values. Needs no database.
 */
export class RuleValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
  private readonly kinds: Map<string, CheckKind>;
  private readonly categories: Set<string>;
  private readonly validators = new Map<string, ValidateFunction | string>();
  private commonOnly: ValidateFunction | undefined;

  constructor(kinds: readonly CheckKind[], categories: readonly RuleCategory[]) {
    this.kinds = new Map(kinds.map((k) => [k.name, k]));
    this.categories = new Set(categories.map((c) => c.name));
  }

  validate(raw: RawRule): RuleValidation {
    const where = (path: (string | number)[], key = false) => `${raw.display}:${raw.lineOf(path, key)}`;
    if (typeof raw.data !== 'object' || raw.data === null || Array.isArray(raw.data)) {
      return {
        problems: [`${raw.display}:${raw.line}: a rule is a mapping of fields (name:, check:, ...).`],
      };
    }
    const data = raw.data as Record<string, unknown>;
    const problems: string[] = [];
    const kind = typeof data.check === 'string' ? this.kinds.get(data.check) : undefined;
    if (typeof data.check === 'string' && !kind) {
      const close = suggest(data.check, [...this.kinds.keys()]);
      problems.push(
        `${where(['check'])}: check: "${data.check}" is not a registered check kind${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}. Allowed: ${[...this.kinds.keys()].join(', ')}.`,
      );
    }
    if (typeof data.category === 'string' && !this.categories.has(data.category)) {
      problems.push(
        `${where(['category'])}: category: "${data.category}" is not a registered rule category. Allowed: ${[...this.categories].join(', ')}.`,
      );
    }
    const validate = kind ? this.validatorFor(kind) : this.common();
    if (typeof validate === 'string') return { problems: [...problems, `${where([])}: ${validate}`] };
    if (!validate(data)) {
      const allowed = [...COMMON_FIELDS, ...Object.keys((kind?.paramsSchema.properties as Schema) ?? {})];
      for (const error of (validate.errors ?? []).filter(dropUnionNoise)) {
        const problem = describeRuleError(error, data, allowed);
        problems.push(`${where(problem.path, problem.key)}: ${problem.text}`);
      }
    }
    const thresholdPct = parseThreshold(data.threshold);
    if (thresholdPct === undefined && !problems.some((p) => p.includes(': threshold:'))) {
      problems.push(`${where(['threshold'])}: threshold: must be at most 100%.`);
    }
    if (problems.length > 0 || !kind) return { problems: [...new Set(problems)] };
    const rule = toDefinition(data, thresholdPct!, raw);
    for (const problem of kind.validate?.(rule) ?? []) {
      problems.push(`${where(problem.path)}: ${problem.path.join('.')}: ${problem.message}`);
    }
    return problems.length > 0 ? { problems } : { rule, problems };
  }

  private common(): ValidateFunction {
    this.commonOnly ??= this.ajv.compile(commonRuleSchema);
    return this.commonOnly;
  }

  /** The kind's validator, or why its schema cannot be used (a plugin bug, reported on the rule). */
  private validatorFor(kind: CheckKind): ValidateFunction | string {
    let validator = this.validators.get(kind.name);
    if (!validator) {
      const { $schema: _s, $id: _i, ...params } = kind.paramsSchema;
      try {
        validator = this.ajv.compile({ allOf: [commonRuleSchema, params], unevaluatedProperties: false });
      } catch (err) {
        validator = `check kind ${kind.name} has an invalid paramsSchema (${(err as Error).message}); fix or remove the plugin that provides it.`;
      }
      this.validators.set(kind.name, validator);
    }
    return validator;
  }
}

function toDefinition(data: Record<string, unknown>, thresholdPct: number, raw: RawRule): RuleDefinition {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!COMMON_FIELDS.includes(key)) params[key] = value;
  const optional = (key: string) => (typeof data[key] === 'string' ? { [key]: data[key] as string } : {});
  return {
    name: data.name as string,
    ...optional('description'),
    category: data.category as string,
    table: data.table as string,
    ...optional('column'),
    check: data.check as string,
    ...optional('where'),
    severity: (data.severity as Severity | undefined) ?? 'warning',
    thresholdPct,
    tags: (data.tags as string[] | undefined) ?? [],
    ...optional('owner'),
    params,
    source: {
      file: raw.display,
      line: raw.line,
      fields: Object.fromEntries(Object.keys(data).map((key) => [key, raw.lineOf([key], true)])),
    },
  };
}
