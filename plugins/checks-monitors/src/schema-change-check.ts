import type {
  CheckKind,
  CheckProblem,
  ExceptionSample,
  MonitorCheck,
  MonitorContext,
  MonitorVerdict,
  RuleDefinition,
  Severity,
  TableSnapshot,
} from '@dq/plugin-api';

/** The kinds of change a schema check reports, each with its own severity. */
export const CHANGE_TYPES = [
  'table_missing',
  'column_added',
  'column_removed',
  'type_changed',
  'nullability_changed',
] as const;

export type ChangeType = (typeof CHANGE_TYPES)[number];

const DEFAULT_SEVERITIES: Record<ChangeType, Severity> = {
  table_missing: 'critical',
  column_removed: 'critical',
  type_changed: 'warning',
  nullability_changed: 'warning',
  column_added: 'info',
};

const RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

/** One change found. */
interface Change {
  type: ChangeType;
  column?: string;
  before?: string;
  after?: string;
  /** Where it was seen, when not in the table itself (a refused CSV file). */
  file?: string;
}

interface BaselineColumns {
  required?: string[];
  optional?: string[];
  forbidden?: string[];
  types?: Record<string, string>;
}

const SEVERITY = { enum: ['critical', 'warning', 'info'] };
const NAMES = { type: 'array', items: { type: 'string', minLength: 1 } };

/**
 * `schema_change`: a table's columns and types compared with the previous run's snapshot
 * (`mode: drift`, the default; the first run records the baseline and says so) or with columns
 * declared in the rule (`mode: baseline`: required, optional, forbidden, types). Each change type
 * has its own severity (`severities:`), and the result takes the most severe change's. A staging
 * table whose newest load refused a file because its header no longer matched is reported the
 * same way, naming the file.
 */
export class SchemaChangeCheck implements CheckKind {
  readonly name = 'schema_change';
  readonly description =
    "A table's columns and types compared with the previous snapshot or a declared baseline";
  readonly paramsSchema = {
    properties: {
      mode: { enum: ['drift', 'baseline'] },
      columns: {
        type: 'object',
        additionalProperties: false,
        properties: {
          required: NAMES,
          optional: NAMES,
          forbidden: NAMES,
          types: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
        },
      },
      severities: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(CHANGE_TYPES.map((t) => [t, SEVERITY])),
      },
    },
  };

  validate(rule: RuleDefinition): CheckProblem[] {
    const mode = rule.params.mode ?? 'drift';
    if (mode === 'baseline' && !rule.params.columns) {
      return [
        {
          path: ['columns'],
          message: 'mode baseline needs the columns: required, optional, forbidden, types.',
        },
      ];
    }
    if (mode === 'drift' && rule.params.columns) {
      return [
        {
          path: ['columns'],
          message: 'columns are for mode: baseline; drift compares with the previous snapshot.',
        },
      ];
    }
    return [];
  }

  compile(rule: RuleDefinition): MonitorCheck {
    const severities = {
      ...DEFAULT_SEVERITIES,
      ...(rule.params.severities as Partial<Record<ChangeType, Severity>>),
    };
    const baseline = rule.params.mode === 'baseline' ? (rule.params.columns as BaselineColumns) : undefined;
    return {
      mode: 'monitor',
      snapshot: true,
      judge: async (_tx, ctx) => judge(rule.table, ctx, severities, baseline),
    };
  }
}

