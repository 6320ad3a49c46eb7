import { DqError, type RuleDefinition } from '@dq/plugin-api';

/** Which rules `dq check` runs: each filter keeps rules matching any of its values; filters combine with AND. */
export interface RuleFilters {
  rules?: readonly string[];
  categories?: readonly string[];
  tables?: readonly string[];
  tags?: readonly string[];
}

/** The rules the filters select. Unknown rule or category names are usage errors (exit 2). */
export function selectRules(
  rules: readonly RuleDefinition[],
  filters: RuleFilters,
  knownCategories: readonly string[],
): RuleDefinition[] {
  const unknownRules = (filters.rules ?? []).filter((n) => !rules.some((r) => r.name === n));
  if (unknownRules.length > 0) {
    throw new DqError('DQ_USAGE', `No rule named ${unknownRules.join(', ')}.`, {
      hint: 'Run `dq rules list` to see the rule names.',
    });
  }
  const unknownCategories = (filters.categories ?? []).filter((c) => !knownCategories.includes(c));
  if (unknownCategories.length > 0) {
    throw new DqError('DQ_USAGE', `Unknown category ${unknownCategories.join(', ')}.`, {
      hint: `Registered categories: ${knownCategories.join(', ')}.`,
    });
  }
  const keep = (values: readonly string[] | undefined, test: (v: string) => boolean) =>
    !values || values.length === 0 || values.some(test);
  const selected = rules.filter(
    (r) =>
      keep(filters.rules, (n) => r.name === n) &&
      keep(filters.categories, (c) => r.category === c) &&
      keep(filters.tables, (t) => r.table === t) &&
      keep(filters.tags, (t) => r.tags.includes(t)),
  );
  if (isFiltered(filters) && selected.length === 0) {
    throw new DqError('DQ_USAGE', 'No rule matches the filters.', {
      hint: 'Check --rule, --category, --table and --tag against `dq rules list`.',
    });
  }
  return selected;
}

/** True when any filter is given: the run is partial (kept out of trends and diffs). */
export function isFiltered(filters: RuleFilters): boolean {
  return [filters.rules, filters.categories, filters.tables, filters.tags].some((v) => v && v.length > 0);
}
