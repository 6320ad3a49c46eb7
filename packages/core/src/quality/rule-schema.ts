/**
 * The common JSON Schema of a rule (DESIGN section 7), published as schema/rule.schema.json (a
 * test keeps the two identical). It covers the fields every rule has; each check kind adds its
 * own through CheckKind.paramsSchema, and `dq rules validate` applies both together, refusing any
 * key neither declares.
 */
type Schema = Record<string, unknown>;

const IDENT = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';

/** A percentage: 5, 2.5 or "5%". */
export const THRESHOLD_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%?\\s*$';

/** The fields common to all rules, with their schemas. */
export const commonRuleProperties: Record<string, Schema> = {
  name: {
    type: 'string',
    pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,127}$',
    description: 'Unique, stable name: the key in dq_rules.',
  },
  description: { type: 'string' },
  category: {
    type: 'string',
    minLength: 1,
    description: 'A registered rule category: completeness, accuracy, ... or a plugin one.',
  },
  table: {
    type: 'string',
    pattern: `${IDENT.slice(0, -1)}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$`,
    description: 'The table the rule scans (optionally schema.table).',
  },
  column: { type: 'string', pattern: IDENT, description: 'The checked column.' },
  check: {
    type: 'string',
    minLength: 1,
    description: 'A registered check kind: not_null, unique, between, in_set, regex, foreign_key, ...',
  },
  where: {
    type: 'string',
    minLength: 1,
    description: 'SQL condition on the table: the scope, numerator and denominator alike.',
  },
  severity: { enum: ['critical', 'warning', 'info'], description: 'Default warning.' },
  threshold: {
    type: ['number', 'string'],
    minimum: 0,
    maximum: 100,
    pattern: THRESHOLD_PATTERN,
    description: 'Failing share allowed before FAILED, in percent: 5 or "5%". Default 0.',
  },
  tags: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  owner: { type: 'string' },
};

/** The names of the common fields: everything else in a rule is a check-kind parameter. */
export const COMMON_FIELDS: readonly string[] = Object.keys(commonRuleProperties);

/** One rule's common part (unknown keys are left to the check kind's schema). */
export const commonRuleSchema: Schema = {
  type: 'object',
  required: ['name', 'category', 'table', 'check'],
  properties: commonRuleProperties,
};

/** The published schema of a rule file: one rule, or a list of rules. */
export const RuleFileSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dq.dev/schema/rule.schema.json',
  title: 'dq rule file',
  description:
    'One data-quality rule or a list of them. Check kinds add their own parameters (validated by `dq rules validate`).',
  oneOf: [{ $ref: '#/$defs/rule' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' } }],
  $defs: { rule: commonRuleSchema },
};