function judge(
  table: string,
  ctx: MonitorContext,
  severities: Record<ChangeType, Severity>,
  baseline: BaselineColumns | undefined,
): MonitorVerdict {
  const { current, previous } = ctx.snapshot!;
  const changes: Change[] = [];
  if (!current.exists) changes.push({ type: 'table_missing' });
  else if (baseline) changes.push(...againstBaseline(current, baseline));
  else if (previous?.exists) changes.push(...drift(previous, current));
  const refused = ctx.refusedHeader;
  if (refused) {
    const file = refused.file.split(/[/\\]/).at(-1) ?? refused.file;
    for (const column of refused.missing)
      changes.push({
        type: 'column_removed',
        column,
        before: 'in the table',
        after: 'not in the header',
        file,
      });
    for (const column of refused.unexpected)
      changes.push({
        type: 'column_added',
        column,
        before: 'not in the table',
        after: 'in the header',
        file,
      });
  }
  const columns = current.columns.length;
  if (changes.length === 0) {
    const first = !baseline && !previous;
    return {
      status: 'PASSED',
      state: first ? 'baseline' : 'unchanged',
      scope: Math.max(1, columns),
      failed: 0,
      message: first
        ? `first snapshot of ${table}: ${columns} columns recorded as the baseline`
        : baseline
          ? `${table}: ${columns} columns, as declared`
          : `${table}: no change since the previous snapshot (${columns} columns)`,
    };
  }
  const worst = changes.reduce((a, b) => (RANK[severities[b.type]] > RANK[severities[a.type]] ? b : a));
  const samples: ExceptionSample[] = changes.map((c) => ({
    recordIdentifier: c.column ?? table,
    columnName: c.column ?? '',
    failedValue: c.after ?? '',
    expectedValue: c.before ?? '',
  }));
  return {
    status: 'FAILED',
    state: 'changed',
    severity: severities[worst.type],
    change: worst.type,
    scope: Math.max(1, columns, changes.length),
    failed: changes.length,
    samples,
    message: changes.map((c) => describe(table, c, severities[c.type])).join('; '),
  };
}

function describe(table: string, c: Change, severity: Severity): string {
  const where = c.file ? `${c.file}: ` : '';
  switch (c.type) {
    case 'table_missing':
      return `table_missing (${severity}): ${table} does not exist`;
    case 'type_changed':
    case 'nullability_changed':
      return `${c.type} (${severity}): ${c.column} ${c.before} -> ${c.after}`;
    default:
      if (c.file) {
        const lacks = c.type === 'column_removed' ? 'lacks' : 'adds';
        return `${c.type} (${severity}): ${where}the header ${lacks} ${c.column}; the load was refused and ${table} keeps the rows it had`;
      }
      return `${c.type} (${severity}): ${c.column}${c.after && c.type === 'column_added' ? ` ${c.after}` : ''}`;
  }
}

function drift(previous: TableSnapshot, current: TableSnapshot): Change[] {
  const before = new Map(previous.columns.map((c) => [c.name, c]));
  const after = new Map(current.columns.map((c) => [c.name, c]));
  const changes: Change[] = [];
  for (const c of previous.columns) {
    const now = after.get(c.name);
    if (!now) {
      changes.push({ type: 'column_removed', column: c.name, before: c.type, after: 'absent' });
      continue;
    }
    if (now.type !== c.type)
      changes.push({ type: 'type_changed', column: c.name, before: c.type, after: now.type });
    if (now.nullable !== c.nullable) {
      const word = (n: boolean) => (n ? 'NULL' : 'NOT NULL');
      changes.push({
        type: 'nullability_changed',
        column: c.name,
        before: word(c.nullable),
        after: word(now.nullable),
      });
    }
  }
  for (const c of current.columns) {
    if (!before.has(c.name))
      changes.push({ type: 'column_added', column: c.name, before: 'absent', after: c.type });
  }
  return changes;
}

function againstBaseline(current: TableSnapshot, b: BaselineColumns): Change[] {
  const have = new Map(current.columns.map((c) => [c.name, c]));
  const changes: Change[] = [];
  for (const name of b.required ?? []) {
    if (!have.has(name))
      changes.push({ type: 'column_removed', column: name, before: 'required', after: 'absent' });
  }
  for (const name of b.forbidden ?? []) {
    const c = have.get(name);
    if (c) changes.push({ type: 'column_added', column: name, before: 'forbidden', after: c.type });
  }
  const declared = new Set([...(b.required ?? []), ...(b.optional ?? []), ...Object.keys(b.types ?? {})]);
  if (b.required || b.optional) {
    for (const c of current.columns) {
      if (!declared.has(c.name) && !(b.forbidden ?? []).includes(c.name)) {
        changes.push({ type: 'column_added', column: c.name, before: 'not declared', after: c.type });
      }
    }
  }
  for (const [name, type] of Object.entries(b.types ?? {})) {
    const c = have.get(name);
    if (c && !sameType(c.type, type))
      changes.push({ type: 'type_changed', column: name, before: type, after: c.type });
  }
  return changes;
}

/** `numeric` matches `numeric(12,2)`; names compare case-insensitively. */
function sameType(actual: string, declared: string): boolean {
  const a = actual.toLowerCase();
  const d = declared.toLowerCase().trim();
  return a === d || (!d.includes('(') && a.startsWith(`${d}(`));
}
